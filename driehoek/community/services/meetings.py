"""At the meeting and for its organisers: check-in, reminders, messages to participants and
the organisers' edits (community, meeting, agenda, materials, questions, knowledge)."""

from __future__ import annotations

from datetime import timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.dates import long_datetime
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may
from driehoek.core.versioning import save_versioned

from ..models import (
    Community,
    Meeting,
    OrganiserMessage,
    RegistrationStatus,
    Seat,
    SeatStatus,
)
from .mail import _resend_url, _send
from .seats import _lock_meetings, _promote

# --- at the meeting ----------------------------------------------------------------------------


def seat_check_in(*, seat: Seat, actor, present: bool = True) -> Seat:
    """Check a person in (or undo it): a confirmed place, on the meeting's day only."""
    with transaction.atomic():
        seat = (
            Seat.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=seat.pk)
        )
        if not may(actor, "community.check_in_seat", seat):
            raise ServiceError(_("Only people with a confirmed place can be checked in."))
        if not may(actor, "community.check_in_today", seat.meeting):
            day = formats.date_format(timezone.localtime(seat.meeting.starts_at), "l j F Y")
            raise ServiceError(
                _("Check-in is only possible on the day of the meeting: %(day)s.") % {"day": day}
            )
        seat.attended_at = timezone.now() if present else None
        seat.save(update_fields=["attended_at", "updated_at"])
        audit.log(
            action="community.seat.checked_in" if present else "community.seat.check_in_undone",
            target=seat.registration,
            actor=actor,
            data={"meeting": seat.meeting.title},
        )
    return seat


def send_reminders(*, now=None, stdout=None) -> int:
    """Send one reminder per confirmed seat for meetings starting within the community's
    reminder period. A seat is claimed with a conditional UPDATE before its mail is sent, so
    running this again (or twice at once) sends nothing twice."""
    now = now or timezone.now()
    sent = 0
    candidates = (
        Seat.objects.filter(
            status=SeatStatus.CONFIRMED,
            reminder_sent_at__isnull=True,
            meeting__starts_at__gt=now,
            registration__status=RegistrationStatus.CONFIRMED,
        )
        .exclude(registration__email="")
        .select_related("meeting__community", "registration")
    )
    for seat in candidates:
        community = seat.meeting.community
        if seat.meeting.starts_at > now + timedelta(days=community.reminder_days):
            continue
        claimed = Seat.objects.filter(pk=seat.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=now
        )
        if not claimed:
            continue
        _send(
            seat.registration.email,
            _("Reminder: %(meeting)s on %(date)s")
            % {
                "meeting": seat.meeting.title,
                "date": long_datetime(seat.meeting.starts_at),
            },
            "reminder",
            {
                "seat": seat,
                "meeting": seat.meeting,
                "registration": seat.registration,
                "resend_url": _resend_url(community),
            },
            attach_ics=("bijeenkomst.ics", [seat.meeting], community.title),
        )
        sent += 1
        if stdout is not None:
            stdout.write(f"  reminder for {seat.meeting.title} to sign-up #{seat.registration_id}")
    return sent


def message_send(
    *, meeting: Meeting, actor, subject: str, body: str, include_waiting: bool = False
) -> OrganiserMessage:
    statuses = [SeatStatus.CONFIRMED] + ([SeatStatus.WAITING] if include_waiting else [])
    recipients = list(
        Seat.objects.filter(meeting=meeting, status__in=statuses)
        .exclude(registration__email="")
        .values_list("registration__email", flat=True)
    )
    if not recipients:
        raise ServiceError(_("Nobody has signed up for this meeting yet."))
    with transaction.atomic():
        message = OrganiserMessage.objects.create(
            meeting=meeting,
            subject=subject,
            body=body,
            include_waiting=include_waiting,
            recipients=len(recipients),
            sent_by=actor,
        )
        audit.log(
            action="community.message.sent",
            target=message,
            actor=actor,
            data={"recipients": len(recipients)},
        )

        def send():
            connection = get_connection()
            mails = [
                EmailMessage(
                    subject,
                    render_to_string(
                        "community/email/organiser_message.txt", {"meeting": meeting, "body": body}
                    ),
                    None,
                    [to],
                    connection=connection,
                )
                for to in recipients
            ]
            connection.send_messages(mails)

        transaction.on_commit(send)
    return message


# --- organiser edits ----------------------------------------------------------------------------


def organiser_save(*, form, actor, action: str, **attrs):
    """Save an organiser's ModelForm (community, meeting, agenda item, material, question,
    knowledge item) atomically with an audit event."""
    with transaction.atomic():
        obj = form.save(commit=False)
        for key, value in attrs.items():
            setattr(obj, key, value)
        obj.save()
        form.save_m2m()
        audit.log(action=action, target=obj, actor=actor)
    return obj


def community_create(*, form, actor) -> Community:
    with transaction.atomic():
        community = organiser_save(form=form, actor=actor, action="community.community.created")
        if not may(actor, "community.organise_every_community"):
            community.organisers.add(actor)
    return community


def meeting_save(
    *, form, actor, community: Community, created: bool, expected_version: int | None = None
) -> Meeting:
    with transaction.atomic():
        if not created:
            # Claim the row first (no lost update); organiser_save then writes the new version.
            save_versioned(
                form.instance,
                expected=expected_version,
                fields=form._meta.fields,
                update_fields=[],
            )
        meeting = organiser_save(
            form=form,
            actor=actor,
            action="community.meeting.created" if created else "community.meeting.updated",
            community=community,
        )
        if meeting.ends_at <= meeting.starts_at:
            raise ServiceError(_("The meeting must end after it starts."), field="ends_at")
        if not created:
            locked = _lock_meetings([meeting.pk])[meeting.pk]
            _promote(locked, timezone.now())
    return meeting
