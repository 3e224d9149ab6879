"""Each publication rule, allowed and refused."""

import pytest
from django.contrib.auth.models import AnonymousUser

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.permissions import may
from driehoek.organisations.models import OrganisationKind, Role
from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

from . import factories as f

pytestmark = pytest.mark.django_db

PARTY_RULES = ["publication.consent", "publication.withdraw_consent"]


@pytest.fixture
def gemeente():
    return OrganisationFactory()


@pytest.fixture
def signed(gemeente):
    corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
    return f.agreement(gemeente=gemeente, others=[corporatie])


@pytest.mark.parametrize("rule", PARTY_RULES)
@pytest.mark.parametrize("role", [Role.SIGNATORY, Role.ADMIN])
def test_signatories_and_administrators_decide_for_their_party(gemeente, rule, role):
    user = MembershipFactory(organisation=gemeente, role=role).user
    assert may(user, rule, gemeente)


@pytest.mark.parametrize("rule", PARTY_RULES)
@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR])
def test_viewers_and_editors_do_not_decide(gemeente, rule, role):
    user = MembershipFactory(organisation=gemeente, role=role).user
    assert not may(user, rule, gemeente)


@pytest.mark.parametrize("rule", PARTY_RULES)
def test_staff_outsiders_and_anonymous_do_not_decide(gemeente, rule):
    other = MembershipFactory(role=Role.ADMIN).user
    assert not may(UserFactory(is_staff=True), rule, gemeente)
    assert not may(other, rule, gemeente)
    assert not may(AnonymousUser(), rule, gemeente)


def test_decide_needs_a_deciding_role_in_some_party(gemeente, signed):
    assert may(
        MembershipFactory(organisation=gemeente, role=Role.SIGNATORY).user,
        "publication.decide",
        signed,
    )
    assert not may(
        MembershipFactory(organisation=gemeente, role=Role.EDITOR).user,
        "publication.decide",
        signed,
    )
    assert not may(UserFactory(is_staff=True), "publication.decide", signed)
    assert not may(MembershipFactory(role=Role.ADMIN).user, "publication.decide", signed)
    assert not may(AnonymousUser(), "publication.decide", signed)
