"""A tenant organisation signs as a full party (default) or only takes note; the agreement
waits for every full party's decision; a refusal concludes it, flagged, with the route to a
dispute."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.core.permissions import may

from .. import selectors, services
from ..models import AgreementStatus, Decision
from ..services.readiness import signing_role_set
from .factories import all_ready, make_agreement, sign_ready
from .test_rules import fresh, refused_to

pytestmark = pytest.mark.django_db


def _sign(world, version, org, **kwargs):
    return services.version_sign(
        actor=world.member(org, "signatory"), version=version, organisation=org, **kwargs
    )


def test_tenant_full_party_must_decide_before_conclusion(world):
    agreement, version = sign_ready(world)
    _sign(world, version, world.gemeente)
    _sign(world, version, world.corporatie)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNING
    assert selectors.waiting_for_signatures([agreement]) == [world.huurders]
    _sign(world, version, world.huurders, decision=Decision.DECLINED, reason="Te duur")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CONCLUDED
    assert agreement.concluded_with_tenant_refusal
    event = AuditEvent.objects.get(action="agreements.version.declined")
    assert event.data["reason"] == "Te duur"


def test_decline_needs_a_reason(world):
    agreement, version = sign_ready(world)
    with pytest.raises(ServiceError):
        _sign(world, version, world.huurders, decision=Decision.DECLINED)


def test_taking_note_is_not_waited_for_but_may_sign(world):
    agreement = make_agreement(world)
    h = world.member(world.huurders, "editor")
    signing_role_set(actor=h, agreement=agreement, organisation=world.huurders, signs=False)
    assert AuditEvent.objects.filter(action="agreements.party.signing_role_chosen").exists()
    all_ready(world, agreement)  # the tenant organisation's readiness is not needed
    version = services.version_freeze(actor=None, agreement=agreement, final=True)
    _sign(world, version, world.gemeente)
    _sign(world, version, world.corporatie)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CONCLUDED
    assert not agreement.concluded_with_tenant_refusal
    _sign(world, version, world.huurders)  # may still sign


def test_only_tenant_editors_choose_and_only_until_the_final_freeze(world):
    agreement = make_agreement(world)
    with pytest.raises(ServiceError):
        signing_role_set(
            actor=world.member(world.gemeente, "editor"),
            agreement=agreement,
            organisation=world.huurders,
            signs=False,
        )
    with pytest.raises(ServiceError):
        signing_role_set(
            actor=world.member(world.gemeente, "editor"),
            agreement=agreement,
            organisation=world.gemeente,
            signs=False,
        )
    all_ready(world, agreement)
    services.version_freeze(actor=None, agreement=agreement, final=True)
    with pytest.raises(ServiceError):
        signing_role_set(
            actor=world.member(world.huurders, "editor"),
            agreement=agreement,
            organisation=world.huurders,
            signs=False,
        )


def test_rule_choose_signing_role(world):
    agreement = fresh(make_agreement(world))
    assert may(world.member(world.huurders, "editor"), "agreements.choose_signing_role", agreement)
    refused_to(
        world,
        "agreements.choose_signing_role",
        agreement,
        world.users["editor"],  # a gemeente editor
        world.member(world.huurders, "viewer"),
    )


def test_agreement_page_shows_the_refusal_and_the_route_to_a_dispute(world, client_for):
    agreement, version = sign_ready(world)
    _sign(world, version, world.gemeente)
    _sign(world, version, world.corporatie)
    page = client_for(world.users["viewer"]).get(agreement.get_absolute_url()).content.decode()
    assert "volwaardige partij: ondertekent" in page and "ondertekent als zij dat wil" not in page
    _sign(world, version, world.huurders, decision=Decision.DECLINED, reason="Te weinig betaalbaar")
    page = client_for(world.users["editor"]).get(agreement.get_absolute_url()).content.decode()
    assert "Gesloten terwijl een huurdersorganisatie weigerde te ondertekenen." in page
    assert "Te weinig betaalbaar" in page
    assert reverse("agreements:dispute_create", kwargs={"agreement_id": agreement.uuid}) in page


def test_choice_through_http(world, client_for):
    agreement = make_agreement(world)
    url = reverse("agreements:signing_role", kwargs={"agreement_id": agreement.uuid})
    client = client_for(world.member(world.huurders, "editor"))
    assert client.get(url).status_code == 200
    response = client.post(url, {"organisation": world.huurders.pk, "signs": "0"})
    assert response.status_code == 302
    party = agreement.parties.get(organisation=world.huurders)
    assert not party.signs
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "ondertekent als zij dat wil" in page and "neemt alleen kennis" in page
    assert client_for(world.users["editor"]).get(url).status_code == 403


def test_dossier_and_pdf_show_the_decisions(world, client_for):
    agreement, version = sign_ready(world)
    _sign(world, version, world.gemeente)
    _sign(world, version, world.corporatie)
    _sign(world, version, world.huurders, decision=Decision.DECLINED, reason="Geen akkoord huur")
    dispute = services.dispute_start(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        arose_on=version.frozen_at.date(),
        description="Geen akkoord",
    )
    url = reverse("agreements:dispute_dossier", kwargs={"dispute_id": dispute.uuid})
    page = client_for(world.users["viewer"]).get(url).content.decode()
    assert "Geen akkoord huur" in page and "ondertekent als volwaardige partij" in page
    content = selectors.pdf_content(agreement)
    assert (world.huurders, True, False) in content["party_roles"]
