"""Equal parties in the negotiation: a proposal changes the text on the last accept of every
other signing party; one rejection rejects it; the final freeze needs every signing party's
readiness; positions on an earlier text are marked."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may

from .. import selectors, services
from ..models import ProposalResponse, ProposalStatus
from ..services.readiness import ready_set, ready_withdraw, signing_role_set
from .factories import all_ready, make_agreement
from .test_rules import fresh, refused_to

pytestmark = pytest.mark.django_db


def _proposal(world, agreement, org=None):
    return services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=org or world.huurders,
        commitment=agreement.commitments.get(),
        new_text="Meer woningen",
    )


def test_text_changes_on_the_last_accept(world):
    agreement = make_agreement(world)
    c = agreement.commitments.get()
    p = _proposal(world, agreement)
    services.proposal_decide(actor=None, proposal=p, organisation=world.gemeente, accept=True)
    c.refresh_from_db()
    assert c.description != "Meer woningen"
    assert ProposalResponse.objects.filter(proposal=p, accept=True).count() == 1
    with pytest.raises(ServiceError):
        services.proposal_decide(actor=None, proposal=p, organisation=world.gemeente, accept=True)
    services.proposal_decide(actor=None, proposal=p, organisation=world.corporatie, accept=True)
    c.refresh_from_db()
    p.refresh_from_db()
    assert c.description == "Meer woningen" and p.status == ProposalStatus.ACCEPTED


def test_one_rejection_rejects(world):
    agreement = make_agreement(world)
    p = _proposal(world, agreement, world.gemeente)
    services.proposal_decide(actor=None, proposal=p, organisation=world.corporatie, accept=True)
    services.proposal_decide(
        actor=None, proposal=p, organisation=world.huurders, accept=False, reason="Te weinig"
    )
    p.refresh_from_db()
    assert p.status == ProposalStatus.REJECTED


def test_taking_note_party_does_not_count(world):
    agreement = make_agreement(world)
    signing_role_set(
        actor=world.member(world.huurders, "editor"),
        agreement=agreement,
        organisation=world.huurders,
        signs=False,
    )
    p = _proposal(world, agreement, world.gemeente)
    with pytest.raises(ServiceError):
        services.proposal_decide(actor=None, proposal=p, organisation=world.huurders, accept=True)
    services.proposal_decide(actor=None, proposal=p, organisation=world.corporatie, accept=True)
    p.refresh_from_db()
    assert p.status == ProposalStatus.ACCEPTED


def test_final_freeze_needs_readiness_and_round_does_not(world):
    agreement = make_agreement(world)
    services.version_freeze(actor=None, agreement=agreement)
    with pytest.raises(ServiceError, match="klaar"):
        services.version_freeze(actor=None, agreement=agreement, final=True)
    h = world.member(world.huurders, "editor")
    ready_set(actor=h, agreement=agreement, organisation=world.huurders)
    ready_withdraw(actor=h, agreement=agreement, organisation=world.huurders)
    with pytest.raises(ServiceError):
        ready_withdraw(actor=h, agreement=agreement, organisation=world.huurders)
    all_ready(world, agreement)
    with pytest.raises(ServiceError):  # every party gave it: no withdrawing any more
        ready_withdraw(actor=h, agreement=agreement, organisation=world.huurders)
    services.version_freeze(actor=None, agreement=agreement, final=True)
    services.agreement_reopen(actor=None, agreement=agreement, reason="Nog niet")
    assert not agreement.parties.filter(ready_at__isnull=False).exists()


def test_position_on_an_earlier_text_is_marked(world, client_for):
    agreement = make_agreement(world)
    c = agreement.commitments.get()
    services.position_set(
        actor=None, agreement=agreement, organisation=world.huurders, stance="agree", commitment=c
    )
    assert c.positions.get().text_version == c.version
    p = _proposal(world, agreement, world.gemeente)
    for org in (world.corporatie, world.huurders):
        services.proposal_decide(actor=None, proposal=p, organisation=org, accept=True)
    url = reverse(
        "agreements:discussion", kwargs={"agreement_id": agreement.uuid, "on": c.discussion_key}
    )
    page = client_for(world.users["viewer"]).get(url).content.decode()
    assert "gegeven op een eerdere tekst" in page
    assert "gegeven op een eerdere tekst" in (
        client_for(world.users["viewer"]).get(agreement.get_absolute_url()).content.decode()
    )


def test_pages_show_answers_and_readiness(world, client_for):
    agreement = make_agreement(world)
    p = _proposal(world, agreement)
    services.proposal_decide(actor=None, proposal=p, organisation=world.gemeente, accept=True)
    ready_set(
        actor=world.member(world.corporatie, "editor"),
        agreement=agreement,
        organisation=world.corporatie,
    )
    url = reverse("agreements:proposal_decide", kwargs={"agreement_id": agreement.uuid, "pk": p.pk})
    client = client_for(world.member(world.corporatie, "editor"))
    page = client.get(url).content.decode()
    assert "akkoord" in page and ">wacht<" in page
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "nog niet klaar" in page and ">klaar<" in page
    response = client.post(url, {"organisation": world.corporatie.pk, "decision": "accept"})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.status == ProposalStatus.ACCEPTED
    ready_url = reverse("agreements:ready", kwargs={"agreement_id": agreement.uuid})
    g = client_for(world.users["editor"])
    assert g.post(ready_url, {"organisation": world.gemeente.pk}).status_code == 302
    assert agreement.parties.get(organisation=world.gemeente).ready_at is not None


def test_rules_for_readiness_and_answers(world):
    agreement = fresh(make_agreement(world))
    editor = world.users["editor"]
    assert may(editor, "agreements.mark_ready", agreement)
    assert not may(editor, "agreements.withdraw_ready", agreement)
    assert not may(editor, "agreements.freeze_final", agreement)
    refused_to(world, "agreements.mark_ready", agreement)
    ready_set(actor=editor, agreement=agreement, organisation=world.gemeente)
    agreement = fresh(agreement)
    assert not may(editor, "agreements.mark_ready", agreement)
    assert may(editor, "agreements.withdraw_ready", agreement)
    refused_to(world, "agreements.withdraw_ready", agreement)
    all_ready(world, agreement)
    agreement = fresh(agreement)
    assert may(editor, "agreements.freeze_final", agreement)
    assert not may(editor, "agreements.withdraw_ready", agreement)
    refused_to(world, "agreements.freeze_final", agreement)
    p = _proposal(world, agreement)
    services.proposal_decide(actor=None, proposal=p, organisation=world.gemeente, accept=True)
    p = selectors.proposal_get(fresh(agreement), p.pk)
    # The gemeente answered; its editor may no longer decide; the corporatie's may.
    assert not may(editor, "agreements.decide_proposal", p)
    assert may(world.member(world.corporatie, "editor"), "agreements.decide_proposal", p)


def test_a_text_change_after_ready_asks_every_party_again(world):
    """Readiness is given on a text: a later edit clears it, so the final freeze waits again."""
    agreement = make_agreement(world)
    editor = world.member(world.gemeente, "editor")
    all_ready(world, agreement)
    assert not agreement.parties.filter(ready_at__isnull=True).exists()
    services.clause_save(
        actor=editor,
        agreement=agreement,
        clause=None,
        title="Looptijd",
        text="Deze afspraken lopen vier jaar.",
    )
    assert agreement.parties.filter(ready_at__isnull=False).count() == 0
    with pytest.raises(ServiceError, match="klaar"):
        services.version_freeze(actor=editor, agreement=agreement, final=True)
    all_ready(world, agreement)
    services.commitment_delete(
        actor=editor, agreement=agreement, commitment=agreement.commitments.first()
    )
    assert agreement.parties.filter(ready_at__isnull=False).count() == 0
