"""Reads for check-in at the door: the sign-up behind a QR code's token, its places and the
places that count on a certificate of attendance."""

from __future__ import annotations

from django.http import Http404

from driehoek.core.permissions import may

from . import checkin
from .models import Community, Registration, Seat, SeatStatus


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
