"""Versions and signing: freeze, compare, sign, reopen, the next slice and addenda."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Role

from .. import forms, selectors, services
from ..diff import compare
from ..models import (
    Theme,
)
from .base import GET_POST, _data, _form_page, _page


@login_required
@GET_POST
def version_freeze(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.FreezeForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_freeze(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("Version %(n)s has been frozen.") % {"n": version.number})
            return redirect(version)
    open_count = agreement.open_points.filter(resolved_at__isnull=True).count()
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
            "numbers": list(agreement.versions.values_list("number", flat=True)),
            "theme_labels": dict(Theme.choices),
        },
        demo=agreement.is_demo,
    )


@login_required
@require_safe
def version_compare(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    versions = {v.number: v for v in agreement.versions.all()}
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
def sign(request, agreement_id, number):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.SIGNATORY
    )
    version = selectors.version_get(agreement, number)
    form = forms.SignForm(_data(request), acting=agreement.acting)
    if request.method == "POST" and form.is_valid():
        try:
            services.version_sign(actor=request.user, version=version, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("Your decision has been recorded."))
            return redirect(agreement)
    status = 400 if request.method == "POST" else 200
    return _page(
        request,
        "agreements/sign.html",
        {
            "agreement": agreement,
            "version": version,
            "form": form,
            "signatures": selectors.signatures_for(version),
        },
        demo=agreement.is_demo,
        status=status,
    )


@login_required
@GET_POST
def reopen(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.ReasonForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_reopen(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The negotiation has been reopened."))
            return redirect(agreement)
    return _form_page(
        request,
        title=_("Reopen the negotiation"),
        form=form,
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
    if request.method == "POST" and form.is_valid():
        try:
            new = services.annual_slice_create(actor=request.user, agreement=agreement)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The annual slice has been made from this agreement."))
            return redirect(new)
    return _form_page(
        request,
        title=_("Start next year's annual slice"),
        form=form,
        submit=_("Make the annual slice"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "This copies the parties, clauses and commitments (with next year's targets) into a new draft for %(year)s."
        )
        % {"year": agreement.cycle.year + 2},
    )


@login_required
@GET_POST
def addendum_create(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.AddendumForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.addendum_create(
                actor=request.user, agreement=agreement, **form.cleaned_data
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The addendum has been made. All parties sign it again."))
            return redirect(new)
    return _form_page(
        request,
        title=_("Make an addendum"),
        form=form,
        submit=_("Make the addendum"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
        intro=_(
            "A signed agreement never changes. An addendum copies its content into a new draft that all parties sign again."
        ),
    )
