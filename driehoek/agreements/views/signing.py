"""Versions and signing: freeze, compare, sign, reopen, the next slice and addenda."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.formflow import handle_form
from driehoek.core.permissions import may
from driehoek.organisations.models import TENANT_KINDS, Role

from .. import forms, rules, selectors, services
from ..diff import compare
from ..forms import signing as signing_forms
from ..models import (
    Theme,
)
from ..services import readiness
from .base import GET_POST, _data, _form_page, _form_view, _page


@login_required
@GET_POST
def version_freeze(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.FreezeForm(_data(request))

    def save(data):
        version = services.version_freeze(actor=request.user, agreement=agreement, **data)
        messages.success(request, _("Version %(n)s has been frozen.") % {"n": version.number})
        return version

    outcome = handle_form(request, form, save)
    if outcome.response:
        return outcome.response
    open_count = len(selectors.unresolved_open_points(agreement))
    warnings = []
    if not agreement.is_editable:
        warnings.append(
            _(
                "This agreement is frozen or signed: it cannot be changed. Changes go through an addendum."
            )
        )
    if open_count:
        warnings.append(_("There are still %(n)s open points.") % {"n": open_count})
    warnings += services.drafting_warnings(agreement)
    not_ready = selectors.signing_state(agreement)["not_ready"]
    if not_ready:
        warnings.append(
            _(
                "A final version for signing needs every signing party to be ready to sign. "
                "Not ready yet: %(orgs)s. A negotiation round can be frozen now."
            )
            % {"orgs": ", ".join(str(p.organisation) for p in not_ready)}
        )
    return _form_page(
        request,
        title=_("Freeze a version"),
        form=form,
        submit=_("Freeze this version"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
        intro=_(
            "Freezing saves the current text as a version that never changes. Use it at the end of each negotiation round; the final version is the one the parties sign."
        ),
    )


@login_required
@require_safe
def version_detail(request, agreement_id, number):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    version = selectors.version_get(agreement, number)
    signatures = selectors.signatures_for(version)
    return _page(
        request,
        "agreements/version_detail.html",
        {
            "agreement": agreement,
            "version": version,
            "snap": version.snapshot,
            "signatures": signatures,
            "numbers": selectors.version_numbers(agreement),
            "theme_labels": dict(Theme.choices),
        },
        demo=agreement.is_demo,
    )


@login_required
@require_safe
def version_compare(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    versions = selectors.versions_by_number(agreement)
    numbers = sorted(versions)
    try:
        a = int(request.GET.get("a") or (numbers[-2] if len(numbers) > 1 else 0))
        b = int(request.GET.get("b") or (numbers[-1] if numbers else 0))
    except ValueError:
        a = b = 0
    rows = None
    error = ""
    show_all = request.GET.get("all") == "1"
    changed_count = 0
    if a in versions and b in versions:
        rows = compare(versions[a].snapshot, versions[b].snapshot)
        changed_count = sum(1 for r in rows if r["change"])
        if not show_all:
            rows = [r for r in rows if r["change"]]
    elif numbers:
        error = _("Choose two existing versions.")
    return _page(
        request,
        "agreements/version_compare.html",
        {
            "agreement": agreement,
            "numbers": numbers,
            "a": a,
            "b": b,
            "rows": rows,
            "error": error,
            "show_all": show_all,
            "changed_count": changed_count,
        },
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def reopen(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.ReasonForm(_data(request))
    return _form_view(
        request,
        form,
        lambda data: services.agreement_reopen(actor=request.user, agreement=agreement, **data),
        success=_("The negotiation has been reopened."),
        redirect_to=agreement,
        title=_("Reopen the negotiation"),
        submit=_("Reopen"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "When a party declines the final version, the parties can negotiate again. Signatures on the old version stay on record; the new final version is signed again."
        ),
    )


@login_required
@GET_POST
def next_slice(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.ConfirmForm(_data(request))
    return _form_view(
        request,
        form,
        lambda data: services.annual_slice_create(actor=request.user, agreement=agreement),
        success=_("The annual slice has been made from this agreement."),
        title=_("Start next year's annual slice"),
        submit=_("Make the annual slice"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "This copies the parties, clauses and commitments (with next year's targets) into a new draft for %(year)s."
        )
        % {"year": selectors.next_slice_year(agreement)},
    )


@login_required
@GET_POST
def addendum_create(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.AddendumForm(_data(request))
    return _form_view(
        request,
        form,
        lambda data: services.addendum_create(actor=request.user, agreement=agreement, **data),
        success=_("The addendum has been made. All parties sign it again."),
        title=_("Make an addendum"),
        submit=_("Make the addendum"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "A signed agreement never changes. An addendum copies its content into a new draft that all parties sign again."
        ),
    )


# How each party takes part: signing role and "ready to sign" --------------------------------


@login_required
@GET_POST
def signing_role(request, agreement_id):
    """A tenant organisation's editor chooses: sign as a full party, or only take note."""
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR, kinds=TENANT_KINDS
    )
    tenant_parties = {p.organisation_id: p for p in agreement.parties.all()}
    acting = [o for o in agreement.acting if o.pk in tenant_parties]
    current = tenant_parties[acting[0].pk].signs if acting else True
    form = signing_forms.SigningRoleForm(
        _data(request), acting=acting, initial={"signs": "1" if current else "0"}
    )
    outcome = handle_form(
        request,
        form,
        lambda data: readiness.signing_role_set(
            actor=request.user,
            agreement=agreement,
            organisation=data["organisation"],
            signs=data["signs"],
        ),
        success=_("Your choice has been saved."),
        redirect_to=agreement,
    )
    if outcome.response:
        return outcome.response
    warnings = (
        []
        if may(request.user, "agreements.choose_signing_role", agreement)
        else [_("The choice can only change until the final version is frozen.")]
    )
    return _form_page(
        request,
        title=_("Sign as a full party or take note"),
        form=form,
        submit=_("Save the choice"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
        intro=_(
            "As a full party the agreement is concluded only after your decision: you sign, or "
            "you decline and give your reason. If you only take note, the others do not wait "
            "for you; you may still sign or decline."
        ),
    )


def _readiness_page(request, agreement_id, *, withdraw: bool):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    ids = set(rules.ready_orgs(request.user, agreement, ready=withdraw))
    acting = [o for o in agreement.acting if o.pk in ids]
    form = signing_forms.ReadyForm(_data(request), acting=acting)
    service = readiness.ready_withdraw if withdraw else readiness.ready_set
    outcome = handle_form(
        request,
        form,
        lambda data: service(
            actor=request.user, agreement=agreement, organisation=data["organisation"]
        ),
        success=_("Your readiness to sign has been withdrawn.")
        if withdraw
        else _("Recorded: your organisation is ready to sign."),
        redirect_to=agreement,
    )
    if outcome.response:
        return outcome.response
    rule = "agreements.withdraw_ready" if withdraw else "agreements.mark_ready"
    warnings = (
        []
        if may(request.user, rule, agreement)
        else [_("There is nothing to change here for your organisation now.")]
    )
    return _form_page(
        request,
        title=_("Withdraw ready to sign") if withdraw else _("Ready to sign"),
        form=form,
        submit=_("Withdraw") if withdraw else _("We are ready to sign"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
        intro=_(
            "The final version can be frozen when every signing party is ready to sign. You "
            "can withdraw your readiness until every party has given it."
        ),
    )


@login_required
@GET_POST
def ready(request, agreement_id):
    return _readiness_page(request, agreement_id, withdraw=False)


@login_required
@GET_POST
def ready_withdraw(request, agreement_id):
    return _readiness_page(request, agreement_id, withdraw=True)
