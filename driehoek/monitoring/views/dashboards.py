"""The dashboards: the start page, one agreement's progress, and the aggregates per gemeente,
corporatie, huurdersorganisatie, region and the national one."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from driehoek.core.listing import listing
from driehoek.core.permissions import may, require

from .. import dashboards, selectors, services
from ..forms import FilterForm, ScopeFilterForm
from .base import dashboard_page, default_year


@login_required
@require_safe
def index(request):
    return render(request, "monitoring/index.html", selectors.overview_for(request.user))


@login_required
@require_safe
def agreement_dashboard(request, agreement_id):
    agreement = selectors.agreement_for_user(user=request.user, agreement_id=agreement_id)
    return dashboard_page(
        request,
        "monitoring/agreement.html",
        figures=lambda filters: {"data": dashboards.agreement_dashboard(agreement, filters)},
        year=default_year(agreement),
        demo=agreement.is_demo,
        agreement=agreement,
        conf=services.settings_for(agreement),
        is_monitored=agreement.status in services.MONITORED_STATUSES,
        evaluations=selectors.evaluations_for(agreement),
    )


def _lists(request, found: dict) -> dict:
    """The table per gemeente and the agreements in scope as lists that sort by their column
    headers and page by 50 (``core.listing``; ``g`` and ``a`` keep their parameters apart)."""
    lists: dict[str, object] = {"gemeenten": None, "agreement_list": None}
    if found["breakdown"] is not None:
        gemeenten = listing(
            request,
            found["breakdown"],
            sorts=dashboards.BREAKDOWN_SORTS,
            default="name",
            prefix="g",
        )
        lists["gemeenten"] = gemeenten
        lists["status_headers"] = [
            (gemeenten.columns[str(c["code"])], c["label"]) for c in dashboards.status_columns()
        ]
    if found["agreements"] is not None:
        lists["agreement_list"] = listing(
            request,
            found["agreements"],
            sorts=dashboards.SCOPE_AGREEMENT_SORTS,
            default="gemeente",
            prefix="a",
        )
    return lists


def _scoped(request, scope: dashboards.Scope, *, title: str, organisation=None, region=None):
    user = request.user
    require(user, "monitoring.view_dashboard", organisation or region)

    def figures(filters):
        found = dashboards.scope_figures(scope, filters)
        return {**found, **_lists(request, found)}

    return dashboard_page(
        request,
        "monitoring/scope.html",
        figures=figures,
        form_class=FilterForm if scope.national else ScopeFilterForm,
        demo=bool(organisation and organisation.is_demo),
        title=title,
        organisation=organisation,
        region=region,
        regions=selectors.regions() if scope.national else [],
        show_reasonableness=bool(
            organisation
            and organisation.is_corporatie
            and may(user, "monitoring.view_reasonableness", organisation)
        ),
    )


def _party_dashboard(get, title, breakdown: str | None = None):
    """The dashboard view of one kind of party: ``get`` finds it by slug (404 otherwise),
    ``title`` (lazy, with %(name)s) heads the page, ``breakdown`` as in ``party_scope``."""

    @login_required
    @require_safe
    def view(request, slug):
        org = get(slug)
        return _scoped(
            request,
            dashboards.party_scope(org, breakdown=breakdown),
            title=title % {"name": org.name},
            organisation=org,
        )

    return view


dashboard_gemeente = _party_dashboard(selectors.gemeente_get, gettext_lazy("Progress in %(name)s"))
dashboard_corporatie = _party_dashboard(
    selectors.corporatie_get,
    gettext_lazy("Progress of %(name)s in all its municipalities"),
    dashboards.BY_GEMEENTE,
)
dashboard_huurders = _party_dashboard(
    selectors.tenant_body_get,
    gettext_lazy("Progress of the agreements of %(name)s"),
    dashboards.BY_GEMEENTE,
)


@login_required
@require_safe
def dashboard_region(request, slug):
    region = selectors.region_for(slug)
    return _scoped(
        request,
        dashboards.region_scope(region),
        title=_("Progress in %(name)s") % {"name": region.name},
        region=region,
    )


@login_required
@require_safe
def dashboard_national(request):
    return _scoped(request, dashboards.NATIONAL, title=_("Progress nationally"))
