"""The work area page: the gemeenten where a corporatie or tenant body works, kept one
gemeente at a time (no list that drops every gemeente with one click)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.core.permissions import require

from .. import selectors, services
from ..forms import PickFilterForm, WorkAreaAddForm, WorkAreaHomesForm
from .base import _render


def _organisation(request, slug):
    org = selectors.organisation_get_for_member(user=request.user, slug=slug)
    require(request.user, "organisations.edit_work_area", org)
    return org


def _page(org) -> str:
    return reverse("organisations:work_area", kwargs={"slug": org.slug})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_area(request, slug):
    """The list, with the form to add one gemeente (POST here)."""
    org = _organisation(request, slug)
    filter_form = PickFilterForm(request.GET)
    q = filter_form.cleaned_data["q"] if filter_form.is_valid() else ""
    form = WorkAreaAddForm(
        request.POST if request.method == "POST" else None,
        gemeenten=selectors.gemeenten_to_add(org, q=q),
    )

    def save(d):
        area = services.work_area_add(
            actor=request.user, organisation=org, gemeente=d["gemeente"], homes=d["homes"]
        )
        messages.success(
            request, _("%(name)s has been added to the work area.") % {"name": area.gemeente.name}
        )
        return area

    outcome = handle_form(request, form, save, redirect_to=_page(org))
    if outcome.response:
        return outcome.response
    return _render(
        request,
        "organisations/work_area.html",
        {
            "organisation": org,
            "rows": selectors.work_area_rows(org),
            "form": form,
            "filter_form": filter_form,
            "show_demo_banner": org.is_demo,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def work_area_update(request, slug, gemeente_id):
    org = _organisation(request, slug)
    form = WorkAreaHomesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Fill in a whole number of homes, or leave it empty."))
        return redirect(_page(org))
    try:
        area = services.work_area_update(
            actor=request.user,
            organisation=org,
            gemeente=gemeente_id,
            homes=form.cleaned_data["homes"],
        )
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request, _("The number of homes in %(name)s has been saved.") % {"name": area.gemeente}
        )
    return redirect(_page(org))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_area_remove(request, slug, gemeente_id):
    """GET asks to confirm; POST removes the one gemeente."""
    org = _organisation(request, slug)
    if request.method == "POST":
        try:
            services.work_area_remove(actor=request.user, organisation=org, gemeente=gemeente_id)
        except ServiceError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("The municipality has been removed from the work area."))
        return redirect(_page(org))
    row = selectors.work_area_row(org, gemeente_id)
    return _render(
        request,
        "organisations/confirm_remove.html",
        {
            "organisation": org,
            "back": _page(org),
            "title": _("Remove %(name)s from the work area?") % {"name": row.gemeente.name},
            "text": _(
                "%(organisation)s will no longer be shown as active in %(name)s. You can add "
                "it again later."
            )
            % {"organisation": org.name, "name": row.gemeente.name},
        },
    )
