"""Reads for the public sign-up: the meetings one can choose (with whether each is full), the
organisations that match what someone types, and the open edition an old series points to.
Bounded queries: the suggestions are cheap enough to run on every keystroke."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from driehoek.core.permissions import may
from driehoek.organisations.folding import Folded, fold
from driehoek.organisations.models import Organisation, OrganisationKind
from driehoek.organisations.selectors import kinds_for_party
from driehoek.organisations.selectors_picker import matching

from .models import Community, Meeting, SeatStatus


def signup_meetings(community: Community, now=None) -> QuerySet[Meeting]:
    """The community's meetings still to come, each with ``confirmed_count``: a meeting whose
    confirmed places reach its capacity puts a new sign-up on the waiting list."""
    now = now or timezone.now()
    return (
        community.meetings.filter(starts_at__gt=now)
        .annotate(confirmed_count=Count("seats", filter=Q(seats__status=SeatStatus.CONFIRMED)))
        .order_by("starts_at", "pk")
    )


def open_next_edition(community: Community, *, user) -> Community | None:
    """The edition a series points to, when that one is visible and open for sign-up."""
    if community.next_edition_id is None:
        return None
    edition = Community.objects.filter(pk=community.next_edition_id).first()
    if edition is None or not may(user, "community.view", edition):
        return None
    now = timezone.now()
    if not edition.signup_open(now) or not edition.meetings.filter(starts_at__gt=now).exists():
        return None
    return edition


def next_edition_choices(community: Community | None) -> QuerySet[Community]:
    """What an organiser may point a series to: the other published communities."""
    qs = Community.objects.filter(is_published=True)
    if community is not None and community.pk:
        qs = qs.exclude(pk=community.pk)
    return qs.order_by("title", "pk")


# --- organisations that match what someone types ------------------------------------------------

SUGGESTION_LIMIT = 10
MIN_QUERY_LENGTH = 2
MAX_QUERY_LENGTH = 100
# The kinds a volunteer's organisation is suggested from when no party narrows it.
SUGGESTION_KINDS = (
    OrganisationKind.GEMEENTE,
    OrganisationKind.CORPORATIE,
    OrganisationKind.HUURDERS,
    OrganisationKind.BEWONERSCOMMISSIE,
)


def _suggestion_kinds(party: str) -> list[str]:
    return list(kinds_for_party(party) or SUGGESTION_KINDS)


def organisation_suggestions(
    text: str, *, party: str = "", limit: int = SUGGESTION_LIMIT
) -> list[Organisation]:
    """At most ``limit`` active organisations whose name holds every word typed (leaving out
    words like "gemeente" while another remains), case- and accent-insensitive; of the kinds
    of ``party`` when given. Organisations that exist today first, then names that start with
    what was typed (or its telling words), then by name. Reference data and organisations registered here (tenant
    organisations are in no public list) alike. One query."""
    return matching(
        Organisation.objects.active().filter(kind__in=_suggestion_kinds(party)), text, limit=limit
    )


def organisation_exact(text: str, *, party: str = "") -> Organisation | None:
    """The one active organisation of the party's kinds whose name is ``text`` (case- and
    accent-insensitive), None when there is none or more than one. One query."""
    folded = fold(text[:MAX_QUERY_LENGTH])
    if not folded:
        return None
    found = list(
        Organisation.objects.active()
        .filter(kind__in=_suggestion_kinds(party))
        .annotate(folded_name=Folded("name"))
        .filter(folded_name=folded)
        .order_by("-is_current", "pk")[:2]
    )
    return found[0] if len(found) == 1 else None


def organisation_chosen(value: str) -> Organisation | None:
    """The active organisation a suggestion named by its id; None for anything else. At most
    one query."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return Organisation.objects.active().filter(pk=int(value)).first()
