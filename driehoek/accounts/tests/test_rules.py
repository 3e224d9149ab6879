"""Each accounts rule, allowed and refused."""

import pytest
from django.contrib.auth.models import AnonymousUser

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.permissions import may
from driehoek.organisations.models import Role
from driehoek.organisations.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.SIGNATORY, Role.ADMIN])
def test_signatories_and_administrators_may_set_up_two_factor(role):
    user = MembershipFactory(role=role).user
    assert may(user, "accounts.set_up_two_factor")


def test_staff_may_set_up_two_factor():
    assert may(UserFactory(is_staff=True), "accounts.set_up_two_factor")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR])
def test_viewers_and_editors_may_not_set_up_two_factor(role):
    user = MembershipFactory(role=role).user
    assert not may(user, "accounts.set_up_two_factor")


def test_no_membership_or_anonymous_may_not_set_up_two_factor():
    assert not may(UserFactory(), "accounts.set_up_two_factor")
    assert not may(AnonymousUser(), "accounts.set_up_two_factor")


def test_staff_may_not_turn_off_two_factor_others_may():
    assert not may(UserFactory(is_staff=True), "accounts.turn_off_two_factor")
    assert may(MembershipFactory(role=Role.SIGNATORY).user, "accounts.turn_off_two_factor")
    assert may(UserFactory(), "accounts.turn_off_two_factor")
