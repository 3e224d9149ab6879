"""Each community rule: one case it allows, one it refuses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from driehoek.accounts.tests.factories import UserFactory
from driehoek.community.models import RegistrationStatus, SeatStatus
from driehoek.core.permissions import UnknownRule, may
from driehoek.core.testing import amsterdam

from .factories import CommunityFactory, MeetingFactory, RegistrationFactory, SeatFactory

pytestmark = pytest.mark.django_db

ORGANISER_RULES = [
    "community.manage",
    "community.edit",
    "community.export",
    "community.issue_certificate",
    "community.add_meeting",
    "community.edit_meeting",
    "community.manage_meeting",
    "community.check_in",
    "community.message",
    "community.manage_questions",
    "community.manage_knowledge",
    "community.view_draft_knowledge",
]


@pytest.fixture
def organiser():
    return UserFactory()


@pytest.fixture
def community(organiser):
    return CommunityFactory(organisers=[organiser])


@pytest.mark.parametrize("rule", ORGANISER_RULES)
def test_organiser_rules_allow_organisers_and_staff(rule, community, organiser):
    assert may(organiser, rule, community)
    assert may(UserFactory(is_staff=True), rule, community)


@pytest.mark.parametrize("rule", ORGANISER_RULES)
def test_organiser_rules_refuse_others(rule, community, organiser):
    other_community = CommunityFactory(organisers=[organiser])
    assert not may(UserFactory(), rule, community)
    assert not may(AnonymousUser(), rule, community)
    assert not may(None, rule, community)
    # Organising one community gives nothing in another.
    assert may(organiser, rule, other_community)
    assert not may(organiser, rule, CommunityFactory())


def test_view_allows_a_published_community_to_everyone(community):
    assert may(AnonymousUser(), "community.view", community)
    assert may(UserFactory(), "community.view", community)


def test_view_refuses_a_draft_except_to_its_organisers_and_staff(organiser):
    draft = CommunityFactory(is_published=False, organisers=[organiser])
    assert not may(AnonymousUser(), "community.view", draft)
    assert not may(UserFactory(), "community.view", draft)
    assert may(organiser, "community.view", draft)
    assert may(UserFactory(is_staff=True), "community.view", draft)


@pytest.mark.parametrize(
    "rule",
    ["community.view_all", "community.choose_organisers", "community.organise_every_community"],
)
def test_staff_only_rules(rule, community, organiser):
    assert may(UserFactory(is_staff=True), rule)
    assert not may(organiser, rule)
    assert not may(UserFactory(), rule)
    assert not may(AnonymousUser(), rule)


def test_create_allows_staff_and_organisers(community, organiser):
    assert may(UserFactory(is_staff=True), "community.create")
    assert may(organiser, "community.create")


def test_create_refuses_everyone_else():
    assert not may(UserFactory(), "community.create")
    assert not may(AnonymousUser(), "community.create")


@pytest.mark.parametrize("rule", ["community.edit_registration", "community.cancel_registration"])
def test_a_sign_up_can_be_changed_until_it_is_cancelled(rule):
    for status in (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED):
        assert may(AnonymousUser(), rule, RegistrationFactory(status=status))
    assert not may(AnonymousUser(), rule, RegistrationFactory(status=RegistrationStatus.CANCELLED))


def test_participant_knowledge_needs_a_confirmed_sign_up():
    assert may(
        None,
        "community.view_participant_knowledge",
        RegistrationFactory(status=RegistrationStatus.CONFIRMED),
    )
    for status in (RegistrationStatus.PENDING, RegistrationStatus.CANCELLED):
        registration = RegistrationFactory(status=status)
        assert not may(None, "community.view_participant_knowledge", registration)


def test_a_seat_can_be_cancelled_before_the_meeting_starts():
    assert may(None, "community.cancel_seat", SeatFactory())


def test_a_seat_cannot_be_cancelled_once_the_meeting_started():
    started = timezone.now() - timedelta(minutes=1)
    seat = SeatFactory(meeting=MeetingFactory(starts_at=started))
    assert not may(None, "community.cancel_seat", seat)


def test_only_a_confirmed_seat_can_be_checked_in():
    assert may(None, "community.check_in_seat", SeatFactory(status=SeatStatus.CONFIRMED))
    assert not may(None, "community.check_in_seat", SeatFactory(status=SeatStatus.WAITING))
    assert not may(None, "community.check_in_seat", SeatFactory(status=SeatStatus.CANCELLED))


def test_check_in_is_open_on_the_meetings_day_in_amsterdam(clock):
    # 19:00 to 01:00 the next night: both calendar days count, the days around them do not.
    meeting = MeetingFactory(
        starts_at=amsterdam(2026, 3, 15, 19), ends_at=amsterdam(2026, 3, 16, 1)
    )
    for moment, open_ in [
        (amsterdam(2026, 3, 14, 23, 59), False),
        (amsterdam(2026, 3, 15, 0, 1), True),  # still 14 March in UTC
        (amsterdam(2026, 3, 16, 12), True),
        (amsterdam(2026, 3, 17, 0, 1), False),
    ]:
        clock.travel_to(moment)
        assert may(None, "community.check_in_today", meeting) is open_, moment


def test_a_seat_counts_on_the_certificate_once_attended_and_the_meeting_ended(clock):
    meeting = MeetingFactory(starts_at=amsterdam(2026, 3, 15, 19))  # ends at 22:00
    seat = SeatFactory(meeting=meeting, attended_at=amsterdam(2026, 3, 15, 19))
    clock.travel_to(amsterdam(2026, 3, 15, 21, 59))
    assert not may(None, "community.certify_seat", seat)
    clock.travel_to(amsterdam(2026, 3, 15, 22, 1))
    assert may(None, "community.certify_seat", seat)
    assert not may(None, "community.certify_seat", SeatFactory(meeting=meeting))


def test_the_organiser_check_costs_one_query_per_user(django_assert_num_queries, organiser):
    communities = [CommunityFactory(organisers=[organiser]) for _ in range(3)]
    with django_assert_num_queries(1):
        assert all(may(organiser, "community.manage", c) for c in communities)


def test_an_unknown_rule_raises(community):
    with pytest.raises(UnknownRule):
        may(UserFactory(), "community.no_such_rule", community)
