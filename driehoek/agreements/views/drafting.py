"""Drafting: the agreement, its parties, clauses and commitments."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.core.permissions import may
from driehoek.organisations.models import Organisation, Role

from .. import forms, selectors, services
from ..next_step import next_step
from .base import GET_POST, _data, _events, _form_page, _form_view, _page


def _not_editable_warnings(agreement) -> list[str]:
    if agreement.is_editable:
        return []
    return [
        _(
            "This agreement is frozen or signed: it cannot be changed. Changes go through an addendum."
        )
    ]


def _party_candidates(cycle) -> list[Organisation]:
    return selectors.party_candidates(cycle)


@login_required
@GET_POST
def agreement_create(request, cycle_id):
    cycle = selectors.cycle_get_for_user(user=request.user, cycle_id=cycle_id, need=Role.EDITOR)
    in_cycle = [cycle.gemeente, *cycle.participants.all()]
    form = forms.AgreementForm(
        _data(request),
        parties=selectors.party_candidates(cycle),
        parents=selectors.parent_choices(cycle),
        bods=selectors.sent_bods(cycle),
        initial={
            "parties": in_cycle,
            "period_start": cycle.year + 1,
            "period_end": cycle.year + 1,
            "kind": "jaarschijf",
            "title": f"Prestatieafspraken {cycle.gemeente} {cycle.year + 1}",
        },
    )

    def save(data):
        if not {o.pk for o in data["parties"]} & {o.pk for o in cycle.acting}:
            raise ServiceError(
                _("Your own organisation must be one of the parties."), field="parties"
            )
        return services.agreement_create(actor=request.user, cycle=cycle, **data)

    return _form_view(
        request,
        form,
        save,
        success=_("The agreement has been created with the standard clauses. Add the commitments."),
        title=_("Draft an agreement"),
        submit=_("Create the agreement"),
        back=cycle.get_absolute_url(),
        demo=cycle.gemeente.is_demo,
    )


def _parties_changeable(request, agreement) -> bool:
    return may(request.user, "agreements.change_parties", agreement)


@login_required
@GET_POST
def parties(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    current = {p.organisation_id for p in agreement.parties.all()}
    candidates = [
        o
        for o in selectors.party_candidates(agreement.cycle)
        if o.pk not in current and o.is_current
    ]
    form = forms.PartyAddForm(_data(request), candidates=candidates)
    return _form_view(
        request,
        form,
        lambda data: services.agreement_party_add(
            actor=request.user, agreement=agreement, organisation=data["organisation"]
        ),
        success=(
            _("%(org)s is now a party to the agreement.")
            % {"org": form.cleaned_data["organisation"]}
            if form.is_bound and form.is_valid()
            else None
        ),
        redirect_to=reverse("agreements:parties", kwargs={"agreement_id": agreement.uuid}),
        template="agreements/parties.html",
        context={
            "agreement": agreement,
            "rows": selectors.party_rows(agreement),
            "changeable": _parties_changeable(request, agreement),
            "candidates": candidates,
        },
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def party_remove(request, agreement_id, pk):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    party = selectors.agreement_party_get(agreement, pk)
    form = forms.ConfirmForm(_data(request))
    outcome = handle_form(
        request,
        form,
        lambda data: services.agreement_party_remove(
            actor=request.user, agreement=agreement, party=party
        ),
        success=_("%(org)s is no longer a party to the agreement.") % {"org": party.organisation},
        redirect_to=reverse("agreements:parties", kwargs={"agreement_id": agreement.uuid}),
    )
    if outcome.response:
        return outcome.response
    warnings = []
    if not _parties_changeable(request, agreement):
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
        for p in by_org.values():
            # Given on an earlier text of this commitment or clause.
            p.outdated = p.text_version is not None and p.text_version != obj.version
        obj.position_rows = [(org, by_org.get(org.pk)) for org in parties]
        obj.has_positions = any(pos is not None for _org, pos in obj.position_rows)
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
    signing = selectors.signing_state(agreement)
    woonvisie_warning = services.woonvisie_warning(
        selectors.woonvisie_current(agreement.cycle.gemeente_id)
    )
    tenant_declined = signing["refusals"]
    proposals = selectors.open_proposals(agreement)
    step = next_step(
        request.user, agreement, signing=signing, proposals=proposals, commitments=commitments
    )
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
            "versions": signing["versions"],
            "final": signing["final"],
            "sign_rows": signing["sign_rows"],
            "party_rows": signing["party_rows"],
            "not_ready": signing["not_ready"],
            "open_points": selectors.unresolved_open_points(agreement),
            "proposals": proposals,
            "next_step": step,
            "disputes": selectors.agreement_disputes(agreement),
            "children": selectors.agreement_children(agreement),
            "tenant_declined": tenant_declined,
            "warning": woonvisie_warning,
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

    def save(data):
        return services.clause_save(
            actor=request.user,
            agreement=agreement,
            clause=clause,
            expected_version=form.loaded_version if clause else None,
            **{k: v for k, v in data.items() if k != "version"},
        )

    return _form_view(
        request,
        form,
        save,
        success=_("The clause has been saved."),
        redirect_to=agreement,
        title=_("Edit clause") if clause else _("Add a clause"),
        submit=_("Save"),
        back=agreement.get_absolute_url(),
        warnings=_not_editable_warnings(agreement),
        demo=agreement.is_demo,
    )


def _commitment_form(request, agreement, commitment=None):
    parties = [p.organisation for p in agreement.parties.all()]
    goals, lines = selectors.commitment_links(agreement, parties)
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

    def save(data):
        return services.commitment_save(
            actor=request.user,
            agreement=agreement,
            commitment=commitment,
            targets=form.targets(),
            counterparties=data["counterparties"],
            expected_version=form.loaded_version if commitment else None,
            **{k: data[k] for k in services.COMMITMENT_FIELDS},
        )

    return _form_view(
        request,
        form,
        save,
        success=_("The commitment has been saved."),
        redirect_to=agreement.get_absolute_url() + "#commitments",
        title=(_("Edit commitment %(ref)s") % {"ref": commitment.reference})
        if commitment
        else _("Add a commitment"),
        submit=_("Save the commitment"),
        back=agreement.get_absolute_url(),
        warnings=_not_editable_warnings(agreement),
        demo=agreement.is_demo,
        intro=_(
            "A result commitment is SMART when it has an indicator, a unit and a target for at least one year."
        ),
    )
