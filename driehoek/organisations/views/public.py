"""The public pages: directory, an organisation, the regions; and the user's own organisations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_safe

from driehoek.core.listing import listing
from driehoek.core.permissions import may

from .. import selectors
from ..forms import DirectoryFilterForm
from .base import _render


@require_safe
def directory(request):
    """Every organisation: filters by name, kind, province and region (GET), sorts by the
    column headers and pages by 50 (``core.listing``)."""
    bound = any(request.GET.get(k) for k in DirectoryFilterForm.base_fields)
    form = DirectoryFilterForm(request.GET if bound else None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.organisation_list(
        kind=filters.get("kind", ""),
        province=filters.get("province", ""),
        region=filters.get("region"),
        q=filters.get("q", ""),
        include_historic=filters.get("historic", False),
    )
    orgs = listing(request, qs, sorts=selectors.DIRECTORY_SORTS, default="name")
    return _render(
        request,
        "organisations/directory.html",
        {"form": form, "listing": orgs, "page_obj": orgs.page_obj, "organisations": orgs.rows},
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@require_safe
def detail(request, slug):
    org = selectors.organisation_get_public(user=request.user, slug=slug)
    succession = selectors.succession_for(org)
    main = succession.main_successor
    context: dict[str, object] = {
        "succession": succession,
        "succession_split": succession.successors if succession.is_split else None,
        # Where a chain ends today, when the direct successor ended too.
        "now": selectors.successor_of(org) if main is not None and not main.is_current else None,
        "organisation": org,
        "active_here": selectors.active_in(org),
        "represents": selectors.represented_by(org),
        "tenant_bodies": selectors.tenant_bodies_of(org),
        "regions": selectors.regions_of(org),
        "show_demo_banner": org.is_demo,
    }
    if not org.is_gemeente:  # the work area: paged by 50, sorted by the column headers
        area = listing(
            request, selectors.work_area_rows(org), sorts=selectors.WORK_AREA_SORTS, default="name"
        )
        context.update(work_area_listing=area, work_area=area.rows)
    if may(request.user, "organisations.view_members", org):
        context["members"] = selectors.members_of(org)
    if may(request.user, "organisations.view_history", org):
        context["events"] = selectors.organisation_history(org)
    return _render(request, "organisations/detail.html", context)


@login_required
@require_safe
def mine(request):
    memberships = selectors.memberships_of_user(request.user)
    return _render(request, "organisations/mine.html", {"memberships": memberships})


@require_safe
def regions(request):
    return _render(request, "organisations/regions.html", {"regions": selectors.region_list()})
