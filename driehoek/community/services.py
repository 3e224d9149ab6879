"""Writes for the Community of Practice: atomic, audited, mail after commit.

Seats are held from the moment a sign-up is confirmed through the link in the e-mail (double
opt-in). Before that nothing is held. Every allocation locks the meeting row
(``select_for_update``) before counting confirmed seats, so a meeting never goes over capacity,
also when many people confirm at the same moment. A freed place goes to the first person on the
waiting list who fits (first come, first served) in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit, ratelimit
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may
from driehoek.core.versioning import save_versioned

from .ics import meetings_calendar
from .models import (
    Community,
    Meeting,
    OrganiserMessage,
    Question,
    Registration,
    RegistrationStatus,
    Seat,
    SeatStatus,
    Team,
)

CONFIRM_VALID_DAYS = 7
RATE_LIMIT_WINDOW = 60 * 60
RATE_LIMIT_PER_EMAIL = 5
RATE_LIMIT_PER_IP = 30


# --- mail -------------------------------------------------------------------------------------


def personal_url(token: str) -> str:
    return settings.BASE_URL + reverse("community:registration", kwargs={"token": token})


def _resend_url(community: Community) -> str:
    return settings.BASE_URL + reverse("community:resend_link", kwargs={"slug": community.slug})


def _send(to: str, subject: str, template: str, context: dict, *, attach_ics=None) -> None:
    if not to:
        return
    body = render_to_string(f"community/email/{template}.txt", context)
    message = EmailMessage(subject, body, None, [to])
    if attach_ics is not None:
        filename, meetings, name = attach_ics
        message.attach(filename, meetings_calendar(meetings, name=name), "text/calendar")
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
        },
        attach_ics=(
            "bijeenkomsten.ics",
            [s.meeting for s in seats if s.status == SeatStatus.CONFIRMED],
            registration.community.title,
        ),
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


# --- rate limit -------------------------------------------------------------------------------


def check_rate_limit(*, email: str, ip: str) -> None:
    """Limit sign-ups per e-mail address and per client address (``core.clientip``), never
    globally: a burst from one client blocks that client only."""
    email_key = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    window = RATE_LIMIT_WINDOW
    too_many = ratelimit.hit(
        f"community:email:{email_key}", limit=RATE_LIMIT_PER_EMAIL, window=window
    )
    if ip:
        too_many = (
            ratelimit.hit(f"community:ip:{ip}", limit=RATE_LIMIT_PER_IP, window=window) or too_many
        )
    if too_many:
        raise ServiceError(
            _("There were too many sign-up attempts. Please try again in an hour."),
            code="rate_limited",
        )


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


# --- sign-up ----------------------------------------------------------------------------------


def _future_meetings(community: Community, now) -> list[Meeting]:
    return list(community.meetings.filter(starts_at__gt=now).order_by("starts_at", "pk"))


def _check_open(community: Community, now) -> None:
    if not community.signup_open(now):
        raise ServiceError(_("Sign-up for this community has closed."), code="closed")
    if not community.meetings.filter(starts_at__gt=now).exists():
        raise ServiceError(_("There are no upcoming meetings to sign up for."), code="closed")


def _check_meetings(community: Community, whole_series: bool, meetings, now) -> list[Meeting]:
    if whole_series:
        return []
    meetings = list(meetings or [])
    if not meetings:
        raise ServiceError(
            _("Choose at least one meeting, or sign up for the whole series."), field="meetings"
        )
    for meeting in meetings:
        if meeting.community_id != community.pk:
            raise ServiceError(_("This meeting is not part of this community."), field="meetings")
        if meeting.starts_at <= now:
            raise ServiceError(
                _("The meeting “%(meeting)s” has already taken place.")
                % {"meeting": meeting.title},
                field="meetings",
            )
    return meetings


def resend_link(*, community: Community, email: str) -> bool:
    """Send the personal link (or the confirmation request) again. A new link replaces the old
    one: only a hash of the token is stored. Returns False when no sign-up was found."""
    email = email.strip().lower()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(community=community, email__iexact=email)
            .exclude(status=RegistrationStatus.CANCELLED)
            .first()
        )
        if registration is None:
            return False
        token = registration.set_token()
        if registration.status == RegistrationStatus.PENDING:
            registration.created_at = timezone.now()  # a fresh link gets a fresh week
            registration.save(update_fields=["token_hash", "created_at", "updated_at"])
            transaction.on_commit(lambda: _mail_confirm_request(registration, token))
        else:
            registration.save(update_fields=["token_hash", "updated_at"])
            transaction.on_commit(lambda: _mail_personal_link(registration, token))
        audit.log(action="community.registration.link_resent", target=registration)
    return True


def registration_create(
    *,
    community: Community,
    name: str,
    email: str,
    party: str,
    consent: bool,
    organisation=None,
    organisation_name: str = "",
    function: str = "",
    province: str = "",
    whole_series: bool = True,
    meetings=None,
    questions=None,
    own_question: str = "",
    needs: str = "",
    team: Team | None = None,
    is_demo: bool = False,
    now=None,
) -> tuple[Registration, str]:
    """A new sign-up, waiting for confirmation. Returns the registration and its raw token."""
    now = now or timezone.now()
    email = email.strip().lower()
    _check_open(community, now)
    if not consent:
        raise ServiceError(
            _("You can only sign up if you agree to the privacy statement."), field="consent"
        )
    if not name.strip():
        raise ServiceError(_("Fill in your name."), field="name")
    if organisation is None and not organisation_name.strip():
        raise ServiceError(
            _("Choose your organisation from the list or type its name."), field="organisation_name"
        )
    meetings = _check_meetings(community, whole_series, meetings, now)
    existing = Registration.objects.filter(community=community, email__iexact=email).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        resend_link(community=community, email=email)
        raise ServiceError(
            _(
                "You have already signed up with this e-mail address. We have sent your "
                "personal link to %(email)s again: use it to view or change your sign-up."
            )
            % {"email": email},
            field="email",
            code="duplicate",
        )
    try:
        return _registration_save(
            existing=existing,
            community=community,
            email=email,
            name=name,
            party=party,
            organisation=organisation,
            organisation_name=organisation_name,
            function=function,
            province=province,
            whole_series=whole_series,
            meetings=meetings,
            questions=questions,
            own_question=own_question,
            needs=needs,
            team=team,
            is_demo=is_demo,
            now=now,
        )
    except IntegrityError:
        # The same address signed up twice at the same moment: the other one won.
        raise ServiceError(
            _("You have already signed up with this e-mail address. Use the link in your e-mail."),
            field="email",
            code="duplicate",
        ) from None


def _registration_save(
    *,
    existing,
    community,
    email,
    name,
    party,
    organisation,
    organisation_name,
    function,
    province,
    whole_series,
    meetings,
    questions,
    own_question,
    needs,
    team,
    is_demo,
    now,
) -> tuple[Registration, str]:
    with transaction.atomic():
        registration = existing or Registration(community=community, email=email)
        if existing is not None:
            registration.seats.all().delete()
            registration.created_at = now
        registration.status = RegistrationStatus.PENDING
        registration.name = name.strip()
        registration.organisation = organisation
        registration.organisation_name = "" if organisation else organisation_name.strip()
        registration.party = party
        registration.function = function.strip()
        registration.province = province or (organisation.province if organisation else "")
        registration.whole_series = whole_series
        registration.needs = needs.strip()
        registration.consent_at = now
        registration.confirmed_at = None
        registration.cancelled_at = None
        registration.team = team
        registration.is_demo = is_demo
        token = registration.set_token()
        registration.save()
        registration.chosen_meetings.set(meetings)
        registration.questions.set(list(questions or []))
        if own_question.strip():
            Question.objects.create(
                community=community, text=own_question.strip(), registration=registration
            )
        audit.log(
            action="community.registration.created",
            target=registration,
            organisation=organisation,
            data={"party": party, "whole_series": whole_series},
        )
        transaction.on_commit(lambda: _mail_confirm_request(registration, token))
    return registration, token


def team_create(*, community: Community, place: str, members: list[dict], **shared) -> Team:
    """A triangle signs up together: one registration per member, each confirms by e-mail."""
    now = timezone.now()
    _check_open(community, now)
    if not place.strip():
        raise ServiceError(_("Fill in the place you work for together."), field="place")
    emails = [m["email"].strip().lower() for m in members]
    if len(set(emails)) != len(emails):
        raise ServiceError(_("Each member of the team needs their own e-mail address."))
    taken = Registration.objects.filter(community=community, email__in=emails).exclude(
        status=RegistrationStatus.CANCELLED
    )
    already = taken.first()
    if already is not None:
        raise ServiceError(
            _(
                "%(email)s has already signed up. That person can use their personal link; "
                "sign up the others on their own."
            )
            % {"email": already.email}
        )
    with transaction.atomic():
        team = Team.objects.create(community=community, place=place.strip())
        for member in members:
            registration_create(community=community, team=team, now=now, **member, **shared)
        audit.log(action="community.team.created", target=team, data={"members": len(members)})
    return team


def registration_confirm(*, registration: Registration, token: str = "", now=None) -> Registration:
    """Double opt-in: the person clicked the link. Places are taken now."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CONFIRMED:
            return registration
        if registration.status == RegistrationStatus.CANCELLED:
            raise ServiceError(
                _("This sign-up was cancelled. Sign up again if you want to take part.")
            )
        if registration.created_at < now - timedelta(days=CONFIRM_VALID_DAYS):
            raise ServiceError(
                _("This confirmation link has expired. Sign up again to receive a new one."),
                code="expired",
            )
        community = registration.community
        if not community.signup_open(now):
            raise ServiceError(_("Sign-up for this community has closed."), code="closed")
        if registration.whole_series:
            meetings = _future_meetings(community, now)
        else:
            meetings = [m for m in registration.chosen_meetings.all() if m.starts_at > now]
        if not meetings:
            raise ServiceError(_("There are no upcoming meetings to sign up for."), code="closed")
        registration.status = RegistrationStatus.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at", "updated_at"])
        _allocate(registration, meetings, now)
        audit.log(
            action="community.registration.confirmed",
            target=registration,
            organisation=registration.organisation,
        )
        transaction.on_commit(lambda: _mail_confirmed(registration, token or None))
    return registration


