"""Naar redelijkheid: what is asked of a corporatie across all its gemeenten, per year,
against its financial room.

A commitment's estimated cost is spread evenly over the years in which it has a target (or
over its agreement's years when it has none). Agreements still being negotiated are counted
separately from concluded ones: that is what a corporatie is being asked to add.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from driehoek.agreements.models import AgreementStatus, Commitment, CommitmentTarget
from driehoek.core.templatetags.dh import nl_number
from driehoek.organisations.models import Organisation

from .dashboards import _fmt
from .models import FinancialRoom

AGREED = (AgreementStatus.CONCLUDED, AgreementStatus.SUBMITTED)
NEGOTIATING = (AgreementStatus.NEGOTIATION, AgreementStatus.SIGNING)


def euro(value) -> str:
    return "€ " + _fmt(Decimal(value).quantize(Decimal(1)))


def reasonableness(corporatie: Organisation) -> dict:
    """Three queries: commitments with a cost, their target years, the financial room."""
    commitments = list(
        Commitment.objects.filter(
            responsible=corporatie,
            estimated_cost__isnull=False,
            agreement__status__in=(*AGREED, *NEGOTIATING),
        ).values(
            "pk",
            "origin_id",
            "estimated_cost",
            "agreement__status",
            "agreement__period_start",
            "agreement__period_end",
            "agreement__cycle__gemeente__name",
        )
    )
    # A copy (annual slice, addendum) restates what its origin already asks: count it once.
    counted = {c["pk"] for c in commitments}
    commitments = [c for c in commitments if c["origin_id"] not in counted]
    years_of: dict[int, list[int]] = defaultdict(list)
    for cid, year in CommitmentTarget.objects.filter(
        commitment__in=[c["pk"] for c in commitments]
    ).values_list("commitment_id", "year"):
        years_of[cid].append(year)
    agreed: dict[int, Decimal] = defaultdict(Decimal)
    negotiating: dict[int, Decimal] = defaultdict(Decimal)
    per_gemeente: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for c in commitments:
        years = sorted(
            set(
                years_of.get(c["pk"])
                or range(c["agreement__period_start"], c["agreement__period_end"] + 1)
            )
        )
        share = Decimal(c["estimated_cost"]) / len(years)
        bucket = agreed if c["agreement__status"] in AGREED else negotiating
        for y in years:
            bucket[y] += share
            per_gemeente[c["agreement__cycle__gemeente__name"]][y] += share
    rooms = {r.year: r for r in FinancialRoom.objects.filter(corporatie=corporatie)}
    all_years = sorted(set(agreed) | set(negotiating) | set(rooms))
    rows = []
    for y in all_years:
        room = rooms.get(y)
        total = agreed.get(y, Decimal(0)) + negotiating.get(y, Decimal(0))
        rows.append(
            _year_row(y, agreed.get(y, Decimal(0)), negotiating.get(y, Decimal(0)), total, room)
        )
    gemeenten = [
        {
            "name": name,
            "cells": [per.get(y, Decimal(0)) for y in all_years],
            "total": sum(per.values()),
        }
        for name, per in sorted(per_gemeente.items())
    ]
    return {
        "years": all_years,
        "rows": rows,
        "gemeenten": gemeenten,
        "gemeente_count": len(gemeenten),
    }


def _num(value) -> str:
    """A norm in the active language's format, its decimals kept: 1,4 and 70 in Dutch."""
    return str(nl_number(value))


def _ratio_flags(room: FinancialRoom | None) -> list[dict]:
    if room is None:
        return []
    flags = []
    checks = [
        (
            "ICR",
            room.icr,
            room.icr_norm,
            "min",
            _("interest coverage: operating cash flow against interest paid"),
        ),
        ("LTV", room.ltv, room.ltv_norm, "max", _("loans against the policy value of the homes")),
        (
            _("Solvency"),
            room.solvency,
            room.solvency_norm,
            "min",
            _("own capital against total capital"),
        ),
    ]
    for name, value, norm, direction, meaning in checks:
        if value is None:
            continue
        ok = value >= norm if direction == "min" else value <= norm
        flags.append(
            {
                "name": name,
                "value": value,
                "norm": norm,
                "ok": ok,
                "meaning": meaning,
                "norm_text": (_("at least %(n)s") if direction == "min" else _("at most %(n)s"))
                % {"n": _num(norm)},
            }
        )
    return flags


def _year_row(
    year: int, agreed: Decimal, negotiating: Decimal, total: Decimal, room: FinancialRoom | None
) -> dict:
    ibw_max = room.ibw_max if room else None
    flags = _ratio_flags(room)
    breaches = [f for f in flags if not f["ok"]]
    if room is None or ibw_max is None:
        verdict = "unknown"
        text = _(
            "No IBW amounts are recorded for %(year)s, so the asked %(total)s cannot be compared with the "
            "financial room. The housing association can record them."
        ) % {"year": year, "total": euro(total)}
    elif total <= ibw_max:
        verdict = "fits"
        text = _(
            "In %(year)s the commitments ask %(total)s. That fits within the largest IBW amount "
            "(%(max)s). Remember: the three IBW amounts are alternatives. Money spent on one is no "
            "longer available for the others."
        ) % {"year": year, "total": euro(total), "max": euro(ibw_max)}
    else:
        verdict = "exceeds"
        text = _(
            "In %(year)s the commitments ask %(total)s. That is %(over)s more than even the largest "
            "IBW amount (%(max)s). The IBW amounts are alternatives and cannot be added up, so this "
            "asks more than the indicated room. Talk about priorities or spreading over more years."
        ) % {
            "year": year,
            "total": euro(total),
            "max": euro(ibw_max),
            "over": euro(total - ibw_max),
        }
    if breaches:
        text += " " + _(
            "Ratios outside their norm: %(names)s. Extra borrowing is then hard or impossible."
        ) % {"names": ", ".join(str(f["name"]) for f in breaches)}
    return {
        "year": year,
        "agreed": agreed,
        "negotiating": negotiating,
        "total": total,
        "room": room,
        "ibw_max": ibw_max,
        "verdict": verdict,
        "light": {"fits": "ok", "exceeds": "error", "unknown": "none"}[verdict],
        "verdict_label": {
            "fits": _("Fits the room"),
            "exceeds": _("Exceeds the room"),
            "unknown": _("Room unknown"),
        }[verdict],
        "flags": flags,
        "text": text,
        "width_total": 0,
    }
