"""Reads for check-in at the door: a meeting's participants (the list at the door), the
sign-up behind a QR code's token, its places and the places that count on a certificate of
attendance."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Lower
from django.http import Http404

from driehoek.core.permissions import may

from . import checkin
from .models import Community, Meeting, Registration, Seat, SeatStatus

# The column headers of the list at the door (``core.listing``): whitelisted keys, the name
# breaking ties. ``org_sort`` and ``present`` are annotations of ``meeting_seats``.
SEAT_SORTS = {
    "name": ("name_sort", "registration__name"),
    "organisation": ("org_sort", "name_sort"),
    "party": ("registration__party", "name_sort"),
    "present": ("present", "name_sort"),
}
WAITING_SORTS = {"since": ("waiting_since",)}
PRESENT, ABSENT = "present", "absent"


def meeting_seats(meeting: Meeting, *, q: str = "", presence: str = "") -> dict[str, QuerySet]:
    """The meeting's ``confirmed`` places and its ``waiting`` list as QuerySets for
    ``core.listing``: ``q`` searches the name and the organisation, ``presence`` (PRESENT or
    ABSENT) narrows the confirmed places to who has or has not been checked in."""
    seats = (
        Seat.objects.filter(meeting=meeting)
        .exclude(status=SeatStatus.CANCELLED)
        .select_related("registration__organisation", "meeting")
    )
    q = q.strip()
    if q:
        seats = seats.filter(
            Q(registration__name__icontains=q)
            | Q(registration__organisation_name__icontains=q)
            | Q(registration__organisation__name__icontains=q)
        )
    confirmed = seats.filter(status=SeatStatus.CONFIRMED).annotate(
        name_sort=Lower("registration__name"),
        org_sort=Lower(
            Coalesce("registration__organisation__name", "registration__organisation_name")
        ),
        present=Case(
            When(attended_at__isnull=False, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        ),
    )
    if presence == PRESENT:
        confirmed = confirmed.filter(attended_at__isnull=False)
    elif presence == ABSENT:
        confirmed = confirmed.filter(attended_at__isnull=True)
    return {"confirmed": confirmed, "waiting": seats.filter(status=SeatStatus.WAITING)}


def registration_by_checkin_token(*, community: Community, token: str) -> Registration:
    """The sign-up a QR code points to; 404 for a wrong token or another community's sign-up.
    Call after the organiser check (``community.check_in``)."""
    pk = checkin.registration_pk(token)
    if pk is None:
        raise Http404
    try:
        return community.registrations.select_related("organisation", "community").get(pk=pk)
    except Registration.DoesNotExist:
        raise Http404 from None


def confirmed_seats(registration: Registration) -> list[Seat]:
    """The sign-up's confirmed places, meeting first to last."""
    return list(
        registration.seats.filter(status=SeatStatus.CONFIRMED)
        .select_related("meeting", "registration")
        .order_by("meeting__starts_at", "pk")
    )


def registration_seat_get(*, registration: Registration, pk: int) -> Seat:
    try:
        return registration.seats.select_related("meeting", "registration").get(pk=pk)
    except Seat.DoesNotExist:
        raise Http404 from None


def certified_seats(attended: list[Seat]) -> list[Seat]:
    """The attended places that go on the certificate: those whose meeting has ended."""
    return [s for s in attended if may(None, "community.certify_seat", s)]