def registration_update(
    *,
    registration: Registration,
    name: str,
    function: str = "",
    province: str = "",
    needs: str = "",
    whole_series: bool = True,
    meetings=None,
    now=None,
) -> Registration:
    """Change one's details and the meetings one comes to. Newly chosen meetings get a place or
    a waiting-list place; meetings no longer chosen are cancelled (and free a place)."""
    now = now or timezone.now()
    if not may(None, "community.edit_registration", registration):
        raise ServiceError(_("This sign-up was cancelled and can no longer be changed."))
    if not name.strip():
        raise ServiceError(_("Fill in your name."), field="name")
    community = registration.community
    chosen = _check_meetings(community, whole_series, meetings, now)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.name = name.strip()
        registration.function = function.strip()
        registration.province = province
        registration.needs = needs.strip()
        registration.whole_series = whole_series
        registration.save()
        registration.chosen_meetings.set(chosen)
        if registration.status == RegistrationStatus.CONFIRMED:
            wanted = _future_meetings(community, now) if whole_series else chosen
            wanted_ids = {m.pk for m in wanted}
            for seat in registration.seats.filter(meeting__starts_at__gt=now).exclude(
                status=SeatStatus.CANCELLED
            ):
                if seat.meeting_id not in wanted_ids:
                    _cancel_seat(seat, now)
            _allocate(registration, wanted, now)
        audit.log(action="community.registration.updated", target=registration)
    return registration


