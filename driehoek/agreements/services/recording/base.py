"""Recording the past: what every recording shares (real dates, who may record, the source document)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from driehoek.core import audit, uploads
from driehoek.core.audit_text import register as register_audit_text
from driehoek.core.dates import long_date
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Role
from driehoek.organisations.selectors import has_role

from ...models import (
    Agreement,
    Cycle,
)
from ..base import MIN_YEAR

SOURCE_MAX_BYTES = 20 * 1024 * 1024


RECORDED = "agreements.agreement.recorded"


register_audit_text(
    {
        "agreements.bod.sent_recorded": gettext_lazy("Bod {target} sent on {date} (recorded)"),
        RECORDED: gettext_lazy("Agreement {target} recorded as it happened ({kind})"),
        "agreements.version.final_recorded": gettext_lazy(
            "Version {number} recorded as the signed text of {date}"
        ),
        "agreements.version.signed_recorded": gettext_lazy(
            "{organisation} signed version {number} on {date} (recorded)"
        ),
        "agreements.version.declined_recorded": gettext_lazy(
            "{organisation} declined version {number} on {date} (recorded)"
        ),
        "agreements.agreement.submission_recorded": gettext_lazy(
            "Agreement {target} submitted on {date} (recorded)"
        ),
        "agreements.dispute.recorded": gettext_lazy(
            "Dispute filed on {date} by {organisation} (recorded)"
        ),
        "agreements.agreement.bods_linked": gettext_lazy("Bods answered: {bods}"),
        "agreements.cycle.participant_added": gettext_lazy("{organisation} joined cycle {target}"),
        "agreements.cycle.participant_removed": gettext_lazy(
            "{organisation} no longer takes part in cycle {target}"
        ),
    }
)


def moment(day: date) -> datetime:
    """A recorded day as a moment: midday in the project's time zone (so the day never shifts)."""
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _fmt(day: date) -> str:
    return long_date(day)


def check_past_date(day: date | None, field: str, *, not_before: date | None = None) -> date:
    """A recorded date: given, not in the future, not before 2015 and not before
    ``not_before`` (the start of the cycle, or what the event follows)."""
    if day is None:
        raise ServiceError(_("Enter the date it happened."), field=field)
    if day > timezone.localdate():
        raise ServiceError(
            _("This date is in the future. Enter the date it really happened."), field=field
        )
    if day < date(MIN_YEAR, 1, 1):
        raise ServiceError(
            _("Driehoek records agreements from 2015 on. Enter a date from 1 January 2015."),
            field=field,
        )
    if not_before is not None and day < not_before:
        raise ServiceError(
            _("This date is before %(date)s, and that is not possible here. Enter a later date.")
            % {"date": _fmt(not_before)},
            field=field,
        )
    return day


def cycle_start(cycle: Cycle) -> date:
    """The first day anything of a cycle can happen: 1 January of the year before it."""
    return max(date(cycle.year - 1, 1, 1), date(MIN_YEAR, 1, 1))


def _check_cycle_date(day: date | None, field: str, cycle: Cycle) -> date:
    day = check_past_date(day, field)
    start = cycle_start(cycle)
    if day < start:
        raise ServiceError(
            _("This date is before cycle %(year)s started: enter a date from %(date)s on.")
            % {"year": cycle.year, "date": _fmt(start)},
            field=field,
        )
    return day


def _may_record_for(actor, organisations) -> None:
    """Staff record for anyone; an editor records for the organisations they edit for."""
    if actor is not None and actor.is_authenticated and actor.is_staff:
        return
    if actor is None or not actor.is_authenticated:
        raise ServiceError(_("Sign in to record what happened."))
    if not any(has_role(actor, o, Role.EDITOR) for o in organisations):
        raise ServiceError(
            _("You can only record this for an organisation you are an editor of."),
            field="parties",
        )


def _store_source(agreement: Agreement, document) -> None:
    original = getattr(document, "name", "") or ""
    document = uploads.check_upload(
        document, extensions=("pdf",), max_bytes=SOURCE_MAX_BYTES, field="source_document"
    )
    if document is None:
        return
    agreement.source_document.save(document.name, document, save=False)
    agreement.source_document_name = original.rsplit("/", 1)[-1][:200]
    agreement.save(update_fields=["source_document", "source_document_name", "updated_at"])


def is_recorded(agreement: Agreement) -> bool:
    """Whether the agreement was recorded afterwards (made before the platform)."""
    return audit.AuditEvent.objects.filter(
        action=RECORDED, target_type=agreement._meta.label_lower, target_id=str(agreement.pk)
    ).exists()
