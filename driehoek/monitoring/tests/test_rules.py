"""monitoring/rules.py: every rule allowed and refused. The agreement is between the world's
gemeente, corporatie and huurders; the role personas are members of the gemeente."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from driehoek.agreements.selectors import agreement_get_for_user
from driehoek.core.permissions import UnknownRule, may
from driehoek.organisations.models import OrganisationKind, Role, TenantRepresentation, WorkArea
from driehoek.organisations.tests.factories import OrganisationFactory

from .factories import make_agreement, make_commitment, make_report

AGREEMENT_EDITING = ["monitoring.edit_settings", "monitoring.import", "monitoring.evaluate"]


@pytest.fixture
def setup(world):
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    theirs = make_commitment(agreement, world.corporatie)
    report = make_report(theirs)  # reported by the corporatie
    return {"agreement": agreement, "theirs": theirs, "report": report}


def _fetched(user, agreement):
    """The agreement as the views get it (parties prefetched)."""
    return agreement_get_for_user(user=user, agreement_id=agreement.uuid)


@pytest.mark.django_db
def test_unknown_rule_raises(world):
    with pytest.raises(UnknownRule):
        may(world.users["editor"], "monitoring.no_such_thing")


def test_scoped_dashboards_are_for_every_logged_in_user(world):
    assert may(world.users["outsider"], "monitoring.view_dashboard", world.gemeente)
    assert may(world.users["staff"], "monitoring.view_dashboard", None)
    assert not may(AnonymousUser(), "monitoring.view_dashboard", world.gemeente)


def test_an_agreements_progress_is_for_its_parties_and_staff(world, setup):
    agreement = setup["agreement"]
    assert may(world.users["viewer"], "monitoring.view_progress", agreement)
    assert may(world.member(world.huurders, Role.VIEWER), "monitoring.view_progress", agreement)
    assert may(world.users["staff"], "monitoring.view_progress", agreement)
    assert not may(world.users["outsider"], "monitoring.view_progress", agreement)
    assert not may(AnonymousUser(), "monitoring.view_progress", agreement)


@pytest.mark.parametrize("rule", AGREEMENT_EDITING)
def test_party_editors_change_settings_import_and_evaluate(world, setup, rule):
    agreement = setup["agreement"]
    for user in (
        world.users["editor"],
        world.users["admin"],
        world.member(world.corporatie, Role.EDITOR),
    ):
        assert may(user, rule, _fetched(user, agreement))
    assert not may(world.users["viewer"], rule, _fetched(world.users["viewer"], agreement))
    # Staff look but do not act; an outsider is no party.
    assert not may(world.users["staff"], rule, _fetched(world.users["staff"], agreement))
    assert not may(world.users["outsider"], rule, agreement)


def test_only_the_responsible_partys_editors_report(world, setup):
    theirs = setup["theirs"]
    assert may(world.member(world.corporatie, Role.EDITOR), "monitoring.report_progress", theirs)
    assert may(world.member(world.corporatie, Role.SIGNATORY), "monitoring.report_progress", theirs)
    assert not may(
        world.member(world.corporatie, Role.VIEWER), "monitoring.report_progress", theirs
    )
    assert not may(world.users["editor"], "monitoring.report_progress", theirs)  # the gemeente
    assert not may(world.users["staff"], "monitoring.report_progress", theirs)
    assert not may(AnonymousUser(), "monitoring.report_progress", theirs)


def test_the_other_parties_editors_review_a_figure(world, setup):
    report = setup["report"]
    assert may(world.users["editor"], "monitoring.review_report", report)
    assert may(world.member(world.huurders, Role.EDITOR), "monitoring.review_report", report)
    # The corporatie reported it itself.
    assert not may(world.member(world.corporatie, Role.EDITOR), "monitoring.review_report", report)
    assert not may(world.users["viewer"], "monitoring.review_report", report)
    assert not may(world.users["staff"], "monitoring.review_report", report)
    assert not may(world.users["outsider"], "monitoring.review_report", report)


def test_acting_for_an_organisation_needs_its_editor_role(world):
    gemeente = world.gemeente
    for persona in ("editor", "signatory", "admin"):
        assert may(world.users[persona], "monitoring.act_for", gemeente)
    assert may(world.users["editor"], "monitoring.act_for", gemeente.pk)  # an id will do
    assert not may(world.users["viewer"], "monitoring.act_for", gemeente)
    assert not may(world.users["editor"], "monitoring.act_for", world.corporatie)
    assert not may(world.users["staff"], "monitoring.act_for", gemeente)
    assert not may(AnonymousUser(), "monitoring.act_for", gemeente)


def test_reasonableness_is_for_the_corporatie_and_those_related_to_it(world):
    corporatie = world.corporatie
    rule = "monitoring.view_reasonableness"
    assert may(world.member(corporatie, Role.VIEWER), rule, corporatie)
    assert may(world.users["staff"], rule, corporatie)
    assert not may(world.users["outsider"], rule, corporatie)
    assert not may(world.users["viewer"], rule, corporatie)  # no relation yet
    assert not may(AnonymousUser(), rule, corporatie)
    # Through a shared agreement, a work area and a tenant representation.
    make_agreement(world.gemeente, corporatie)
    assert may(world.users["viewer"], rule, corporatie)
    WorkArea.objects.create(organisation=corporatie, gemeente=world.outside)
    assert may(world.users["outsider"], rule, corporatie)
    tenants = OrganisationFactory(kind=OrganisationKind.HUURDERS)
    tenant_member = world.member(tenants, Role.VIEWER)
    assert not may(tenant_member, rule, corporatie)
    TenantRepresentation.objects.create(tenant_body=tenants, corporatie=corporatie)
    assert may(tenant_member, rule, corporatie)


def test_the_corporatie_records_its_own_financial_room(world):
    corporatie = world.corporatie
    rule = "monitoring.record_financial_room"
    assert may(world.member(corporatie, Role.EDITOR), rule, corporatie)
    assert not may(world.member(corporatie, Role.VIEWER), rule, corporatie)
    assert not may(world.users["editor"], rule, corporatie)  # the gemeente's editor
    assert not may(world.users["staff"], rule, corporatie)


def test_per_object_rules_ask_no_query_per_object(world, setup, django_assert_num_queries):
    user = world.users["editor"]
    agreement = _fetched(user, setup["agreement"])
    report = setup["report"]
    report.agreement = agreement
    theirs = setup["theirs"]
    may(user, "monitoring.view_progress", agreement)  # fills the per-user caches
    with django_assert_num_queries(0):
        for _ in range(5):
            may(user, "monitoring.view_progress", agreement)
            may(user, "monitoring.import", agreement)
            may(user, "monitoring.report_progress", theirs)
            may(user, "monitoring.review_report", report)
            may(user, "monitoring.act_for", world.gemeente)
