"""The corporatie's financial room (for the reasonableness check)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.numbers import parse_decimal
from driehoek.core.permissions import may
from driehoek.organisations.models import Organisation

from ..models import (
    FinancialRoom,
)
from .values import MAX_VALUE


def _money(value, field: str, *, percent: bool = False, allow_none: bool = True):
    # The one parser (core.numbers); the bound is checked below, after the percentage.
    number = parse_decimal(
        value,
        field,
        allow_none=allow_none,
        maximum=None,
        invalid=_("Enter a number, for example 1.8 or 65."),
        negative=_("Enter a number of zero or more."),
    )
    if number is None:
        return None
    if percent and number > 100:
        raise ServiceError(_("Enter a percentage between 0 and 100."), field=field)
    if number >= MAX_VALUE:
        raise ServiceError(_("This number is too large."), field=field)
    if not percent and field in ("icr", "icr_norm") and number > 100:
        raise ServiceError(_("An ICR above 100 is not realistic: check the value."), field=field)
    return number


ROOM_FIELDS = (
    "ibw_new_build",
    "ibw_improvement",
    "ibw_rent_moderation",
    "icr",
    "ltv",
    "solvency",
    "icr_norm",
    "ltv_norm",
    "solvency_norm",
)


PERCENT_FIELDS = ("ltv", "solvency", "ltv_norm", "solvency_norm")


@transaction.atomic
def financial_room_save(
    *, actor, corporatie: Organisation, year: int, note: str = "", **values
) -> FinancialRoom:
    if not corporatie.is_corporatie:
        raise ServiceError(_("Financial room is recorded for housing associations only."))
    if not may(actor, "monitoring.record_financial_room", corporatie):
        raise ServiceError(_("You need the editor role at %(org)s for this.") % {"org": corporatie})
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ServiceError(
            _("Enter the year as a number, for example 2026."), field="year"
        ) from None
    if not 2015 <= year <= 2100:
        raise ServiceError(_("Enter a year between 2015 and 2100."), field="year")
    clean = {}
    for field in ROOM_FIELDS:
        norm = field.endswith("_norm")
        clean[field] = _money(
            values.get(field), field, percent=field in PERCENT_FIELDS, allow_none=not norm
        )
    room, created = FinancialRoom.objects.update_or_create(
        corporatie=corporatie,
        year=year,
        defaults={**clean, "note": (note or "").strip(), "updated_by": actor},
    )
    audit.log(
        action="monitoring.financial_room.recorded"
        if created
        else "monitoring.financial_room.updated",
        actor=actor,
        organisation=corporatie,
        target=room,
        data={"year": year},
    )
    return room
