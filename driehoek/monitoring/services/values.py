"""Checking what people enter: realised values in the commitment's unit, evidence links and files."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from driehoek.core import uploads
from driehoek.core.errors import ServiceError
from driehoek.core.numbers import parse_decimal

MAX_VALUE = Decimal("1e12")


COUNT_WORDS = ("aantal", "woning", "stuks", "homes", "number", "units", "wooneenheden")


PERCENT_WORDS = ("%", "procent", "percent")


def _unit_kind(unit: str) -> str:
    text = (unit or "").lower()
    if any(w in text for w in PERCENT_WORDS):
        return "percent"
    if any(w in text for w in COUNT_WORDS):
        return "count"
    return "other"


def parse_realised(value, unit: str, field: str = "realised") -> Decimal:
    """A realised value in the commitment's unit: a number, not negative, whole for counts,
    0–100 for percentages."""
    if value is None or str(value).strip() == "":
        raise ServiceError(_("Enter the realised value."), field=field)
    text = str(value).strip().replace(" ", "")
    kind = _unit_kind(unit)
    if text.endswith("%"):
        if kind != "percent":
            raise ServiceError(
                _(
                    "This commitment is measured in “%(unit)s”, not in percent. Enter the value in %(unit)s."
                )
                % {"unit": unit or _("its own unit")},
                field=field,
            )
        text = text[:-1]
    # Dutch input (decimal comma, thousands dots): the one parser (core.numbers).
    number = parse_decimal(
        text,
        field,
        maximum=MAX_VALUE,
        invalid=_(
            "“%(value)s” is not a number. Enter a number in %(unit)s, for example 12 or 95.5."
        )
        % {"value": str(value)[:40], "unit": unit or _("the commitment's unit")},
        negative=_("The realised value cannot be negative."),
    )
    assert number is not None  # not allow_none: an empty value raised
    if kind == "percent" and number > 100:
        raise ServiceError(
            _("This commitment is measured in percent: enter a value between 0 and 100."),
            field=field,
        )
    if kind == "count" and number != number.to_integral_value():
        raise ServiceError(
            _("This commitment counts %(unit)s: enter a whole number.") % {"unit": unit},
            field=field,
        )
    # number is finite (checked above), so its exponent is an int.
    if abs(int(number.as_tuple().exponent)) > 2 and number != number.quantize(Decimal("0.01")):
        raise ServiceError(_("Use at most two decimals."), field=field)
    return number.quantize(Decimal("0.01"))


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise ServiceError(_("Enter a link that starts with https://."), field="evidence_url")
    if len(url) > 200:
        raise ServiceError(
            _("This link is too long (at most 200 characters)."), field="evidence_url"
        )
    return url


MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def _check_file(upload):
    """Type by content, size and a safe stored name: the shared validator (core.uploads)."""
    return uploads.check_upload(
        upload, extensions=uploads.EVIDENCE, max_bytes=MAX_EVIDENCE_BYTES, field="evidence_file"
    )
