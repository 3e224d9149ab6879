"""Aggregates over many agreements (gemeente, corporatie, huurders, region, national): a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement, Commitment, Theme
from driehoek.organisations.folding import fold
from driehoek.organisations.models import Organisation
from driehoek.organisations.selectors import kinds_for_party

from ..models import AgreementSummary, CoverageSummary, NationalSummary, ReviewState
from ..services import MONITORED_STATUSES
from .base import NO_REPORT, STATUS_ORDER, Filters, bar_chart, light_of, status_chart, status_label


def _scope_commitments(scope: Q, filters: Filters):
    """The commitments in ``scope`` counted for the year, from the base tables (the reference
    the summaries are checked against: ``reference.py``)."""
    y = filters.year
    return Commitment.objects.filter(
        scope,
        filters.commitment_q(),
        agreement__status__in=MONITORED_STATUSES,
        agreement__period_start__lte=y,
        agreement__period_end__gte=y,
    )


def _scope_summaries(scope: Q, filters: Filters) -> QuerySet:
    """The summary rows for the year in ``scope`` (a Q on Commitment over ``agreement__…``,
    which reads the same on AgreementSummary); the national scope (``Q()``) reads the national
    rows, a few hundred per year whatever the data size."""
    where = Q(year=filters.year)
    if filters.theme:
        where &= Q(theme=filters.theme)
    if filters.party:
        where &= Q(responsible_kind__in=kinds_for_party(filters.party))
    if not scope:
        return NationalSummary.objects.filter(where)
    return AgreementSummary.objects.filter(scope, where)


def _summary_rows(qs: QuerySet) -> list[dict]:
    """Rows per theme, unit, status and confirmation: ``n`` commitments, ``s`` the realised sum
    (None without reports), ``t`` the target sum and ``tn`` the number of targets."""
    rows = []
    for row in (
        qs.values("theme", "unit", "status", "review_state")
        .annotate(
            c_n=Sum("n"),
            c_rn=Sum("report_n"),
            c_s=Sum("realised_sum"),
            c_tn=Sum("target_n"),
            c_t=Sum("target_sum"),
        )
        .order_by()
    ):
        rows.append(
            {
                "theme": row["theme"],
                "unit": row["unit"],
                "status": row["status"] or None,
                "review": row["review_state"] or None,
                "n": row["c_n"],
                "s": row["c_s"] if row["c_rn"] else None,
                "t": row["c_t"] if row["c_tn"] else None,
                "tn": row["c_tn"],
            }
        )
    return rows


def scope_dashboard(scope: Q, filters: Filters, *, breakdown: str | None = None) -> dict:
    """Aggregates over the commitments in ``scope`` (a Q on Commitment over its
    ``agreement__…``) for one year, summed from the summary rows (``monitoring.summaries``).

    Queries: status, target and realised sums per theme and unit (1), optional breakdown per
    gemeente (1)."""
    qs = _scope_summaries(scope, filters)
    result = assemble(filters.year, _summary_rows(qs))
    if breakdown:
        rows = qs.values(
            org_id=F(breakdown + "_id"),
            org_name=F(breakdown + "__name"),
            org_slug=F(breakdown + "__slug"),
            st=F("status"),
        ).annotate(c_n=Sum("n"))
        result["breakdown"] = assemble_breakdown(
            {**r, "status": r["st"] or None, "n": r["c_n"]} for r in rows.order_by()
        )
    return result


def assemble(y: int, rows: Iterable[dict]) -> dict:
    """The dashboard's figures from rows per theme, unit, status and confirmation (with n, s,
    t, tn): the same for the summaries and for the reference over the base tables."""
    by_theme: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # (theme, unit) -> [target sum, realised sum, number of targets]
    sums: dict[tuple[str, str], list] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    contested = 0
    total = 0
    for row in rows:
        code = row["status"] or NO_REPORT
        by_theme[row["theme"]][code] += row["n"]
        total += row["n"]
        if row["review"] == ReviewState.CONTESTED:
            contested += row["n"]
        if row["s"] is not None or row["tn"]:
            cell = sums[(row["theme"], row["unit"])]
            cell[0] += row["t"] or Decimal(0)
            cell[1] += row["s"] or Decimal(0)
            cell[2] += row["tn"]
    theme_labels = dict(Theme.choices)
    groups = [(str(theme_labels.get(t, t)), dict(c)) for t, c in sorted(by_theme.items())]
    status_totals: dict[str, int] = defaultdict(int)
    for _t, counts in by_theme.items():
        for code, n in counts.items():
            status_totals[code] += n
    no_unit = _("no unit")
    sum_rows = [
        {
            "label": f"{theme_labels.get(t, t)} – {u or no_unit}",
            "target": v[0],
            "realised": v[1],
            "count": v[2],
        }
        for (t, u), v in sorted(sums.items())
    ]
    return {
        "total": total,
        "contested": contested,
        "status_totals": [
            {
                "code": c,
                "label": status_label(c),
                "light": light_of(c),
                "n": status_totals.get(c, 0),
            }
            for c in STATUS_ORDER
        ],
        "status_chart": status_chart(
            _("Commitments per theme and status in %(year)s") % {"year": y}, groups
        ),
        "sum_charts": sum_charts(y, sums),
        "sum_rows": sum_rows,
    }


def assemble_breakdown(rows: Iterable[dict]) -> list[dict]:
    """The rows per gemeente from rows with org_id, org_name, org_slug, status and n."""
    per: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names = {}
    for row in rows:
        per[row["org_id"]][row["status"] or NO_REPORT] += row["n"]
        names[row["org_id"]] = (row["org_name"], row["org_slug"])
    return [
        {
            "name": names[k][0],
            "slug": names[k][1],
            "counts": [v.get(c, 0) for c in STATUS_ORDER],
            "total": sum(v.values()),
        }
        for k, v in sorted(per.items(), key=lambda kv: names[kv[0]][0])
    ]


def _count_key(i: int) -> Callable[[dict], tuple]:
    return lambda row: (row["counts"][i], fold(row["name"]))


# The column headers of the table per gemeente (``core.listing`` over the breakdown's rows):
# the name, each status (by its code) and the total.
BREAKDOWN_SORTS: dict[str, Callable[[dict], tuple]] = {
    "name": lambda row: (fold(row["name"]), row["slug"]),
    **{str(code): _count_key(i) for i, code in enumerate(STATUS_ORDER)},
    "total": lambda row: (row["total"], fold(row["name"])),
}
# The column headers of the list of agreements in scope.
SCOPE_AGREEMENT_SORTS = {
    "gemeente": ("cycle__gemeente__name", "title"),
    "title": ("title",),
    "period": ("period_start", "title"),
    "commitments": ("n", "title"),
}


def breakdown_matching(rows: list[dict], q: str) -> list[dict]:
    """The rows per gemeente whose name holds ``q`` (without case or accents)."""
    wanted = fold(q)
    return [r for r in rows if wanted in fold(r["name"])] if wanted else rows


def agreements_in_scope_qs(agreement_q: Q, year: int, q: str = "") -> QuerySet[Agreement]:
    """The monitored agreements in scope running in ``year`` with their number of
    commitments; ``q`` searches the title and the gemeente's name."""
    qs = Agreement.objects.filter(
        agreement_q,
        status__in=MONITORED_STATUSES,
        period_start__lte=year,
        period_end__gte=year,
    )
    if q.strip():
        qs = qs.filter(
            Q(title__icontains=q.strip()) | Q(cycle__gemeente__name__icontains=q.strip())
        )
    return (
        qs.select_related("cycle__gemeente")
        .annotate(n=Count("commitments"))
        .order_by("cycle__gemeente__name", "title")
    )


