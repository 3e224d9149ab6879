"""The e-mails to people who sign up (sent after commit)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from ..checkin import checkin_url, qr_png
from ..ics import meetings_calendar
from ..models import (
    Community,
    Registration,
    Seat,
    SeatStatus,
)
from .limits import CONFIRM_VALID_DAYS

# --- mail -------------------------------------------------------------------------------------


def personal_url(token: str) -> str:
    return settings.BASE_URL + reverse("community:registration", kwargs={"token": token})


def _resend_url(community: Community) -> str:
    return settings.BASE_URL + reverse("community:resend_link", kwargs={"slug": community.slug})


QR_FILENAME = "qr-code-aanwezig.png"


def _send(
    to: str, subject: str, template: str, context: dict, *, attach_ics=None, attach_qr=None
) -> None:
    if not to:
        return
    body = render_to_string(f"community/email/{template}.txt", context)
    message = EmailMessage(subject, body, None, [to])
    if attach_ics is not None:
        filename, meetings, name = attach_ics
        message.attach(filename, meetings_calendar(meetings, name=name), "text/calendar")
    if attach_qr is not None:
        # The QR code for check-in at the door (see checkin.py), as a PNG any phone shows.
        message.attach(QR_FILENAME, qr_png(checkin_url(attach_qr)), "image/png")
    message.send()


def _mail_confirm_request(registration: Registration, token: str) -> None:
    _send(
        registration.email,
        _("Please confirm your sign-up for %(community)s") % {"community": registration.community},
        "confirm_request",
        {"registration": registration, "url": personal_url(token), "days": CONFIRM_VALID_DAYS},
    )


def _mail_personal_link(registration: Registration, token: str) -> None:
    _send(
        registration.email,
        _("Your personal link for %(community)s") % {"community": registration.community},
        "personal_link",
        {"registration": registration, "url": personal_url(token)},
    )


def _mail_confirmed(registration: Registration, token: str | None) -> None:
    seats = list(registration.seats.select_related("meeting").exclude(status=SeatStatus.CANCELLED))
    _send(
        registration.email,
        _("Your sign-up for %(community)s is confirmed") % {"community": registration.community},
        "confirmed",
        {
            "registration": registration,
            "seats": seats,
            "url": personal_url(token) if token else "",
            "series_url": settings.BASE_URL
            + reverse("community:series_ics", kwargs={"slug": registration.community.slug}),
            "qr_filename": QR_FILENAME,
        },
        attach_ics=(
            "bijeenkomsten.ics",
            [s.meeting for s in seats if s.status == SeatStatus.CONFIRMED],
            registration.community.title,
        ),
        attach_qr=registration,
    )


def _mail_promoted(seat_pk: int) -> None:
    seat = Seat.objects.select_related("registration__community", "meeting").get(pk=seat_pk)
    _send(
        seat.registration.email,
        _("A place has become free for you: %(meeting)s") % {"meeting": seat.meeting},
        "promoted",
        {
            "seat": seat,
            "registration": seat.registration,
            "meeting": seat.meeting,
            "resend_url": _resend_url(seat.registration.community),
        },
        attach_ics=("bijeenkomst.ics", [seat.meeting], seat.registration.community.title),
    )
