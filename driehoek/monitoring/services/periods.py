"""Which agreements are monitored, their monitoring settings and the reporting periods."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement, AgreementStatus
from driehoek.core import audit
from driehoek.core.dates import long_date
from driehoek.core.errors import ServiceError

from ..models import (
    Frequency,
    MonitoringSettings,
    ProgressReport,
    period_label,
)

MONITORED_STATUSES = (AgreementStatus.CONCLUDED, AgreementStatus.SUBMITTED)


def settings_for(agreement: Agreement) -> MonitoringSettings:
    """The agreement's monitoring settings; an unsaved default (quarterly) when none exist."""
    cached = getattr(agreement, "_monitoring_settings", None)
    if cached is not None:
        return cached
    found = MonitoringSettings.objects.filter(agreement=agreement).first()
    result = found or MonitoringSettings(agreement=agreement)
    agreement._monitoring_settings = result  # type: ignore[attr-defined]
    return result


@transaction.atomic
def settings_save(
    *,
    actor,
    agreement: Agreement,
    frequency: str,
    closed_until: date | None,
    report_due_days: int = 30,
) -> MonitoringSettings:
    if frequency not in Frequency.values:
        raise ServiceError(_("Choose quarterly or yearly reporting."), field="frequency")
    if report_due_days is None or not (0 <= int(report_due_days) <= 365):
        raise ServiceError(_("Enter a number of days between 0 and 365."), field="report_due_days")
    current = MonitoringSettings.objects.filter(agreement=agreement).first()
    if (
        current is not None
        and current.frequency != frequency
        and ProgressReport.objects.filter(commitment__agreement=agreement).exists()
    ):
        raise ServiceError(
            _("Progress has been reported already: the reporting frequency can no longer change."),
            field="frequency",
        )
    if (
        current is not None
        and current.closed_until
        and closed_until
        and closed_until < current.closed_until
    ):
        raise ServiceError(
            _("Closed periods cannot be reopened: choose a date on or after %(date)s.")
            % {"date": long_date(current.closed_until)},
            field="closed_until",
        )
    obj, _created = MonitoringSettings.objects.update_or_create(
        agreement=agreement,
        defaults={
            "frequency": frequency,
            "closed_until": closed_until,
            "report_due_days": report_due_days,
        },
    )
    agreement._monitoring_settings = obj  # type: ignore[attr-defined]
    audit.log(
        action="monitoring.settings.updated",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={
            "frequency": str(obj.get_frequency_display()),
            "closed_until": closed_until.isoformat() if closed_until else "",
        },
    )
    return obj


def check_period(
    agreement: Agreement, year, quarter, *, today: date | None = None
) -> tuple[int, int | None]:
    """The period must be in the agreement's years, match its reporting frequency, have
    started, and not be closed."""
    today = today or timezone.localdate()
    conf = settings_for(agreement)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ServiceError(
            _("Enter the year as a number, for example 2026."), field="period_year"
        ) from None
    if quarter in ("", None):
        quarter = None
    else:
        try:
            quarter = int(quarter)
        except (TypeError, ValueError):
            raise ServiceError(
                _("Enter the quarter as 1, 2, 3 or 4."), field="period_quarter"
            ) from None
        if not 1 <= quarter <= 4:
            raise ServiceError(_("Enter the quarter as 1, 2, 3 or 4."), field="period_quarter")
    if not agreement.period_start <= year <= agreement.period_end:
        raise ServiceError(
            _("%(year)s is outside the agreement period %(a)s–%(b)s.")
            % {"year": year, "a": agreement.period_start, "b": agreement.period_end},
            field="period_year",
        )
    if conf.frequency == Frequency.QUARTER and quarter is None:
        raise ServiceError(
            _("This agreement reports per quarter: choose a quarter."), field="period_quarter"
        )
    if conf.frequency == Frequency.YEAR and quarter is not None:
        raise ServiceError(
            _("This agreement reports per year: leave the quarter empty."), field="period_quarter"
        )
    start = date(year, 1 if quarter is None else (quarter - 1) * 3 + 1, 1)
    if start > today:
        raise ServiceError(
            _("The period %(period)s has not started yet.")
            % {"period": period_label(year, quarter)},
            field="period_quarter" if quarter else "period_year",
        )
    if conf.is_closed(year, quarter):
        raise ServiceError(
            _("The period %(period)s is closed: reports for it can no longer be added or changed.")
            % {"period": period_label(year, quarter)},
            field="period_quarter" if quarter else "period_year",
        )
    return year, quarter


def _require_monitored(agreement: Agreement) -> None:
    if agreement.status not in MONITORED_STATUSES:
        raise ServiceError(
            _(
                "Progress is reported on concluded agreements only. This agreement is not concluded yet."
            )
        )


def party_ids(agreement: Agreement) -> list[int]:
    return [p.organisation_id for p in agreement.parties.all()]
