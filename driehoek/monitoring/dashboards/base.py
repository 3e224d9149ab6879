"""What every dashboard shares: the filters, the statuses with their labels and lights, and the SVG bar charts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from driehoek.core.templatetags.dh import nl_number
from driehoek.organisations.selectors import kinds_for_party

from ..models import LIGHTS, ProgressStatus

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
    # A scoped page's name search: narrows its lists (per gemeente, agreements), not the figures.
    q: str = ""

    def commitment_q(self, prefix: str = "") -> Q:
        q = Q()
        if self.theme:
            q &= Q(**{f"{prefix}theme": self.theme})
        if self.party:
            q &= Q(**{f"{prefix}responsible__kind__in": kinds_for_party(self.party)})
        return q


def _percent(part, whole) -> str:
    """``part`` as a share of ``whole`` for an SVG width ("37.5"), never below 0 or above 100."""
    if not whole:
        return "0"
    share = min(max(Decimal(part) / Decimal(whole) * 100, Decimal(0)), Decimal(100))
    return f"{share.quantize(Decimal('0.1'))}"


def _fmt(value) -> str:
    """A chart's figure as page text in the active language's format (core's ``nl_number``):
    1.500 and 12,5 in Dutch, 1,500 and 12.5 in English; None is "–"."""
    return str(nl_number(value))


def bar_chart(title: str, rows: list[dict]) -> dict:
    """Paired bars (target and realised) per row, scaled to the largest value of this chart.
    One chart holds one unit: the callers make a chart per unit (never woningen and kavels on
    one axis). ``rows``: dicts with label, target, realised. Widths are percentages, so the
    chart fits any screen while its text stays real text at the page's size."""
    biggest = max([r["target"] or 0 for r in rows] + [r["realised"] or 0 for r in rows] + [1])
    items = []
    for r in rows:
        t = Decimal(r["target"] or 0)
        v = Decimal(r["realised"] or 0)
        items.append(
            {
                **r,
                "target_pct": _percent(t, biggest),
                "realised_pct": _percent(v, biggest),
                "target_text": _fmt(r["target"]),
                "realised_text": _fmt(r["realised"]),
                "percent": (int(v / t * 100) if t else None),
            }
        )
    return _keyed({"title": title, "rows": items})


def status_chart(title: str, groups: list[tuple[str, dict]]) -> dict:
    """One stacked bar per group (e.g. a theme) with the number of commitments per status."""
    rows = []
    for label, counts in groups:
        total = sum(counts.values())
        x = Decimal(0)
        parts = []
        for code in STATUS_ORDER:
            n = counts.get(code, 0)
            if not n:
                continue
            share = Decimal(n) / Decimal(total) * 100
            parts.append(
                {
                    "x": f"{x.quantize(Decimal('0.1'))}",
                    "w": f"{share.quantize(Decimal('0.1'))}",
                    "fill": STATUS_FILL[code],
                    "label": status_label(code),
                    "light": light_of(code),
                    "n": n,
                }
            )
            x += share
        rows.append(
            {
                "label": label,
                "parts": parts,
                "counts": [counts.get(code, 0) for code in STATUS_ORDER],
                "total": total,
            }
        )
    return _keyed(
        {
            "title": title,
            "rows": rows,
            "legend": [
                {"label": status_label(c), "fill": STATUS_FILL[c], "light": light_of(c)}
                for c in STATUS_ORDER
            ],
        }
    )


def _keyed(chart: dict) -> dict:
    """The chart with ``key``: a fingerprint of everything it shows. The chart templates keep
    their rendered HTML (the SVG bars and the table under them) in the cache under this key
    and the language, so a chart is rendered once for the figures of a data version, whatever
    the filters that led to it, and a change in the figures is a new key (never stale)."""
    chart["key"] = hashlib.sha256(repr(sorted(chart.items())).encode()).hexdigest()[:32]
    return chart


def status_columns() -> list[dict]:
    return [{"code": c, "label": status_label(c), "light": light_of(c)} for c in STATUS_ORDER]
