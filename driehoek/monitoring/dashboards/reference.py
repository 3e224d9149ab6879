"""The dashboards' aggregates recomputed from the base tables (commitments, targets, latest
reports): the reference the summaries are checked against (tests/test_summaries.py) and what
the pages computed before the summaries. Not used by any page."""

from __future__ import annotations

from django.db.models import Count, F, FilteredRelation, Q, Sum

from driehoek.agreements.models import Agreement
from driehoek.organisations.models import Organisation

from ..services import MONITORED_STATUSES
from .base import Filters
from .scoped import _scope_commitments, assemble, assemble_breakdown


def _recompute_from_base(scope: Q, filters: Filters, *, breakdown: str | None = None) -> dict:
    """``scope_dashboard`` over the base tables."""
    y = filters.year
    with_report = _scope_commitments(scope, filters).annotate(
        rep=FilteredRelation(
            "progress_reports",
            condition=Q(progress_reports__period_year=y, progress_reports__is_latest=True),
        ),
        tgt=FilteredRelation("targets", condition=Q(targets__year=y)),
    )
    rows = with_report.values(
        "theme", "unit", status=F("rep__status"), review=F("rep__review_state")
    ).annotate(n=Count("pk"), s=Sum("rep__realised"), t=Sum("tgt__value"), tn=Count("tgt__id"))
    result = assemble(y, rows)
    if breakdown:
        result["breakdown"] = assemble_breakdown(
            with_report.values(
                org_id=F(breakdown + "_id"),
                org_name=F(breakdown + "__name"),
                org_slug=F(breakdown + "__slug"),
                status=F("rep__status"),
            ).annotate(n=Count("pk"))
        )
    return result


def _coverage_from_base(year: int) -> dict:
    """``national_coverage`` over the agreements."""
    with_agreement = (
        Agreement.objects.filter(
            status__in=MONITORED_STATUSES,
            period_start__lte=year,
            period_end__gte=year,
            cycle__gemeente__is_current=True,
        )
        .values("cycle__gemeente")
        .distinct()
        .count()
    )
    total = Organisation.objects.gemeenten().current().count()
    return {
        "with_agreement": with_agreement,
        "total": total,
        "without": max(total - with_agreement, 0),
    }
