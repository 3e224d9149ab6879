"""Reads for the public sign-up: the meetings one can choose (with whether each is full), the
organisations that match what someone types, and the open edition an old series points to. Bounded queries: the suggestions are
cheap enough to run on every keystroke."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from driehoek.core.permissions import may

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
