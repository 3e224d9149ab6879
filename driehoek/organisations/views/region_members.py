"""A region's page; staff keep its member gemeenten there, a few at a time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.core.permissions import may, require

from .. import selectors, services
from ..forms import PickFilterForm, RegionAddForm
from .base import _render


@require_http_methods(["GET", "HEAD", "POST"])
def region(request, slug):
    """The members; for staff, a search and checkboxes to add gemeenten (POST here)."""
    reg = selectors.region_get(slug=slug)
    form = filter_form = None
    status = 200
    if may(request.user, "organisations.edit_region", reg):
        filter_form = PickFilterForm(request.GET)
        q = filter_form.cleaned_data["q"] if filter_form.is_valid() else ""
        ticked = [int(v) for v in request.GET.getlist("members") if v.isdigit()][:50]
        form = RegionAddForm(
            request.POST if request.method == "POST" else None,
            initial={"members": ticked},
            gemeenten=selectors.gemeenten_outside_region(reg, q=q, keep=ticked),
        )

        def save(data):
            added = services.region_members_add(
                actor=request.user, region=reg, gemeenten=list(data["members"])
            )
            messages.success(
                request,
                ngettext(
                    "%(n)s municipality has been added to the region.",
                    "%(n)s municipalities have been added to the region.",
                    added,
                )
                % {"n": added},
            )
            return reg

        outcome = handle_form(request, form, save, redirect_to=reg)
        if outcome.response:
            return outcome.response
        if request.method == "POST":
            status = 400
    elif request.method == "POST":
        raise Http404
    return _render(
        request,
        "organisations/region.html",
        {
            "region": reg,
            "members": selectors.region_members(reg),
            "form": form,
            "filter_form": filter_form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def region_member_remove(request, slug, gemeente_id):
    """GET asks to confirm; POST takes the one gemeente out of the region."""
    reg = selectors.region_get(slug=slug)
    require(request.user, "organisations.edit_region", reg)
    if request.method == "POST":
        try:
            services.region_member_remove(actor=request.user, region=reg, gemeente=gemeente_id)
        except ServiceError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("The municipality has been removed from the region."))
        return redirect(reg)
    member = selectors.region_member(reg, gemeente_id)
    return _render(
        request,
        "organisations/confirm_remove.html",
        {
            "back": reg.get_absolute_url(),
            "title": _("Remove %(name)s from the region?") % {"name": member.name},
            "text": _("%(name)s will no longer be a member of %(region)s. You can add it again.")
            % {"name": member.name, "region": reg.name},
        },
    )