def agreements_in_scope(agreement_q: Q, year: int, limit: int = 50):
    return list(agreements_in_scope_qs(agreement_q, year)[:limit])


def national_coverage(year: int) -> dict:
    """How many (current) gemeenten have a concluded agreement covering ``year``: counted on
    the coverage summary (one row per gemeente with such an agreement)."""
    with_agreement = CoverageSummary.objects.filter(
        year=year, agreements__gt=0, gemeente__is_current=True
    ).count()
    total = Organisation.objects.gemeenten().current().count()
    return {
        "with_agreement": with_agreement,
        "total": total,
        "without": max(total - with_agreement, 0),
    }


def sum_charts(year: int, sums: dict[tuple[str, str], list]) -> list[dict]:
    """Target and realised per theme, one chart per unit: woningen and kavels never share a
    scale. At most 40 bars in all (the table below each chart has every row)."""
    theme_labels = dict(Theme.choices)
    per_unit: dict[str, list[dict]] = defaultdict(list)
    for (theme, unit), (target, realised, _n) in sorted(sums.items()):
        per_unit[unit].append(
            {"label": str(theme_labels.get(theme, theme)), "target": target, "realised": realised}
        )
    charts = []
    shown = 0
    for unit in sorted(per_unit):
        rows = per_unit[unit][: max(40 - shown, 0)]
        if not rows:
            break
        shown += len(rows)
        title = _("Target and realised in %(year)s in %(unit)s, per theme") % {
            "year": year,
            "unit": unit or _("no unit"),
        }
        charts.append(bar_chart(title, rows))
    return charts
