"""Who may do what in the Community of Practice.

Organisers run a community: its dashboard, meetings, check-in, messages, exports, question
board and knowledge base. Staff look after the platform and organise every community (this is
the one place where staff act, not only view). Organiser pages answer 404 to everyone else
(the selectors ask these rules and raise 404, so nobody learns which drafts exist).

People who sign up have no account: the personal link (its token) says who they are, so the
rules about a sign-up or a seat look at the sign-up, not at the logged-in user.

The organiser check uses ``selectors.organised_community_ids`` (cached on the user): no query
per community on a page."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import rules
from django.utils import timezone

from driehoek.core.permissions import register

from .models import RegistrationStatus, SeatStatus
from .selectors import organised_community_ids, organises_any_community


@rules.predicate
def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


@rules.predicate
def is_listed_organiser(user, community) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return community.pk in organised_community_ids(user)


@rules.predicate
def organises_a_community(user) -> bool:
    return user is not None and user.is_authenticated and organises_any_community(user)


@rules.predicate
def is_published(user, community) -> bool:
    return bool(community.is_published)


@rules.predicate
def registration_not_cancelled(user, registration) -> bool:
    return registration.status != RegistrationStatus.CANCELLED


@rules.predicate
def registration_confirmed(user, registration) -> bool:
    return registration.status == RegistrationStatus.CONFIRMED


@rules.predicate
def meeting_still_to_come(user, seat) -> bool:
    return seat.meeting.starts_at > timezone.now()


@rules.predicate
def seat_confirmed(user, seat) -> bool:
    return seat.status == SeatStatus.CONFIRMED


# The meeting's day is the day in the Netherlands, whatever the server's clock says.
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@rules.predicate
def meeting_is_today(user, meeting) -> bool:
    """Today (Europe/Amsterdam) is the meeting's day (or one of its days)."""
    today = timezone.localdate(timezone.now(), AMSTERDAM)
    first = timezone.localtime(meeting.starts_at, AMSTERDAM).date()
    last = timezone.localtime(meeting.ends_at, AMSTERDAM).date()
    return first <= today <= last


@rules.predicate
def seat_attended(user, seat) -> bool:
    return seat.attended_at is not None


@rules.predicate
def seat_meeting_ended(user, seat) -> bool:
    return seat.meeting.ends_at <= timezone.now()


organises = is_staff | is_listed_organiser

# --- communities ------------------------------------------------------------------------------
# A community's public pages: published ones for everyone, a draft only for its organisers.
register("community.view", is_published | organises)
# The list of communities shows every draft too.
register("community.view_all", is_staff)
# Start a new community: staff, and people who already organise one.
register("community.create", is_staff | organises_a_community)
# Choose a community's organisers (the list of all users is personal data).
register("community.choose_organisers", is_staff)
# Staff organise every community without being listed; anyone else who starts one is listed.
register("community.organise_every_community", is_staff)

# --- organiser pages (all: the community's organisers and staff) -------------------------------
register("community.manage", organises)
register("community.edit", organises)
register("community.export", organises)
register("community.issue_certificate", organises)
register("community.add_meeting", organises)
register("community.edit_meeting", organises)
register("community.manage_meeting", organises)
register("community.check_in", organises)
register("community.message", organises)
register("community.manage_questions", organises)
register("community.manage_knowledge", organises)
# Knowledge items that are drafts (visible to organisers only).
register("community.view_draft_knowledge", organises)

# --- the personal link (a sign-up, whoever holds its link) -------------------------------------
register("community.edit_registration", registration_not_cancelled)
register("community.cancel_registration", registration_not_cancelled)
# The knowledge base for participants: a confirmed sign-up.
register("community.view_participant_knowledge", registration_confirmed)
# Give up one's place at a meeting that has not started yet.
register("community.cancel_seat", meeting_still_to_come)

# --- at the meeting ----------------------------------------------------------------------------
# Only a confirmed place can be checked in (the organiser check is ``community.check_in``).
register("community.check_in_seat", seat_confirmed)
# Check-in (and undoing it) only on the meeting's day in Europe/Amsterdam.
register("community.check_in_today", meeting_is_today)
# A place counts on the certificate of attendance once checked in and the meeting has ended.
register("community.certify_seat", seat_attended & seat_meeting_ended)
