"""Checks that every stage shares: years, numbers, the actor, editability; the audit event
about one organisation."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.numbers import parse_decimal

from ..models import (
    Agreement,
)

MIN_YEAR, MAX_YEAR = 2015, 2100


def _check_year(year, field="year"):
    if year is None or not (MIN_YEAR <= int(year) <= MAX_YEAR):
        raise ServiceError(
            _("Enter a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            field=field,
        )


def _decimal(value, field: str, *, allow_none=True, label=None) -> Decimal | None:
    return parse_decimal(value, field, allow_none=allow_none)


def _actor_id(actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _log_about(action: str, organisation, *, actor, target, under=None, **data) -> None:
    """The audit event ``action`` about ``organisation`` (a party or a participant) of
    ``target``, logged under ``under`` (by default the organisation itself)."""
    audit.log(
        action=action,
        actor=actor,
        organisation=organisation if under is None else under,
        target=target,
        data={"organisation": str(organisation), **data},
    )


def _require_editable(agreement: Agreement) -> None:
    if not agreement.is_editable:
        raise ServiceError(
            _(
                "This agreement is frozen for signing or signed and cannot be changed. "
                "Changes go through an addendum that all parties sign again."
            )
        )
