"""One agreement's dashboard: per commitment and per theme, target against realised."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement, CommitmentTarget, Theme

from ..models import ProgressReport, ReviewState
from .base import NO_REPORT, Filters, bar_chart, light_of, status_chart, status_label


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
            found = latest.get((c.pk, year))
            if found is not None:
                cell[1] += found.realised
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
