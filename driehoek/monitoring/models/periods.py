"""Reporting periods and the monitoring settings of an agreement."""

from __future__ import annotations

import calendar
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.agreements.models import Agreement
from driehoek.core.models import TimeStampedModel


class Frequency(models.TextChoices):
    QUARTER = "quarter", _("Per quarter")
    YEAR = "year", _("Per year")


def period_end(year: int, quarter: int | None) -> date:
    """Last day of a reporting period (a quarter, or the whole year when quarter is None)."""
    month = 12 if quarter is None else quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def period_label(year: int, quarter: int | None) -> str:
    return f"{year}" if quarter is None else f"{year} Q{quarter}"


class MonitoringSettings(TimeStampedModel):
    """How often the parties to one agreement report, and which periods are closed."""

    agreement = models.OneToOneField(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="monitoring_settings",
    )
    frequency = models.CharField(
        _("reporting frequency"), max_length=8, choices=Frequency.choices, default=Frequency.QUARTER
    )
    closed_until = models.DateField(
        _("periods closed up to and including"),
        null=True,
        blank=True,
        help_text=_(
            "Periods that end on or before this date can no longer be reported or changed."
        ),
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("report due (days after the period ends)"), default=30
    )

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_frequency_display()}"

    def is_closed(self, year: int, quarter: int | None) -> bool:
        return self.closed_until is not None and period_end(year, quarter) <= self.closed_until
