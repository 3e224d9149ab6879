"""What every monitoring page shares: the methods, the default year, the filter form and the
one dashboard skeleton."""

from __future__ import annotations

from collections.abc import Callable

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from driehoek.agreements.models import Agreement

from .. import dashboards
from ..forms import FilterForm

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def default_year(agreement: Agreement | None = None) -> int:
    """This year, within the agreement's years when there is one."""
    year = timezone.localdate().year
    if agreement is not None:
        year = min(max(year, agreement.period_start), agreement.period_end)
    return year


def form_status(request, outcome) -> int:
    """The status of a form page shown again: the outcome's (409 for a stale edit), else 400
    after a POST and 200 on GET."""
    if outcome.status is not None:
        return outcome.status
    return 400 if request.method == "POST" else 200


def form_page(request, outcome, template: str, context: dict):
    """The handled form's own response (the redirect after saving), else ``template`` with
    ``context`` again, answered with ``form_status``."""
    if outcome.response:
        return outcome.response
    return render(request, template, context, status=form_status(request, outcome))


def _filters(request, year: int, form_class: type[FilterForm] = FilterForm):
    bound = any(request.GET.get(k) for k in form_class.base_fields)
    form = form_class(request.GET if bound else None, default_year=year)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    filters = dashboards.Filters(
        year=data.get("year") or year,
        theme=data.get("theme", ""),
        party=data.get("party", ""),
        q=data.get("q", ""),
    )
    if not form.is_bound:
        form = form_class(initial={"year": year})
    return form, filters, 200 if valid else 400


def dashboard_page(
    request,
    template: str,
    *,
    figures: Callable[[dashboards.Filters], dict],
    year: int | None = None,
    demo: bool = False,
    form_class: type[FilterForm] = FilterForm,
    **context,
):
    """The skeleton of every dashboard (per agreement, gemeente, corporatie, huurders, region,
    national): the filter form (400 on a bad filter), the figures for the chosen filters, the
    status columns and the demo banner."""
    form, filters, status = _filters(request, year or default_year(), form_class)
    page = {
        **context,
        "form": form,
        "filters": filters,
        **figures(filters),
        "status_columns": dashboards.status_columns(),
        "show_demo_banner": demo,
    }
    return render(request, template, page, status=status)
