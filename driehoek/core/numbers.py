"""Numbers typed by people (forms, imported spreadsheets) into a Decimal.

Dutch input is the norm: a decimal comma ("95,5") and dots between thousands ("1.250.000" or
"1.250.000,50"). A single dot without a comma stays a decimal point ("95.5"), as spreadsheets
and English input write it: "1.250" is one and a quarter, not twelve hundred and fifty.
Spaces between digits are ignored ("1 250"). Anything else is refused with a plain message
next to the field (a ServiceError), never a traceback.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .errors import ServiceError

MAX_DECIMAL = Decimal("1e12")

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
# 1.250.000 or 1.250.000,50: dots between groups of three digits, an optional decimal comma.
_THOUSANDS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d*)?$")


def normalise(text: str) -> str | None:
    """The text with a decimal point and without thousands separators, or None when the
    separators make no sense ("1,2,3", "1.2.3", "1,250.5")."""
    text = _SPACES.sub("", text)
    if "." in text and ("," in text or text.count(".") > 1):
        if not _THOUSANDS.match(text):
            return None
        return text.replace(".", "").replace(",", ".")
    if text.count(",") > 1:
        return None
    return text.replace(",", ".")


def _to_decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = normalise(str(value))
    if text is None:
        return None
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def parse_decimal(
    value,
    field: str | None = None,
    *,
    allow_none: bool = False,
    allow_negative: bool = False,
    maximum: Decimal | None = MAX_DECIMAL,
    empty: str | None = None,
    invalid: str | None = None,
    negative: str | None = None,
) -> Decimal | None:
    """``value`` (text, int, float or Decimal) as a finite Decimal.

    Empty (None or only spaces): None with ``allow_none``, else ``empty`` ("Enter a number.").
    Not a number, or infinite: ``invalid``. Below zero (unless ``allow_negative``):
    ``negative``. At or above ``maximum``: "This number is too large.". Every error is a
    ServiceError on ``field``; the messages are translated (Dutch) texts.
    """
    if value is None or (isinstance(value, str) and value.strip() == ""):
        if allow_none:
            return None
        raise ServiceError(empty or _("Enter a number."), field=field)
    invalid_message = invalid or _("Enter a number, for example 120 or 95.5.")
    number = _to_decimal(value)
    if number is None or not number.is_finite():
        raise ServiceError(invalid_message, field=field)
    if number < 0 and not allow_negative:
        raise ServiceError(negative or _("A negative number is not possible here."), field=field)
    if maximum is not None and abs(number) >= maximum:
        raise ServiceError(_("This number is too large."), field=field)
    return number
