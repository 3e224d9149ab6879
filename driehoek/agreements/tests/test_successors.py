"""Mergers mid-negotiation: the successor takes the predecessors' place in open agreements. It
may read them and sign for a predecessor that had not signed; the predecessors' signatures and
history stay theirs, and an agreement that waited on a predecessor waits on its successor."""

from datetime import date

import pytest
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.agreements import exports, services
from driehoek.agreements.models import AgreementStatus, Decision, Signature
from driehoek.agreements.views import submission as submission_views
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.organisations import services as org_services
from driehoek.organisations.models import OrganisationKind
from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .factories import all_ready, make_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def merger_setup(world, clock):
    clock.travel_to("2026-11-02 10:00")
    second = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting West")
    agreement = make_agreement(world)
    services.agreement_party_add(
        actor=world.member(world.gemeente, "editor"), agreement=agreement, organisation=second
    )
    all_ready(world, agreement)
    version = services.version_freeze(
        actor=world.member(world.gemeente, "editor"), agreement=agreement, final=True
    )
    successor = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Samen")
    return agreement, version, second, successor


def _sign(world, version, org, user=None):
    return services.version_sign(
        actor=user or world.member(org, "signatory"),
        version=version,
        organisation=org,
        decision=Decision.SIGNED,
        signer_name="Naam Ondertekenaar",
    )


def test_the_successor_signs_for_a_merged_corporatie_and_the_agreement_concludes(
    world, merger_setup, client_for
):
    agreement, version, second, successor = merger_setup
    _sign(world, version, world.gemeente)
    _sign(world, version, world.huurders)
    _sign(world, version, world.corporatie)  # signed before the merger: stays theirs
    org_services.record_merger(
        actor=UserFactory(is_staff=True),
        predecessors=[world.corporatie, second],
        successor=successor,
        date=date(2026, 11, 1),
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNING  # it waits on West, now on Samen

    samen_signatory = MembershipFactory(organisation=successor, role="signatory").user
    # The successor's members read the agreement of their predecessors; the page says that West
    # went up in Samen, and that Samen signs in its place.
    page = client_for(samen_signatory).get(agreement.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "opgegaan in" in html and "1 november 2026" in html
    assert "Woonstichting Samen ondertekent in haar plaats" in html
    signature = _sign(world, version, second, user=samen_signatory)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CONCLUDED
    # The new signature is West's party, given by a member of the successor.
    assert signature.organisation == second and signature.user == samen_signatory
    # The signature given before the merger still names the predecessor.
    assert Signature.objects.get(version=version, organisation=world.corporatie).user != (
        samen_signatory
    )
    with pytest.raises(ServiceError):  # nothing is signed twice, not even by the successor
        _sign(world, version, world.corporatie, user=samen_signatory)


def test_without_a_merger_a_member_of_another_corporatie_cannot_sign_or_read(
    world, merger_setup, client_for
):
    agreement, version, second, successor = merger_setup
    stranger = MembershipFactory(organisation=successor, role="signatory").user
    assert client_for(stranger).get(agreement.get_absolute_url()).status_code == 404
    with pytest.raises(ServiceError):
        _sign(world, version, second, user=stranger)


def test_the_successor_does_not_administer_its_predecessor(world, merger_setup, client_for):
    agreement, version, second, successor = merger_setup
    org_services.record_merger(
        actor=UserFactory(is_staff=True),
        predecessors=[second],
        successor=successor,
        date=date(2026, 11, 1),
    )
    admin = MembershipFactory(organisation=successor, role="admin").user
    members_url = reverse("organisations:members", kwargs={"slug": second.slug})
    assert client_for(admin).get(members_url).status_code == 403
    page = client_for(admin).get(second.get_absolute_url()).content.decode()
    assert "Woonstichting Samen" in page and "1 november 2026" in page


def test_a_successors_signature_records_the_successor(world, merger_setup):
    agreement, version, second, successor = merger_setup
    _sign(world, version, world.corporatie)  # before the merger: its own signature
    org_services.record_merger(
        actor=UserFactory(is_staff=True),
        predecessors=[world.corporatie, second],
        successor=successor,
        date=date(2026, 11, 1),
    )
    samen_signatory = MembershipFactory(organisation=successor, role="signatory").user
    signature = _sign(world, version, second, user=samen_signatory)
    signature.refresh_from_db()
    # West's decision, given by its successor, and the record says so.
    assert signature.organisation == second and signature.successor == successor
    assert signature.party.organisation == second
    # The predecessor's own earlier signature stays its own, and so does a party's signatory.
    own = Signature.objects.get(version=version, organisation=world.corporatie)
    assert own.successor is None
    event = AuditEvent.objects.filter(action="agreements.version.signed").latest("pk")
    assert event.data["organisation"] == "Woonstichting West"
    assert event.data["successor"] == "Woonstichting Samen"
    assert _sign(world, version, world.gemeente).successor is None


SUCCESSOR_TEXT = "Woonstichting Samen (opvolger van Woonstichting West)"


def test_the_pages_and_the_pdf_say_who_signed_as_successor(world, merger_setup, client_for):
    agreement, version, second, successor = merger_setup
    _sign(world, version, world.corporatie)
    org_services.record_merger(
        actor=UserFactory(is_staff=True),
        predecessors=[world.corporatie, second],
        successor=successor,
        date=date(2026, 11, 1),
    )
    samen_signatory = MembershipFactory(organisation=successor, role="signatory").user
    sign_url = reverse(
        "agreements:sign", kwargs={"agreement_id": agreement.uuid, "number": version.number}
    )
    # The successor's signatory signs for West through the sign page.
    response = client_for(samen_signatory).post(
        sign_url,
        {
            "organisation": second.pk,
            "decision": "signed",
            "signer_name": "R. Samen",
            "statement": "on",
        },
    )
    assert response.status_code == 302
    assert Signature.objects.get(version=version, organisation=second).successor == successor
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNING  # the gemeente and tenants still decide

    viewer = client_for(world.users["viewer"])
    page = viewer.get(agreement.get_absolute_url()).content.decode()
    assert f"R. Samen, {SUCCESSOR_TEXT}, 2 november 2026" in page
    page = viewer.get(version.get_absolute_url()).content.decode()
    assert f"<li>{SUCCESSOR_TEXT}: Ondertekend (R. Samen," in page
    page = client_for(world.member(world.gemeente, "signatory")).get(sign_url).content.decode()
    assert f"<li>{SUCCESSOR_TEXT}: Ondertekend</li>" in page
    # The earlier signature of Woonstichting Test stays its own: no successor named with it.
    for html in (page, viewer.get(version.get_absolute_url()).content.decode()):
        assert "<li>Woonstichting Test: Ondertekend" in html
        assert "opvolger van Woonstichting Test" not in html

    # The PDF is made from this HTML (the view's own context); the PDF itself renders.
    html = exports.agreement_html(agreement, submission_views._pdf_context(agreement))
    assert f'<th scope="row">{SUCCESSOR_TEXT}</th>' in html
    assert '<th scope="row">Woonstichting Test</th>' in html
    pdf = viewer.get(reverse("agreements:pdf", kwargs={"agreement_id": agreement.uuid}))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
