"""Reads for the organisation picker (``organisations.picker``) and its suggestions endpoint:
organisations whose name matches what someone typed, compared without case or accents
(``folding``). Each read is one bounded query; the picker reads only within the queryset the
view passes, so it narrows what the view allows and never widens it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Q, QuerySet, When

from .folding import Folded, fold, search_words
from .models import Organisation

MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
# What the endpoint sends at most, and what "Did you mean:" offers at most.
SUGGESTION_LIMIT = 20
DID_YOU_MEAN_LIMIT = 8


def matching(
    queryset: QuerySet[Organisation], text: str, *, limit: int = SUGGESTION_LIMIT
) -> list[Organisation]:
    """At most ``limit`` organisations of ``queryset`` whose name holds every telling word
    typed; those existing today first, then names starting with what was typed, then by name.
    Nothing for less than two letters. One query."""
    folded = fold(text[:MAX_QUERY_LENGTH])
    words = search_words(folded)
    if len(folded) < MIN_QUERY_LENGTH or not words:
        return []
    qs = queryset.annotate(folded_name=Folded("name"))
    for word in words:
        qs = qs.filter(folded_name__contains=word)
    qs = qs.annotate(
        rank_current=Case(When(is_current=True, then=0), default=1),
        rank_start=Case(
            When(
                Q(folded_name__startswith=folded) | Q(folded_name__startswith=" ".join(words)),
                then=0,
            ),
            default=1,
        ),
    )
    return list(qs.order_by("rank_current", "rank_start", "name", "pk")[:limit])


def named(queryset: QuerySet[Organisation], text: str) -> list[Organisation]:
    """The organisations of ``queryset`` whose name is ``text`` without case or accents (at
    most a few: the caller wants exactly one). One query."""
    folded = fold(text[:MAX_QUERY_LENGTH])
    if not folded:
        return []
    return list(
        queryset.annotate(folded_name=Folded("name"))
        .filter(folded_name=folded)
        .order_by("-is_current", "name", "pk")[:DID_YOU_MEAN_LIMIT]
    )


def by_id(queryset: QuerySet[Organisation], value: object) -> Organisation | None:
    """The organisation of ``queryset`` with this id (as sent by a form); None for anything
    else. At most one query."""
    text = str(value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return queryset.filter(pk=int(text)).first()


def small_list(queryset: QuerySet[Organisation], limit: int) -> list[Organisation] | None:
    """All of ``queryset`` when it holds at most ``limit`` organisations (a short list is
    easier to choose from), else None. One query."""
    found = list(queryset.order_by("name", "pk")[: limit + 1])
    return found if len(found) <= limit else None


def public_suggestions(
    text: str, *, kinds: Iterable[str] = (), current_only: bool = False
) -> list[Organisation]:
    """What the suggestions endpoint sends anyone: active organisations (the public
    directory's), of ``kinds`` when given, that match ``text``. One query."""
    qs = Organisation.objects.active()
    kinds = [k for k in kinds if k]
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if current_only:
        qs = qs.current()
    return matching(qs, text)
