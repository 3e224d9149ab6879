"""Dates and rules from the law, as defaults. Each Cycle stores its own dates, so a year can
differ when the law changes. Override the defaults with the setting ``DRIEHOEK_CYCLE_DEFAULTS``."""

from __future__ import annotations

import calendar
from datetime import date

from django.conf import settings

# (month, day) in the cycle year; the numbers are counts.
CYCLE_DEFAULTS: dict = {
    "ibw_due": (7, 1),  # BTIV art. 38: financial indication before 1 July
    "bod_due": (7, 1),  # Ww art. 44(1): the bod is available on 1 July
    "submission_due": (12, 15),  # Ww art. 44a(1): before 15 December
    "dispute_after_months": 6,  # Ww art. 44(4)
    "dispute_filing_weeks": 4,  # Regeling TI 2015: within four weeks after the dispute arose
    # In practice a dispute is filed between 1 July and 29 January (domain notes §3.7).
    "dispute_window": ((7, 1), (1, 29)),
    "woonvisie_max_age_years": 4,
}


def cycle_defaults() -> dict:
    return {**CYCLE_DEFAULTS, **getattr(settings, "DRIEHOEK_CYCLE_DEFAULTS", {})}


def default_dates(year: int) -> dict:
    d = cycle_defaults()
    return {
        "ibw_due": date(year, *d["ibw_due"]),
        "bod_due": date(year, *d["bod_due"]),
        "submission_due": date(year, *d["submission_due"]),
        "dispute_after_months": d["dispute_after_months"],
        "dispute_filing_weeks": d["dispute_filing_weeks"],
    }


def dispute_window() -> tuple[tuple[int, int], tuple[int, int]]:
    return cycle_defaults()["dispute_window"]


def in_dispute_window(day: date) -> bool:
    """Whether ``day`` falls in the filing window (which may run over the turn of the year)."""
    start, end = dispute_window()
    md = (day.month, day.day)
    if start <= end:
        return start <= md <= end
    return md >= start or md <= end


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
