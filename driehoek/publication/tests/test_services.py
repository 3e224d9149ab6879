import pytest

from driehoek.agreements.models import Commitment
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.organisations.models import Role
from driehoek.publication import selectors, services
from driehoek.publication.models import Publication, PublicationConsent

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(world):
    return f.sign(f.agreement(gemeente=world.gemeente, others=[world.corporatie, world.huurders]))


def signatories(world):
    return {
        o: world.member(o, Role.SIGNATORY)
        for o in (world.gemeente, world.corporatie, world.huurders)
    }


def test_published_only_when_every_party_consented(world, signed):
    users = signatories(world)
    orgs = list(users)
    assert (
        services.consent_give(actor=users[orgs[0]], agreement=signed, organisation=orgs[0]) is None
    )
    assert (
        services.consent_give(actor=users[orgs[1]], agreement=signed, organisation=orgs[1]) is None
    )
    assert not selectors.published_agreements().exists()
    publication = services.consent_give(
        actor=users[orgs[2]], agreement=signed, organisation=orgs[2]
    )
    assert publication is not None and publication.version.is_final
    assert list(selectors.published_agreements()) == [signed]
    actions = set(AuditEvent.objects.for_target(signed).values_list("action", flat=True))
    assert {"publication.consent.given", "publication.agreement.published"} <= actions
    event = (
        AuditEvent.objects.for_target(signed).filter(action="publication.agreement.published").get()
    )
    assert "gepubliceerd" in event.description or "published" in event.description


def test_withdraw_before_all_agreed_but_not_after(world, signed):
    users = signatories(world)
    g = world.gemeente
    services.consent_give(actor=users[g], agreement=signed, organisation=g)
    services.consent_withdraw(actor=users[g], agreement=signed, organisation=g)
    assert not PublicationConsent.objects.exists()
    with pytest.raises(ServiceError):
        services.consent_withdraw(actor=users[g], agreement=signed, organisation=g)
    for org, user in users.items():
        services.consent_give(actor=user, agreement=signed, organisation=org)
    with pytest.raises(ServiceError):
        services.consent_withdraw(actor=users[g], agreement=signed, organisation=g)
    with pytest.raises(ServiceError):
        services.consent_give(actor=users[g], agreement=signed, organisation=g)


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR])
def test_too_weak_a_role_cannot_decide(world, signed, role):
    with pytest.raises(ServiceError):
        services.consent_give(
            actor=world.member(world.gemeente, role), agreement=signed, organisation=world.gemeente
        )


def test_admin_decides_and_outsiders_cannot(world, signed):
    services.consent_give(actor=world.users["admin"], agreement=signed, organisation=world.gemeente)
    with pytest.raises(ServiceError):
        services.consent_give(
            actor=world.users["outsider"], agreement=signed, organisation=world.outside
        )


def test_unsigned_agreements_cannot_be_published(world):
    draft = f.agreement(gemeente=world.gemeente, others=[world.corporatie])
    with pytest.raises(ServiceError):
        services.consent_give(
            actor=world.users["admin"], agreement=draft, organisation=world.gemeente
        )
    concluded_without_signatures = f.agreement(
        gemeente=world.gemeente, others=[world.corporatie], status="concluded"
    )
    with pytest.raises(ServiceError):
        services.consent_give(
            actor=world.users["admin"],
            agreement=concluded_without_signatures,
            organisation=world.gemeente,
        )


def test_content_that_differs_from_the_signed_version_is_not_published(world, signed):
    Commitment.objects.filter(agreement=signed).update(title="Later veranderd")
    with pytest.raises(ServiceError):
        f.publish(signed)
    assert not Publication.objects.exists()
