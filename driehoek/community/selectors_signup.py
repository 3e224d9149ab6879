"""Reads for the public sign-up form: the meetings one can choose (with whether each is full)
and the organisations that match what someone types. Bounded queries: the suggestions are
cheap enough to run on every keystroke."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

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
