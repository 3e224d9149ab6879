"""The work area page: the gemeenten where a corporatie or tenant body works, paged and sorted;
several are added at once from check boxes, but each is removed on its own after a
confirmation (no list or button drops every gemeente with one click)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.core.listing import listing
from driehoek.core.permissions import require

from .. import selectors, services
from ..forms import PickFilterForm, WorkAreaAddForm, WorkAreaHomesForm, WorkAreaPickForm
from .base import _render


def _organisation(request, slug):
    org = selectors.organisation_get_for_member(user=request.user, slug=slug)
    require(request.user, "organisations.edit_work_area", org)
    return org


def _page(org, request=None) -> str:
    """The work area page; after a change on it, on the same sort and page of the list."""
    url = reverse("organisations:work_area", kwargs={"slug": org.slug})
    kept = {k: request.GET[k] for k in ("sort", "page") if request and request.GET.get(k)}
    return f"{url}?{urlencode(kept)}" if kept else url


def _ids(values) -> list[int]:
    return [int(v) for v in values if v.isdigit()][: selectors.PICK_LIMIT]


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
    rows = listing(
        request, selectors.work_area_rows(org), sorts=selectors.WORK_AREA_SORTS, default="name"
    )
    return _render(
        request,
        "organisations/work_area.html",
        {
            "organisation": org,
            "listing": rows,
            "rows": rows.rows,
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
        return redirect(_page(org, request))
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
    return redirect(_page(org, request))


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
        return redirect(_page(org, request))
    row = selectors.work_area_row(org, gemeente_id)
    return _render(
        request,
        "organisations/confirm_remove.html",
        {
            "organisation": org,
            "back": _page(org, request),
            "title": _("Remove %(name)s from the work area?") % {"name": row.gemeente.name},
            "text": _(
                "%(organisation)s will no longer be shown as active in %(name)s. You can add "
                "it again later."
            )
            % {"organisation": org.name, "name": row.gemeente.name},
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def work_area_add(request, slug):
    """Check boxes for every gemeente not in the work area yet, by province; a name filter
    (GET ``q``, and as you type with static/js/work-area-pick.js); POST adds the ticked ones."""
    org = _organisation(request, slug)
    filter_form = PickFilterForm(request.GET)
    q = filter_form.cleaned_data["q"] if filter_form.is_valid() else ""
    ticked = _ids(request.GET.getlist("gemeenten"))  # kept through a search (the script)
    posted = _ids(request.POST.getlist("gemeenten")) if request.method == "POST" else []
    form = WorkAreaPickForm(
        request.POST if request.method == "POST" else None,
        initial={"gemeenten": ticked},
        gemeenten=selectors.gemeenten_to_pick(org, q=q, keep=ticked + posted),
    )

    def save(d):
        added = services.work_area_add_many(
            actor=request.user, organisation=org, gemeenten=list(d["gemeenten"])
        )
        messages.success(
            request,
            ngettext(
                "%(n)s municipality has been added to the work area.",
                "%(n)s municipalities have been added to the work area.",
                len(added),
            )
            % {"n": len(added)},
        )
        return added

    outcome = handle_form(request, form, save, redirect_to=_page(org))
    if outcome.response:
        return outcome.response
    return _render(
        request,
        "organisations/work_area_add.html",
        {
            "organisation": org,
            "form": form,
            "filter_form": filter_form,
            "q": q,
            "show_demo_banner": org.is_demo,
        },
        status=400 if request.method == "POST" else 200,
    )
