"""Drafting: the agreement, its parties, clauses and commitments."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.errors import ServiceError
from driehoek.core.versioning import StaleEdit
from driehoek.organisations.models import TENANT_KINDS, Organisation, OrganisationKind, Role
from driehoek.organisations.selectors import user_memberships

from .. import forms, selectors, services
from ..models import (
    Agreement,
    AgreementStatus,
    BodLine,
    Decision,
    ProposalStatus,
    WoonvisieGoal,
)
from .base import GET_POST, _data, _events, _form_page, _page


def _party_candidates(cycle) -> list[Organisation]:
    """The cycle's own parties and, for regional agreements, the other gemeenten of the same
    region(s)."""
    neighbours = list(
        Organisation.objects.filter(
            kind=OrganisationKind.GEMEENTE, is_current=True, regions__members=cycle.gemeente
        )
        .exclude(pk=cycle.gemeente_id)
        .distinct()
        .order_by("name")[:60]
    )
    return [cycle.gemeente, *cycle.participants.all(), *neighbours]


@login_required
@GET_POST
def agreement_create(request, cycle_id):
    cycle = selectors.cycle_get_for_user(user=request.user, cycle_id=cycle_id, need=Role.EDITOR)
    in_cycle = [cycle.gemeente, *cycle.participants.all()]
    parties = _party_candidates(cycle)
    parents = Agreement.objects.filter(cycle__gemeente=cycle.gemeente).order_by("-period_start")
    bods = cycle.bods.filter(status="sent")
    form = forms.AgreementForm(
        _data(request),
        parties=parties,
        parents=parents,
        bods=bods,
        initial={
            "parties": in_cycle,
            "period_start": cycle.year + 1,
            "period_end": cycle.year + 1,
            "kind": "jaarschijf",
            "title": f"Prestatieafspraken {cycle.gemeente} {cycle.year + 1}",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            if not {o.pk for o in form.cleaned_data["parties"]} & {o.pk for o in cycle.acting}:
                raise ServiceError(
                    _("Your own organisation must be one of the parties."), field="parties"
                )
            agreement = services.agreement_create(
                actor=request.user, cycle=cycle, **form.cleaned_data
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request,
                _("The agreement has been created with the standard clauses. Add the commitments."),
            )
            return redirect(agreement)
    return _form_page(
        request,
        title=_("Draft an agreement"),
        form=form,
        submit=_("Create the agreement"),
        back=cycle.get_absolute_url(),
        demo=cycle.gemeente.is_demo,
    )


def _parties_changeable(agreement) -> bool:
    return agreement.is_editable and not agreement.versions.filter(is_final=True).exists()


@login_required
@GET_POST
def parties(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    rows = list(agreement.parties.select_related("organisation"))
    current = {p.organisation_id for p in rows}
    candidates = [
        o for o in _party_candidates(agreement.cycle) if o.pk not in current and o.is_current
    ]
    form = forms.PartyAddForm(_data(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_party_add(
                actor=request.user,
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request,
                _("%(org)s is now a party to the agreement.")
                % {"org": form.cleaned_data["organisation"]},
            )
            return redirect("agreements:parties", agreement_id=agreement.uuid)
    involved = {}
    for c in agreement.commitments.select_related("responsible").prefetch_related("counterparties"):
        for org_id in {c.responsible_id, *[o.pk for o in c.counterparties.all()]}:
            involved.setdefault(org_id, []).append(c.reference)
    return _page(
        request,
        "agreements/parties.html",
        {
            "agreement": agreement,
            "rows": [(p, sorted(involved.get(p.organisation_id, []))) for p in rows],
            "form": form,
            "changeable": _parties_changeable(agreement),
            "candidates": candidates,
        },
        demo=agreement.is_demo,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@GET_POST
def party_remove(request, agreement_id, pk):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    party = selectors.agreement_party_get(agreement, pk)
    form = forms.ConfirmForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_party_remove(actor=request.user, agreement=agreement, party=party)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request,
                _("%(org)s is no longer a party to the agreement.") % {"org": party.organisation},
            )
            return redirect("agreements:parties", agreement_id=agreement.uuid)
    warnings = []
    if not _parties_changeable(agreement):
        warnings.append(
            _(
                "The parties can only change while the agreement is a draft or in negotiation, before a version was frozen as final for signing."
            )
        )
    return _form_page(
        request,
        title=_("Remove %(org)s as a party") % {"org": party.organisation},
        form=form,
        submit=_("Remove the party"),
        back=reverse("agreements:parties", kwargs={"agreement_id": agreement.uuid}),
        warnings=warnings,
        danger=True,
        demo=agreement.is_demo,
        intro=_(
            "The organisation's comments and positions stay on record. Commitments of this party must be reassigned first."
        ),
    )


def _positions_summary(objects, parties):
    for obj in objects:
        by_org = {p.organisation_id: p for p in obj.positions.all()}
        obj.position_rows = [(org, by_org.get(org.pk)) for org in parties]
        obj.comment_count = len(obj.comments.all())


@login_required
@require_safe
def agreement_detail(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    parties = [p.organisation for p in agreement.parties.all()]
    commitments = selectors.agreement_commitments(agreement)
    clauses = selectors.agreement_clauses(agreement)
    _positions_summary(commitments, parties)
    _positions_summary(clauses, parties)
    by_theme = OrderedDict()
    for c in commitments:
        c.target_map = {t.year: t.value for t in c.targets.all()}
        c.target_list = [c.target_map.get(y) for y in agreement.years]
        by_theme.setdefault(c.get_theme_display(), []).append(c)
    versions = list(agreement.versions.order_by("-number"))
    final = next((v for v in versions if v.is_final), None)
    signatures = {s.organisation_id: s for s in selectors.signatures_for(final)}
    sign_rows = [(p, signatures.get(p.organisation_id)) for p in agreement.parties.all()]
    memberships = user_memberships(request.user)
    mine = [p for p in parties if p.pk in memberships]
    can_edit = any(memberships[o.pk].has_role(Role.EDITOR) for o in mine)
    can_sign = (
        final is not None
        and versions[0].pk == final.pk
        and agreement.status in (AgreementStatus.SIGNING, AgreementStatus.CONCLUDED)
        and any(memberships[o.pk].has_role(Role.SIGNATORY) and o.pk not in signatures for o in mine)
    )
    open_points = list(
        agreement.open_points.filter(resolved_at__isnull=True).select_related("owner")
    )
    proposals = list(
        agreement.proposals.filter(status=ProposalStatus.OPEN).select_related(
            "organisation", "commitment", "clause"
        )
    )
    disputes = list(agreement.disputes.select_related("organisation"))
    children = list(agreement.children.order_by("period_start", "title"))
    woonvisie_warning = services.woonvisie_warning(
        selectors.woonvisie_current(agreement.cycle.gemeente_id)
    )
    tenant_declined = [
        s
        for s in signatures.values()
        if s.decision == Decision.DECLINED and s.organisation.kind in TENANT_KINDS
    ]
    return _page(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": parties,
            "by_theme": by_theme,
            "clauses": clauses,
            "commitment_count": len(commitments),
            "warnings": services.drafting_warnings(agreement, commitments, parties)
            if agreement.is_editable
            else [],
            "versions": versions,
            "final": final,
            "sign_rows": sign_rows,
            "can_edit": can_edit and agreement.is_editable,
            "can_act": can_edit,
            "can_sign": can_sign,
            "open_points": open_points,
            "proposals": proposals,
            "disputes": disputes,
            "children": children,
            "tenant_declined": tenant_declined,
            "warning": woonvisie_warning,
            "is_corporatie_member": any(
                o.is_corporatie and memberships[o.pk].has_role(Role.EDITOR) for o in mine
            ),
            "events": _events(agreement),
        },
        demo=agreement.cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def clause_edit(request, agreement_id, pk=None):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    clause = selectors.clause_get(agreement, pk) if pk else None
    form = forms.ClauseForm(
        _data(request),
        initial={"title": clause.title, "text": clause.text} if clause else None,
        version=clause.version if clause else None,
    )
    status = None
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            services.clause_save(
                actor=request.user,
                agreement=agreement,
                clause=clause,
                expected_version=form.loaded_version if clause else None,
                **data,
            )
        except StaleEdit as err:
            form.refuse_stale(err)
            status = 409
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The clause has been saved."))
            return redirect(agreement)
    warnings = (
        []
        if agreement.is_editable
        else [
            _(
                "This agreement is frozen or signed: it cannot be changed. Changes go through an addendum."
            )
        ]
    )
    return _form_page(
        request,
        status=status,
        title=_("Edit clause") if clause else _("Add a clause"),
        form=form,
        submit=_("Save"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
    )


def _commitment_form(request, agreement, commitment=None):
    parties = [p.organisation for p in agreement.parties.all()]
    goals = WoonvisieGoal.objects.filter(
        woonvisie__gemeente__in=[p for p in parties if p.is_gemeente]
    ).select_related("woonvisie")
    lines = BodLine.objects.filter(bod__cycle=agreement.cycle, bod__status="sent")
    initial = None
    if commitment is not None:
        initial = {k: getattr(commitment, k) for k in services.COMMITMENT_FIELDS}
        initial["counterparties"] = list(commitment.counterparties.all())
        for t in commitment.targets.all():
            initial[f"target_{t.year}"] = format(t.value.normalize(), "f")
    return forms.CommitmentForm(
        _data(request),
        initial=initial,
        version=commitment.version if commitment is not None else None,
        agreement=agreement,
        parties=parties,
        goals=goals,
        bod_lines=lines,
    )


@login_required
@GET_POST
def commitment_edit(request, agreement_id, pk=None):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    commitment = selectors.commitment_get(agreement, pk) if pk else None
    form = _commitment_form(request, agreement, commitment)
    status = None
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.COMMITMENT_FIELDS}
        try:
            services.commitment_save(
                actor=request.user,
                agreement=agreement,
                commitment=commitment,
                targets=form.targets(),
                counterparties=form.cleaned_data["counterparties"],
                expected_version=form.loaded_version if commitment else None,
                **data,
            )
        except StaleEdit as err:
            form.refuse_stale(err)
            status = 409
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The commitment has been saved."))
            return redirect(agreement.get_absolute_url() + "#commitments")
    warnings = (
        []
        if agreement.is_editable
        else [
            _(
                "This agreement is frozen or signed: it cannot be changed. Changes go through an addendum."
            )
        ]
    )
    return _form_page(
        request,
        status=status,
        title=(_("Edit commitment %(ref)s") % {"ref": commitment.reference})
        if commitment
        else _("Add a commitment"),
        form=form,
        submit=_("Save the commitment"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
        intro=_(
            "A result commitment is SMART when it has an indicator, a unit and a target for at least one year."
        ),
    )
