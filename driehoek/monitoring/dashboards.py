"""Dashboard data: a fixed number of aggregate queries per page, whatever the data size.

Figures of different units are never added up: sums are per theme *and* unit. A commitment's
figure for a year is its latest report in that year (``is_latest``), cumulative for the year.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, F, FilteredRelation, Max, Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement, Commitment, CommitmentTarget, Theme
from driehoek.organisations.models import Organisation
from driehoek.organisations.selectors import kinds_for_party

from .models import LIGHTS, ProgressReport, ProgressStatus, ReviewState
from .services import MONITORED_STATUSES

NO_REPORT = "none"
STATUS_ORDER = [
    ProgressStatus.ACHIEVED,
    ProgressStatus.ON_TRACK,
    ProgressStatus.AT_RISK,
    ProgressStatus.NOT_ACHIEVED,
    ProgressStatus.CANCELLED,
    NO_REPORT,
]
# Fill colours for the status bars (text labels carry the meaning; colours only support).
STATUS_FILL = {
    ProgressStatus.ACHIEVED: "#1e6b35",
    ProgressStatus.ON_TRACK: "#4c9a5f",
    ProgressStatus.AT_RISK: "#b36b00",
    ProgressStatus.NOT_ACHIEVED: "#b00020",
    ProgressStatus.CANCELLED: "#6b6b6b",
    NO_REPORT: "#c8c8c8",
}


def status_label(code: str) -> str:
    if code == NO_REPORT:
        return _("No report")
    return str(ProgressStatus(code).label)


def light_of(code: str) -> str:
    return LIGHTS.get(code, "none")


@dataclass
class Filters:
    year: int
    theme: str = ""
    party: str = ""

    def commitment_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.theme:
            q &= Q(**{f"{prefix}theme": self.theme})
        if self.party:
            q &= Q(**{f"{prefix}responsible__kind__in": kinds_for_party(self.party)})
        return q


# Charts ------------------------------------------------------------------------------------

BAR_WIDTH = 420


def _fmt(value) -> str:
    if value is None:
        return "–"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")


def bar_chart(title: str, rows: list[dict]) -> dict:
    """Paired horizontal bars (target vs realised) per row, scaled to the largest value.
    ``rows``: dicts with label, target, realised."""
    biggest = max([r["target"] or 0 for r in rows] + [r["realised"] or 0 for r in rows] + [1])
    items = []
    y = 0
    for r in rows:
        t = Decimal(r["target"] or 0)
        v = Decimal(r["realised"] or 0)
        items.append(
            {
                **r,
                "y": y,
                "label_y": y + 14,
                "target_y": y + 20,
                "realised_y": y + 34,
                "target_w": int(t / Decimal(biggest) * BAR_WIDTH),
                "realised_w": int(v / Decimal(biggest) * BAR_WIDTH),
                "target_text": _fmt(r["target"]),
                "realised_text": _fmt(r["realised"]),
                "percent": (int(v / t * 100) if t else None),
            }
        )
        y += 52
    return {"title": title, "rows": items, "height": max(y, 20), "width": BAR_WIDTH + 200}


def status_chart(title: str, groups: list[tuple[str, dict]]) -> dict:
    """One stacked bar per group (e.g. a theme) with the number of commitments per status."""
    rows = []
    y = 0
    for label, counts in groups:
        total = sum(counts.values()) or 1
        x = 0
        parts = []
        for code in STATUS_ORDER:
            n = counts.get(code, 0)
            if not n:
                continue
            w = max(int(n / total * BAR_WIDTH), 1)
            parts.append(
                {"x": x, "w": w, "fill": STATUS_FILL[code], "label": status_label(code), "n": n}
            )
            x += w
        rows.append(
            {
                "label": label,
                "y": y,
                "label_y": y + 14,
                "bar_y": y + 20,
                "parts": parts,
                "counts": [counts.get(code, 0) for code in STATUS_ORDER],
                "total": sum(counts.values()),
            }
        )
        y += 44
    return {
        "title": title,
        "rows": rows,
        "height": max(y, 20),
        "width": BAR_WIDTH + 200,
        "legend": [
            {"label": status_label(c), "fill": STATUS_FILL[c], "light": light_of(c)}
            for c in STATUS_ORDER
        ],
    }


# Per agreement -----------------------------------------------------------------------------


def agreement_dashboard(agreement: Agreement, filters: Filters) -> dict:
    """Per commitment and per theme, target against realised per year. Four queries."""
    commitments = list(
        agreement.commitments.filter(filters.commitment_q())
        .select_related("responsible")
        .order_by("number")
    )
    ids = [c.pk for c in commitments]
    targets: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for cid, year, value in CommitmentTarget.objects.filter(
        commitment__agreement=agreement, commitment__in=ids
    ).values_list("commitment_id", "year", "value"):
        targets[cid][year] = value
    reports_by_c: dict[int, list[ProgressReport]] = defaultdict(list)
    latest: dict[tuple[int, int], ProgressReport] = {}
    for r in ProgressReport.objects.filter(
        commitment__agreement=agreement, commitment__in=ids
    ).order_by("period_year", "period_quarter"):
        reports_by_c[r.commitment_id].append(r)
        if r.is_latest:
            latest[(r.commitment_id, r.period_year)] = r
    y = filters.year
    rows = []
    status_by_theme: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # (theme, unit) -> year -> [target, realised]
    per_theme: dict[tuple[str, str], dict[int, list]] = defaultdict(
        lambda: defaultdict(lambda: [Decimal(0), Decimal(0)])
    )
    contested = 0
    for c in commitments:
        rep = latest.get((c.pk, y))
        code = rep.status if rep else NO_REPORT
        status_by_theme[c.theme][code] += 1
        if rep and rep.review_state == ReviewState.CONTESTED:
            contested += 1
        rows.append(
            {
                "commitment": c,
                "target": targets[c.pk].get(y),
                "report": rep,
                "status": code,
                "status_label": status_label(code),
                "light": light_of(code),
                "year_reports": [r for r in reports_by_c[c.pk] if r.period_year == y],
            }
        )
        for year in agreement.years:
            cell = per_theme[(c.theme, c.unit)][year]
            cell[0] += targets[c.pk].get(year) or 0
            r = latest.get((c.pk, year))
            if r is not None:
                cell[1] += r.realised
    theme_labels = dict(Theme.choices)
    theme_charts = []
    for (theme, unit), years in sorted(per_theme.items()):
        no_unit = _("no unit")
        title = f"{theme_labels.get(theme, theme)} – {unit or no_unit}"
        theme_charts.append(
            bar_chart(
                title,
                [
                    {"label": str(year), "target": years[year][0], "realised": years[year][1]}
                    for year in sorted(years)
                ],
            )
        )
    groups = [
        (str(theme_labels.get(t, t)), dict(counts)) for t, counts in sorted(status_by_theme.items())
    ]
    return {
        "rows": rows,
        "theme_charts": theme_charts,
        "status_chart": status_chart(
            _("Commitments per theme and status in %(year)s") % {"year": y}, groups
        ),
        "contested": contested,
        "total": len(commitments),
    }


# Scoped dashboards (gemeente, corporatie, huurders, region, national) -----------------------


def _scope_commitments(scope: Q, filters: Filters):
    y = filters.year
    return Commitment.objects.filter(
        scope,
        filters.commitment_q(),
        agreement__status__in=MONITORED_STATUSES,
        agreement__period_start__lte=y,
        agreement__period_end__gte=y,
    )


def scope_dashboard(scope: Q, filters: Filters, *, breakdown: str | None = None) -> dict:
    """Aggregates over the commitments in ``scope`` (a Q on Commitment) for one year.

    Queries: status, target and realised sums per theme and unit (1), optional
    breakdown per gemeente (1), agreements list (1)."""
    y = filters.year
    base = _scope_commitments(scope, filters)
    with_report = base.annotate(
        rep=FilteredRelation(
            "progress_reports",
            condition=Q(progress_reports__period_year=y, progress_reports__is_latest=True),
        ),
        tgt=FilteredRelation("targets", condition=Q(targets__year=y)),
    )
    by_theme: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    # (theme, unit) -> [target sum, realised sum, number of targets]
    sums: dict[tuple[str, str], list] = defaultdict(lambda: [Decimal(0), Decimal(0), 0])
    contested = 0
    total = 0
    # One query: commitments per theme, unit, status and confirmation, with the realised sum.
    for row in with_report.values(
        "theme", "unit", status=F("rep__status"), review=F("rep__review_state")
    ).annotate(n=Count("pk"), s=Sum("rep__realised"), t=Sum("tgt__value"), tn=Count("tgt__id")):
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
    status_totals = defaultdict(int)
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
    result = {
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
        "sum_chart": bar_chart(
            _("Target and realised in %(year)s, per theme and unit") % {"year": y}, sum_rows[:40]
        ),
        "sum_rows": sum_rows,
    }
    if breakdown:
        per: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        names = {}
        for row in with_report.values(
            org_id=F(breakdown + "_id"),
            org_name=F(breakdown + "__name"),
            org_slug=F(breakdown + "__slug"),
            status=F("rep__status"),
        ).annotate(n=Count("pk")):
            per[row["org_id"]][row["status"] or NO_REPORT] += row["n"]
            names[row["org_id"]] = (row["org_name"], row["org_slug"])
        result["breakdown"] = [
            {
                "name": names[k][0],
                "slug": names[k][1],
                "counts": [v.get(c, 0) for c in STATUS_ORDER],
                "total": sum(v.values()),
            }
            for k, v in sorted(per.items(), key=lambda kv: names[kv[0]][0])
        ]
    return result


@dataclass
class Scope:
    """What a scoped dashboard counts: ``commitments`` (a Q on Commitment), ``agreements``
    (the same scope as a Q on Agreement, for the list), an optional breakdown per gemeente,
    or the national figures (cached, with the coverage of gemeenten)."""

    commitments: Q
    agreements: Q
    breakdown: str | None = None
    national: bool = False


BY_GEMEENTE = "agreement__cycle__gemeente"


def party_scope(organisation: Organisation, *, breakdown: str | None = None) -> Scope:
    """The agreements the organisation is party to (so regional agreements a gemeente signed
    count for it too)."""
    return Scope(
        Q(agreement__parties__organisation=organisation),
        Q(parties__organisation=organisation),
        breakdown=breakdown,
    )


def region_scope(region) -> Scope:
    return Scope(
        Q(agreement__cycle__gemeente__regions=region),
        Q(cycle__gemeente__regions=region),
        breakdown=BY_GEMEENTE,
    )


NATIONAL = Scope(Q(), Q(), national=True)


def scope_figures(scope: Scope, filters: Filters) -> dict:
    """The figures of a scoped dashboard page: ``data``, ``coverage`` (national only) and the
    ``agreements`` in scope (not on the national page)."""
    if scope.national:
        data, coverage = national_dashboard(filters)
        return {"data": data, "coverage": coverage, "agreements": []}
    return {
        "data": scope_dashboard(scope.commitments, filters, breakdown=scope.breakdown),
        "coverage": None,
        "agreements": agreements_in_scope(scope.agreements, filters.year),
    }


def agreements_in_scope(agreement_q: Q, year: int, limit: int = 50):
    return list(
        Agreement.objects.filter(
            agreement_q,
            status__in=MONITORED_STATUSES,
            period_start__lte=year,
            period_end__gte=year,
        )
        .select_related("cycle__gemeente")
        .annotate(n=Count("commitments"))
        .order_by("cycle__gemeente__name", "title")[:limit]
    )


def national_coverage(year: int) -> dict:
    """How many (current) gemeenten have a concluded agreement covering ``year``."""
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


def status_columns() -> list[dict]:
    return [{"code": c, "label": status_label(c), "light": light_of(c)} for c in STATUS_ORDER]


# National page: cached for a short time, keyed on the latest change ------------------------

NATIONAL_CACHE_SECONDS = 60


def data_version() -> str:
    """The latest change that moves the national figures: a progress report written (its
    ``updated_at`` is indexed; reviews, corrections and imports all move it) or an agreement
    changed (status, period). Two cheap queries. Changes that move neither (a commitment or a
    target edited on a concluded agreement) show once the cache entry expires."""
    # One MAX per query: SQLite answers a lone MAX of an indexed column from the index.
    report = ProgressReport.objects.aggregate(m=Max("updated_at"))["m"]
    agreement = Agreement.objects.aggregate(m=Max("updated_at"))["m"]
    return f"{report}|{agreement}"


def national_dashboard(filters: Filters) -> tuple[dict, dict]:
    """``(scope_dashboard(Q()), national_coverage())`` for the year, cached for
    NATIONAL_CACHE_SECONDS per language, filters and data version."""
    parts = [translation.get_language() or "", filters.year, filters.theme, filters.party]
    key = (
        "monitoring:national:" + hashlib.sha256(repr([*parts, data_version()]).encode()).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = (scope_dashboard(Q(), filters), national_coverage(filters.year))
        cache.set(key, found, NATIONAL_CACHE_SECONDS)
    return found
