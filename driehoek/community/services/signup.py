"""Signing up, confirming (double opt-in), changing and cancelling a sign-up."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may

from ..models import (
    Community,
    Meeting,
    Question,
    Registration,
    RegistrationStatus,
    Seat,
    SeatStatus,
    Team,
)
from .limits import CONFIRM_VALID_DAYS
from .mail import _mail_confirm_request, _mail_confirmed, _mail_personal_link
from .seats import _allocate, _cancel_seat

# --- sign-up ----------------------------------------------------------------------------------


def _future_meetings(community: Community, now) -> list[Meeting]:
    return list(community.meetings.filter(starts_at__gt=now).order_by("starts_at", "pk"))


def _check_open(community: Community, now, chosen=()) -> None:
    if not community.signup_open(now):
        raise ServiceError(_("Sign-up for this community has closed."), code="closed")
    # A chosen meeting of this community still to come proves there is one: no query needed.
    if any(m.community_id == community.pk and m.starts_at > now for m in chosen):
        return
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
    _check_open(community, now, () if whole_series else list(meetings or []))
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
        questions = list(questions or [])
        if existing is not None:
            registration.chosen_meetings.set(meetings)
            registration.questions.set(questions)
        else:
            # A new sign-up has nothing to compare with: one INSERT per relation, none if empty.
            if meetings:
                registration.chosen_meetings.add(*meetings)
            if questions:
                registration.questions.add(*questions)
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
