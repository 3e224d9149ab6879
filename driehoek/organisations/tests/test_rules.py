"""Each organisations rule, allowed and refused."""

import pytest
from django.contrib.auth.models import AnonymousUser

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.permissions import may
from driehoek.organisations.models import OrganisationStatus, Role
from driehoek.organisations.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db

ADMIN_RULES = [
    "organisations.administer",
    "organisations.manage_members",
    "organisations.invite",
    "organisations.edit",
    "organisations.view_history",
]
STAFF_RULES = ["organisations.approve", "organisations.create"]


def member(org, role):
    return MembershipFactory(organisation=org, role=role).user


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def staff():
    return UserFactory(is_staff=True)


@pytest.mark.parametrize("rule", ADMIN_RULES)
def test_administrators_and_staff_administer(org, staff, rule):
    assert may(member(org, Role.ADMIN), rule, org)
    assert may(staff, rule, org)


@pytest.mark.parametrize("rule", ADMIN_RULES)
@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.SIGNATORY])
def test_weaker_roles_do_not_administer(org, rule, role):
    assert not may(member(org, role), rule, org)


@pytest.mark.parametrize("rule", ADMIN_RULES)
def test_outsiders_and_anonymous_do_not_administer(org, rule):
    other = OrganisationFactory()
    assert not may(member(other, Role.ADMIN), rule, org)
    assert not may(AnonymousUser(), rule, org)


def test_view_members_for_members_and_staff_only(org, staff):
    assert may(member(org, Role.VIEWER), "organisations.view_members", org)
    assert may(staff, "organisations.view_members", org)
    assert not may(UserFactory(), "organisations.view_members", org)
    assert not may(AnonymousUser(), "organisations.view_members", org)


def test_view_active_for_everyone_pending_for_members_and_staff(staff):
    active = OrganisationFactory()
    pending = OrganisationFactory(status=OrganisationStatus.PENDING)
    assert may(AnonymousUser(), "organisations.view", active)
    assert may(UserFactory(), "organisations.view", active)
    assert not may(AnonymousUser(), "organisations.view", pending)
    assert not may(UserFactory(), "organisations.view", pending)
    assert may(member(pending, Role.VIEWER), "organisations.view", pending)
    assert may(staff, "organisations.view", pending)


@pytest.mark.parametrize("rule", STAFF_RULES)
def test_staff_only(org, staff, rule):
    assert may(staff, rule)
    assert not may(member(org, Role.ADMIN), rule)
    assert not may(AnonymousUser(), rule)


def test_edit_region_staff_only(org, staff):
    region = RegionFactory()
    assert may(staff, "organisations.edit_region", region)
    assert not may(member(org, Role.ADMIN), "organisations.edit_region", region)
    assert not may(AnonymousUser(), "organisations.edit_region", region)


def test_record_merger_staff_only(org, staff):
    assert may(staff, "organisations.record_merger", org)
    assert not may(member(org, Role.ADMIN), "organisations.record_merger", org)
    assert not may(UserFactory(), "organisations.record_merger", org)
    assert not may(AnonymousUser(), "organisations.record_merger", org)


def test_record_split_staff_only_and_of_a_gemeente(org, staff):
    corporatie = OrganisationFactory(kind="woningcorporatie")
    assert may(staff, "organisations.record_split", org)
    assert not may(staff, "organisations.record_split", corporatie)
    assert not may(member(org, Role.ADMIN), "organisations.record_split", org)
    assert not may(AnonymousUser(), "organisations.record_split", org)


@pytest.mark.parametrize("kind", ["woningcorporatie", "huurdersorganisatie"])
def test_edit_work_area_for_its_administrators_and_staff(staff, kind):
    corporatie = OrganisationFactory(kind=kind)
    assert may(member(corporatie, Role.ADMIN), "organisations.edit_work_area", corporatie)
    assert may(staff, "organisations.edit_work_area", corporatie)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.SIGNATORY])
def test_edit_work_area_refused_to_weaker_roles_and_outsiders(role):
    corporatie = OrganisationFactory(kind="woningcorporatie")
    assert not may(member(corporatie, role), "organisations.edit_work_area", corporatie)
    assert not may(
        member(OrganisationFactory(), Role.ADMIN), "organisations.edit_work_area", corporatie
    )
    assert not may(AnonymousUser(), "organisations.edit_work_area", corporatie)


def test_a_gemeente_has_no_work_area_to_edit(org, staff):
    assert not may(staff, "organisations.edit_work_area", org)
    assert not may(member(org, Role.ADMIN), "organisations.edit_work_area", org)
