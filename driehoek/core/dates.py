"""Dates as people read them, in the active language: "1 juli 2026" in Dutch, "1 July 2026" in
English (Django's date_format, the same formats as ``|date:"j F Y"`` in templates).

Machine formats (ISO in the API, CSV, file names and keys) stay ``isoformat()``."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import formats, timezone


def long_date(day: date) -> str:
    """1 juli 2026 / 1 July 2026."""
    return formats.date_format(day, "j F Y")


def long_datetime(moment: datetime) -> str:
    """1 juli 2026, 14:30 / 1 July 2026, 14:30 (in the project's time zone)."""
    return formats.date_format(timezone.localtime(moment), "j F Y, H:i")


def day_month(day: date) -> str:
    """1 juli / 1 July (a yearly recurring day)."""
    return formats.date_format(day, "j F")
