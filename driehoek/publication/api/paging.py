"""Paging of the open-data lists: page numbers and cursors, and the count per data version.

Two ways through a list, in the same order (the selector's ``order_by``):

- ``page`` (from 1): OFFSET paging, as the API always had. Page 10,000 makes the database
  read and skip the 499,950 rows before it.
- ``cursor``: keyset paging. A cursor is the sort key of the last row of a page (URL-safe
  base64 of a JSON array, opaque to clients); the next page is the rows whose sort key comes
  after it, a WHERE on the ordered fields instead of an OFFSET, so every page costs what the
  first one does. Each answer has ``next_cursor`` and ``next`` (the URL of the following page),
  null on the last page.

What a cursor guarantees: walking a list by cursor returns each row once, in the list's order,
also when rows are added or removed between two requests (a row added before the cursor's
position is not returned, one added after it is; nothing is skipped or repeated). Page numbers
shift instead: a row added before page 3 moves the rows of page 2 one place on.

``count`` is the number of results for the filters, whatever the page or cursor: counted once
per data version (``core.dataversion``) and kept in the shared cache.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from functools import reduce
from operator import and_, or_
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from ninja import Status

from driehoek.core import stored

from .schemas import Paging

COUNT_TIMEOUT = 24 * 3600  # the data version in the key makes it exact; this bounds the memory

BOTH = (
    "Gebruik 'page' of 'cursor', niet allebei. Met een cursor volgt de volgende pagina uit 'next'."
)
MALFORMED = (
    "Deze cursor klopt niet. Gebruik de 'next_cursor' uit het vorige antwoord, of begin "
    "opnieuw zonder cursor."
)


# Added to the description of each list that takes a cursor (OpenAPI).
DOC = (
    "Page through it by `page` (from 1) or by `cursor`: pass the `next_cursor` of an answer, or "
    "follow its `next` URL; a page by cursor costs the same at any depth, and rows added or "
    "removed between requests never appear twice or go missing. `page` and `cursor` together, "
    "or a cursor that is not one of this list's: 422. `count` is the number of results on all "
    "pages."
)


class PagingError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# The sort key --------------------------------------------------------------------------------


def _sort(qs: QuerySet) -> list[tuple[str, bool, Any, bool]]:
    """The list's order as (lookup, descending, column's field, nullable) per ``order_by``
    entry. Every list ends its order on a unique key (``pk``, or agreement and number), so the
    order is total and a cursor points between two rows."""
    fields = []
    for entry in qs.query.order_by:
        if not isinstance(entry, str):  # pragma: no cover - the selectors order by names
            raise TypeError(f"keyset paging needs an order by field names, not {entry!r}")
        lookup = entry.lstrip("-")
        model = qs.model
        parts = lookup.split("__")
        field: Any = None
        for i, part in enumerate(parts):
            field = model._meta.pk if part == "pk" else model._meta.get_field(part)
            if i < len(parts) - 1:
                model = field.related_model
        nullable = field.null
        if field.is_relation:
            if parts[-1] != field.attname:  # pragma: no cover - the selectors name the column
                raise FieldDoesNotExist(f"order on {lookup}_id, not on the relation")
            field = field.target_field  # commitment_id: the commitment's primary key
        fields.append((lookup, entry.startswith("-"), field, nullable))
    return fields


def _signature(qs: QuerySet) -> str:
    """Which list a cursor belongs to: one from /progress is refused on /commitments."""
    text = qs.model._meta.label + "|" + "|".join(map(str, qs.query.order_by))
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _value(row, lookup: str):
    value = row
    for part in lookup.split("__"):
        value = getattr(value, part)
    if value is None or isinstance(value, int | str):
        return value
    return str(value)  # a UUID


def encode_cursor(qs: QuerySet, row) -> str:
    values = [_signature(qs), *(_value(row, lookup) for lookup, *_ in _sort(qs))]
    text = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _checked(field, nullable: bool, value):
    """A value from a cursor as the field's column takes it; PagingError if it cannot be one
    (never a database error: PostgreSQL refuses a bad UUID, NUL or an integer out of range)."""
    if value is None:
        if not nullable:
            raise PagingError(MALFORMED)
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise PagingError(MALFORMED)
    internal = field.get_internal_type()
    if internal.endswith(("IntegerField", "AutoField")):
        if not isinstance(value, int):
            raise PagingError(MALFORMED)
        low, high = connection.ops.integer_field_range(internal)
        if not (low if low is not None else -(2**63)) <= value <= (high or 2**63 - 1):
            raise PagingError(MALFORMED)
        return value
    if not isinstance(value, str) or "\x00" in value:
        raise PagingError(MALFORMED)
    try:
        value.encode()  # a lone surrogate from a JSON escape
        return field.to_python(value)
    except (UnicodeError, ValidationError):
        raise PagingError(MALFORMED) from None


def decode_cursor(qs: QuerySet, cursor: str) -> list:
    """The sort key in ``cursor``, checked against the list's order; PagingError if it is not a
    cursor of this list."""
    try:
        raw = base64.b64decode(cursor + "=" * (-len(cursor) % 4), altchars=b"-_", validate=True)
        values = json.loads(raw.decode())
    except (binascii.Error, UnicodeError, ValueError):
        raise PagingError(MALFORMED) from None
    sort = _sort(qs)
    if not isinstance(values, list) or len(values) != len(sort) + 1:
        raise PagingError(MALFORMED)
    if values[0] != _signature(qs):
        raise PagingError(MALFORMED)
    return [
        _checked(field, nullable, v)
        for (_, _, field, nullable), v in zip(sort, values[1:], strict=True)
    ]


def _beyond(lookup: str, descending: bool, nullable: bool, value) -> Q | None:
    """The rows whose ``lookup`` comes after ``value`` in the order (None: none can). NULLs
    sort as the database sorts them (largest on PostgreSQL, smallest on SQLite)."""
    nulls_last = connection.features.nulls_order_largest != descending
    if value is None:
        return None if nulls_last else Q(**{f"{lookup}__isnull": False})
    after = Q(**{f"{lookup}__{'lt' if descending else 'gt'}": value})
    if nullable and nulls_last:
        after |= Q(**{f"{lookup}__isnull": True})
    return after


def after_cursor(qs: QuerySet, values: list) -> QuerySet:
    """``qs`` from the row after the sort key ``values`` on: (k1, k2, …) > (v1, v2, …) in the
    order's directions, as k1 > v1 OR (k1 = v1 AND k2 > v2) OR …; with k1 ≥ v1 besides, which
    an index on k1 can start from."""
    alternatives = []
    equal: list[Q] = []
    for (lookup, descending, _, nullable), value in zip(_sort(qs), values, strict=True):
        beyond = _beyond(lookup, descending, nullable, value)
        if beyond is not None:
            alternatives.append(reduce(and_, [*equal, beyond]))
        equal.append(Q(**{f"{lookup}__isnull": True}) if value is None else Q(**{lookup: value}))
    if not alternatives:
        return qs.none()
    lookup, descending, _, nullable = _sort(qs)[0]
    if values[0] is not None and not nullable:
        qs = qs.filter(**{f"{lookup}__{'lte' if descending else 'gte'}": values[0]})
    return qs.filter(reduce(or_, alternatives))


# The page ------------------------------------------------------------------------------------


def _refusal(message: str, parameter: str = "cursor") -> Status:
    body = {"detail": message, "errors": [{"parameter": parameter, "message": message}]}
    return Status(422, body)


def refused(request, qs: QuerySet, paging: Paging) -> Status | None:
    """A 422 answer (Dutch) for ``page`` together with ``cursor`` or for a cursor that is not
    one of this list; None when the paging is fine. Call before ``not_modified``."""
    cursor = getattr(paging, "cursor", None)
    if not cursor:
        return None
    if "page" in request.GET:
        return _refusal(BOTH)
    try:
        decode_cursor(qs, cursor)
    except PagingError as error:
        return _refusal(error.message)
    return None


def _count(request, qs: QuerySet, paging: Paging) -> int:
    """The number of results for these filters, counted once per data version."""
    version = stored.version_of(request)
    filters = paging.model_dump(exclude={"page", "page_size", "cursor"})
    parts = [
        request.path,
        json.dumps(filters, sort_keys=True, default=str),
        version.token,
        stored.key_extra(),
    ]
    key = "api-count:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    count = cache.get(key)
    if count is None:
        count = qs.count()
        cache.set(key, count, COUNT_TIMEOUT)
    return count


def _next_url(request, cursor: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query["cursor"] = cursor
    return settings.BASE_URL.rstrip("/") + request.path + "?" + query.urlencode()


def page(request, qs: QuerySet, paging: Paging, convert) -> dict:
    """One page of ``qs`` by page number or by cursor (see the module's description)."""
    size = paging.page_size
    cursor = getattr(paging, "cursor", None)
    count = _count(request, qs, paging)
    if cursor:
        rows = list(after_cursor(qs, decode_cursor(qs, cursor))[: size + 1])
        number = None
    else:
        start = (paging.page - 1) * size
        rows = list(qs[start : start + size + 1])
        number = paging.page
    following = encode_cursor(qs, rows[size - 1]) if len(rows) > size else None
    answer: dict[str, Any] = {"count": count, "page": number, "page_size": size}
    if hasattr(paging, "cursor"):
        answer["next_cursor"] = following
        answer["next"] = _next_url(request, following) if following else None
    answer["results"] = [convert(o) for o in rows[:size]]
    return answer