def seat_cancel(*, seat: Seat, now=None) -> None:
    now = now or timezone.now()
    if not may(None, "community.cancel_seat", seat):
        raise ServiceError(_("This meeting has already taken place."))
    with transaction.atomic():
        _cancel_seat(seat, now)
        audit.log(
            action="community.seat.cancelled",
            target=seat.registration,
            data={"meeting": seat.meeting.title},
        )


def registration_cancel(*, registration: Registration, now=None) -> Registration:
    now = now or timezone.now()
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        for seat in registration.seats.filter(meeting__starts_at__gt=now).order_by("meeting_id"):
            _cancel_seat(seat, now)
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit.log(action="community.registration.cancelled", target=registration)
    return registration


def _anonymise(registration: Registration, now) -> None:
    registration.name = ""
    registration.email = ""
    registration.function = ""
    registration.needs = ""
    registration.token_hash = None
    registration.anonymised_at = now
    if registration.organisation_id is None:
        # A typed organisation name could be a person's own name (a one-person firm).
        registration.organisation_name = ""
    registration.save()
    Question.objects.filter(registration=registration).update(registration=None)


def registration_erase(*, registration: Registration, now=None) -> None:
    """The person asks us to delete their personal data: cancel and anonymise now."""
    now = now or timezone.now()
    registration_cancel(registration=registration, now=now)
    with transaction.atomic():
        registration.refresh_from_db()
        _anonymise(registration, now)
        audit.log(action="community.registration.erased", target=registration)


