from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.organisations import services
from driehoek.organisations.models import (
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Role,
)

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_membership():
    return MembershipFactory(role=Role.ADMIN)


def test_invitation_sends_mail_and_is_audited(admin_membership, django_capture_on_commit_callbacks):
    org = admin_membership.organisation
    with django_capture_on_commit_callbacks(execute=True):
        inv = services.invitation_create(
            actor=admin_membership.user,
            organisation=org,
            email="Nieuw@Example.org",
            role=Role.EDITOR,
        )
    assert inv.email == "nieuw@example.org"
    assert len(mail.outbox) == 1
    assert inv.token in mail.outbox[0].body
    assert AuditEvent.objects.filter(
        action="organisations.invitation.created", organisation=org
    ).exists()


def test_inviting_a_member_again_is_refused(admin_membership):
    other = MembershipFactory(organisation=admin_membership.organisation)
    with pytest.raises(ServiceError) as err:
        services.invitation_create(
            actor=admin_membership.user,
            organisation=admin_membership.organisation,
            email=other.user.email.upper(),
            role=Role.VIEWER,
        )
    assert err.value.field == "email"
    assert "al lid" in str(err.value.message) or "already a member" in str(err.value.message)
    assert not Invitation.objects.exists()


def test_new_invitation_replaces_the_open_one(admin_membership):
    org = admin_membership.organisation
    first = services.invitation_create(
        actor=admin_membership.user, organisation=org, email="a@example.org", role=Role.VIEWER
    )
    second = services.invitation_create(
        actor=admin_membership.user, organisation=org, email="a@example.org", role=Role.EDITOR
    )
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert list(Invitation.objects.open()) == [second]


def test_accept_creates_account_and_membership(admin_membership):
    inv = services.invitation_create(
        actor=admin_membership.user,
        organisation=admin_membership.organisation,
        email="nieuw@example.org",
        role=Role.EDITOR,
    )
    membership = services.invitation_accept(
        invitation=inv, full_name="Nieuwe Collega", password="lang-genoeg-wachtwoord"
    )
    assert membership.role == Role.EDITOR
    assert membership.user.email == "nieuw@example.org"
    assert membership.user.check_password("lang-genoeg-wachtwoord")
    inv.refresh_from_db()
    assert inv.accepted_by == membership.user
    with pytest.raises(ServiceError):
        services.invitation_accept(
            invitation=inv, full_name="Nog eens", password="lang-genoeg-wachtwoord"
        )


def test_expired_invitation_changes_nothing(admin_membership):
    inv = services.invitation_create(
        actor=admin_membership.user,
        organisation=admin_membership.organisation,
        email="laat@example.org",
        role=Role.VIEWER,
    )
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    inv.refresh_from_db()
    users_before = Membership.objects.count()
    with pytest.raises(ServiceError):
        services.invitation_accept(
            invitation=inv, full_name="Te Laat", password="lang-genoeg-wachtwoord"
        )
    assert Membership.objects.count() == users_before
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="laat@example.org").exists()


def test_existing_user_accepts_while_logged_in(admin_membership):
    existing = MembershipFactory().user
    inv = services.invitation_create(
        actor=admin_membership.user,
        organisation=admin_membership.organisation,
        email=existing.email,
        role=Role.SIGNATORY,
    )
    membership = services.invitation_accept(invitation=inv, user=existing)
    assert existing.memberships.count() == 2  # a person may belong to several organisations
    assert membership.role == Role.SIGNATORY


def test_last_admin_cannot_be_demoted_or_removed(admin_membership):
    with pytest.raises(ServiceError):
        services.membership_change_role(
            actor=admin_membership.user, membership=admin_membership, role=Role.VIEWER
        )
    with pytest.raises(ServiceError):
        services.membership_remove(actor=admin_membership.user, membership=admin_membership)
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.ADMIN


def test_role_change_with_a_second_admin(admin_membership):
    second = MembershipFactory(organisation=admin_membership.organisation, role=Role.ADMIN)
    services.membership_change_role(
        actor=second.user, membership=admin_membership, role=Role.EDITOR
    )
    admin_membership.refresh_from_db()
    assert admin_membership.role == Role.EDITOR
    event = AuditEvent.objects.get(action="organisations.membership.role_changed")
    assert event.data["old"] == "admin" and event.data["new"] == "editor"
    assert "editor" in event.description


def test_remove_member(admin_membership):
    viewer = MembershipFactory(organisation=admin_membership.organisation, role=Role.VIEWER)
    services.membership_remove(actor=admin_membership.user, membership=viewer)
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    assert AuditEvent.objects.filter(action="organisations.membership.removed").exists()


def test_tenant_registration_and_approval(django_capture_on_commit_callbacks):
    corp = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE)
    org = services.tenant_body_register(
        name="  Huurdersvereniging   Zonnig ",
        kind=OrganisationKind.HUURDERS,
        corporaties=[corp],
        gemeenten=[gemeente],
        email="",
        website="",
        contact_name="Hanna Huurder",
        contact_email="hanna@example.org",
        password="een-sterk-wachtwoord",
    )
    assert org.name == "Huurdersvereniging Zonnig"
    assert org.status == OrganisationStatus.PENDING
    assert org.memberships.get().role == Role.ADMIN
    assert list(org.represents.all()) == [corp]
    staff = MembershipFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        services.organisation_decide(actor=staff, organisation=org, approve=True)
    org.refresh_from_db()
    assert org.status == OrganisationStatus.ACTIVE
    assert mail.outbox[-1].to == ["hanna@example.org"]
    with pytest.raises(ServiceError):
        services.organisation_decide(actor=staff, organisation=org, approve=False)


def test_duplicate_tenant_registration_is_refused():
    OrganisationFactory(kind=OrganisationKind.HUURDERS, name="Huurdersraad Oost")
    count = Organisation.objects.count()
    with pytest.raises(ServiceError) as err:
        services.tenant_body_register(
            name="huurdersraad oost",
            kind=OrganisationKind.HUURDERS,
            corporaties=[],
            gemeenten=[],
            email="",
            website="",
            contact_name="X",
            contact_email="x@example.org",
            password="een-sterk-wachtwoord",
        )
    assert err.value.field == "name"
    assert Organisation.objects.count() == count
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="x@example.org").exists()


def test_staff_create_refuses_duplicates():
    OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstad", code="L9999")
    with pytest.raises(ServiceError):
        services.organisation_create(actor=None, kind=OrganisationKind.CORPORATIE, name="woonstad")
    with pytest.raises(ServiceError):
        services.organisation_create(
            actor=None, kind=OrganisationKind.CORPORATIE, name="Anders", code="L9999"
        )


def test_work_area_and_representation_are_audited(admin_membership):
    corp = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
    g1, g2 = OrganisationFactory(), OrganisationFactory()
    services.work_area_set(actor=admin_membership.user, organisation=corp, gemeenten=[g1, g2])
    services.work_area_set(actor=admin_membership.user, organisation=corp, gemeenten=[g2])
    assert list(corp.work_area.all()) == [g2]
    assert AuditEvent.objects.filter(action="organisations.work_area.changed").count() == 2
