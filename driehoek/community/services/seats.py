"""Places at meetings: held from the confirmation, never over capacity (the meeting row is
locked before counting), a freed place goes to the waiting list in the same transaction."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from driehoek.core import audit

from ..models import (
    Community,
    Meeting,
    Registration,
    Seat,
    SeatStatus,
)
from .mail import _mail_promoted

# --- seats --------------------------------------------------------------------------------------


def _places_free(meeting: Meeting, party: str, now) -> bool:
    """May one more person of ``party`` get a confirmed place? Call with the meeting locked."""
    community = meeting.community
    confirmed = Seat.objects.filter(meeting=meeting, status=SeatStatus.CONFIRMED)
    if community.reservation_active(now):
        counts = confirmed.aggregate(
            total=Count("pk"),
            reserved=Count("pk", filter=Q(registration__party=community.reserved_party)),
        )
        if counts["total"] >= meeting.capacity:
            return False
        if party == community.reserved_party:
            return True
        reserved_places = meeting.capacity * community.reserved_percent // 100
        others = counts["total"] - counts["reserved"]
        return others < meeting.capacity - reserved_places
    return confirmed.count() < meeting.capacity


def _lock_meetings(ids) -> dict[int, Meeting]:
    meetings = Meeting.objects.select_for_update().filter(pk__in=list(ids)).order_by("pk")
    locked = {m.pk: m for m in meetings}
    community_ids = {m.community_id for m in locked.values()}
    communities = {c.pk: c for c in Community.objects.filter(pk__in=community_ids)}
    for m in locked.values():
        m.community = communities[m.community_id]
    return locked


def _allocate(registration: Registration, meetings: list[Meeting], now) -> list[Seat]:
    """Give the registration a place (or a waiting-list place) at each meeting."""
    locked = _lock_meetings(m.pk for m in meetings)
    seats = []
    existing = {s.meeting_id: s for s in registration.seats.all()}
    for meeting in sorted(locked.values(), key=lambda m: (m.starts_at, m.pk)):
        seat = existing.get(meeting.pk)
        if seat is not None and seat.status != SeatStatus.CANCELLED:
            seats.append(seat)
            continue
        status = (
            SeatStatus.CONFIRMED
            if _places_free(meeting, registration.party, now)
            else SeatStatus.WAITING
        )
        if seat is None:
            seat = Seat(registration=registration, meeting=meeting)
        seat.status = status
        seat.waiting_since = now if status == SeatStatus.WAITING else None
        seat.promoted_at = None
        seat.save()
        seats.append(seat)
    return seats


def _promote(meeting: Meeting, now) -> list[Seat]:
    """Fill free places from the waiting list, first come first served. Meeting must be locked."""
    promoted: list[Seat] = []
    if meeting.starts_at <= now:
        return promoted
    waiting = (
        Seat.objects.filter(meeting=meeting, status=SeatStatus.WAITING)
        .select_related("registration")
        .order_by("waiting_since", "pk")
    )
    for seat in waiting:
        if not _places_free(meeting, seat.registration.party, now):
            if not meeting.community.reservation_active(now):
                break
            continue  # a reserved place may still fit someone further down the list
        seat.status = SeatStatus.CONFIRMED
        seat.promoted_at = now
        seat.save(update_fields=["status", "promoted_at", "updated_at"])
        audit.log(
            action="community.seat.promoted",
            target=seat.registration,
            data={"meeting": meeting.title},
        )
        transaction.on_commit(partial(_mail_promoted, seat.pk))
        promoted.append(seat)
    return promoted


def fill_free_places(*, community: Community, now=None) -> int:
    """Promote from the waiting lists of every future meeting (e.g. after a reservation ended or
    the capacity was raised)."""
    now = now or timezone.now()
    total = 0
    for meeting_id in community.meetings.filter(starts_at__gt=now).values_list("pk", flat=True):
        with transaction.atomic():
            meeting = _lock_meetings([meeting_id])[meeting_id]
            total += len(_promote(meeting, now))
    return total


def _cancel_seat(seat: Seat, now) -> None:
    meeting = _lock_meetings([seat.meeting_id])[seat.meeting_id]
    seat.refresh_from_db()
    if seat.status == SeatStatus.CANCELLED:
        return
    was_confirmed = seat.status == SeatStatus.CONFIRMED
    seat.status = SeatStatus.CANCELLED
    seat.save(update_fields=["status", "updated_at"])
    if was_confirmed:
        _promote(meeting, now)