def registration_export(registration: Registration) -> str:
    """Everything we keep about the person, as JSON (right of access)."""
    data = {
        "community": registration.community.title,
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation_label,
        "party": registration.get_party_display(),
        "function": registration.function,
        "province": registration.province,
        "needs": registration.needs,
        "status": registration.get_status_display(),
        "whole_series": registration.whole_series,
        "consent_at": registration.consent_at.isoformat() if registration.consent_at else None,
        "confirmed_at": registration.confirmed_at.isoformat()
        if registration.confirmed_at
        else None,
        "created_at": registration.created_at.isoformat(),
        "team": registration.team.place if registration.team else None,
        "questions": [q.text for q in registration.questions.all()],
        "own_questions": [q.text for q in registration.own_questions.all()],
        "meetings": [
            {
                "meeting": s.meeting.title,
                "starts_at": s.meeting.starts_at.isoformat(),
                "status": s.get_status_display(),
                "checked_in_at": s.attended_at.isoformat() if s.attended_at else None,
            }
            for s in registration.seats.select_related("meeting")
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def purge_unconfirmed(*, now=None, stdout=None) -> int:
    """Delete sign-ups that were never confirmed within the link's validity: the confirmation
    e-mail promises this to people who did not sign up themselves."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = Registration.objects.filter(
            status=RegistrationStatus.PENDING,
            created_at__lt=now - timedelta(days=CONFIRM_VALID_DAYS),
        )
        ids = list(stale.values_list("pk", flat=True))
        Question.objects.filter(registration_id__in=ids).delete()
        Registration.objects.filter(pk__in=ids).delete()
    if stdout is not None:
        stdout.write(f"  {len(ids)} unconfirmed sign-up(s) deleted")
    return len(ids)


def anonymise_expired(*, now=None, stdout=None) -> int:
    """Anonymise sign-ups of communities whose last meeting ended more than the retention
    period ago. Returns the number anonymised."""
    now = now or timezone.now()
    total = 0
    for community in Community.objects.all():
        last = community.meetings.order_by("-ends_at").first()
        if last is None or last.ends_at + timedelta(days=community.retention_days) > now:
            continue
        with transaction.atomic():
            todo = list(
                community.registrations.select_for_update().filter(anonymised_at__isnull=True)
            )
            for registration in todo:
                _anonymise(registration, now)
            if todo:
                audit.log(
                    action="community.registrations.anonymised",
                    target=community,
                    data={"count": len(todo)},
                )
        total += len(todo)
        if stdout is not None:
            stdout.write(f"  {community.title}: {len(todo)} sign-up(s) anonymised")
    return total


# --- at the meeting ----------------------------------------------------------------------------


def seat_check_in(*, seat: Seat, actor, present: bool = True) -> Seat:
    with transaction.atomic():
        seat = Seat.objects.select_for_update().get(pk=seat.pk)
        if not may(actor, "community.check_in_seat", seat):
            raise ServiceError(_("Only people with a confirmed place can be checked in."))
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
                "date": timezone.localtime(seat.meeting.starts_at).strftime("%d-%m-%Y %H:%M"),
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
