"""The one next step on the agreement page (``agreements/next_step.py``), per role and stage:
gemeente, corporatie, a tenant organisation that signs as a full party or only takes note, a
reader; draft, negotiation with open proposals, final text not ready, signing, concluded,
submitted, nothing to do. The facts are read as the agreement page reads them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .. import selectors, services
from ..models import Decision
from ..next_step import names, next_step
from ..services.readiness import ready_set, signing_role_set
from .factories import ALL_RECIPIENTS, all_ready, make_agreement, sign_ready

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _november_2026(clock):
    """Before the cycle's submission date (15 December 2026), so nothing is late."""
    clock.travel_to("2026-11-20 10:00")


def step(user, agreement):
    """The step the agreement page shows ``user``, from the same reads as the page."""
    a = selectors.agreement_get_for_user(user=user, agreement_id=agreement.uuid)
    return next_step(
        user,
        a,
        signing=selectors.signing_state(a),
        proposals=selectors.open_proposals(a),
        commitments=selectors.agreement_commitments(a),
    )


def url(name, agreement, **kwargs):
    return reverse(f"agreements:{name}", kwargs={"agreement_id": agreement.uuid, **kwargs})


def _propose(world, agreement, org):
    return services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=org,
        commitment=agreement.commitments.first(),
        new_text="Meer woningen",
    )


def _sign(world, version, org, decision=Decision.SIGNED, reason=""):
    services.version_sign(
        actor=world.member(org, "signatory"),
        version=version,
        organisation=org,
        decision=decision,
        reason=reason,
    )


def test_names_are_joined_in_dutch(world):
    assert names([world.gemeente]) == "Gemeente Testdorp"
    assert names([world.gemeente, world.corporatie, world.huurders]) == (
        "Gemeente Testdorp, Woonstichting Test en Huurdersvereniging Test"
    )


def test_draft_without_commitments_asks_an_editor_for_the_first(world):
    agreement = make_agreement(world, commitments=0)
    s = step(world.member(world.gemeente, "editor"), agreement)
    assert (s.key, s.label) == ("add_commitment", "Voeg de eerste afspraak toe")
    assert s.url == url("commitment_create", agreement)
    assert not s.formal


def test_draft_asks_each_signing_party_for_its_readiness(world):
    agreement = make_agreement(world)
    for org in (world.gemeente, world.corporatie, world.huurders):
        s = step(world.member(org, "editor"), agreement)
        assert s.key == "ready", org
        assert s.label == "Geef aan dat jullie klaar zijn om te tekenen"
        assert s.url == url("ready", agreement)
        assert not s.formal


def test_once_ready_the_party_waits_on_the_others(world):
    agreement = make_agreement(world)
    editor = world.member(world.corporatie, "editor")
    ready_set(actor=editor, agreement=agreement, organisation=world.corporatie)
    s = step(editor, agreement)
    assert s.key == "wait_ready" and s.url is None
    assert s.label == (
        "Wacht tot Gemeente Testdorp en Huurdersvereniging Test klaar zijn om te tekenen"
    )
    ready_set(
        actor=world.member(world.gemeente, "editor"),
        agreement=agreement,
        organisation=world.gemeente,
    )
    assert step(editor, agreement).label == (
        "Wacht tot Huurdersvereniging Test klaar is om te tekenen"
    )


def test_a_reader_only_hears_who_the_agreement_waits_on(world):
    agreement = make_agreement(world)
    for reader in (world.users["viewer"], world.member(world.huurders, "viewer")):
        s = step(reader, agreement)
        assert s.key == "wait_ready" and s.url is None and not s.is_action
        assert "Gemeente Testdorp" in s.label


def test_open_proposals_come_first_for_the_parties_that_answer(world):
    agreement = make_agreement(world, commitments=2)
    first = _propose(world, agreement, world.gemeente)
    corporatie = world.member(world.corporatie, "editor")
    s = step(corporatie, agreement)
    assert (s.key, s.label) == ("decide", "Beslis over 1 voorstel")
    assert s.url == url("proposal_decide", agreement, pk=first.pk)
    # The proposer only waits for the answers: its own next step is its readiness.
    assert step(world.member(world.gemeente, "editor"), agreement).key == "ready"
    _propose(world, agreement, world.huurders)
    s = step(corporatie, agreement)
    assert s.label == "Beslis over 2 voorstellen"
    assert s.url == agreement.get_absolute_url() + "#proposals"
    # Once answered, the proposal no longer waits for the corporatie.
    services.proposal_decide(
        actor=corporatie, proposal=first, organisation=world.corporatie, accept=True
    )
    assert step(corporatie, agreement).label == "Beslis over 1 voorstel"


def test_a_tenant_that_takes_note_does_not_answer_proposals_but_gives_its_view(world):
    agreement = make_agreement(world, commitments=2)
    huurders = world.member(world.huurders, "editor")
    signing_role_set(actor=huurders, agreement=agreement, organisation=world.huurders, signs=False)
    _propose(world, agreement, world.gemeente)
    s = step(huurders, agreement)
    assert s.key == "position"
    assert s.label == "Geef jullie standpunt over de afspraken"
    assert "Bij 2 afspraken staat nog geen standpunt van jullie." in s.explanation
    first, second = agreement.commitments.order_by("number")
    assert s.url == url("discussion", agreement, on=first.discussion_key)
    for c in (first, second):
        services.position_set(
            actor=huurders,
            agreement=agreement,
            organisation=world.huurders,
            stance="agree",
            commitment=c,
        )
    s = step(huurders, agreement)
    # Nothing left for it: the others are not ready yet, and it is not among them.
    assert s.key == "wait_ready" and s.url is None
    assert "Huurdersvereniging" not in s.label


def test_all_ready_an_editor_freezes_the_final_version_and_a_reader_waits(world):
    agreement = make_agreement(world)
    all_ready(world, agreement)
    s = step(world.member(world.huurders, "editor"), agreement)
    assert (s.key, s.label) == ("freeze_final", "Leg de definitieve versie vast om te tekenen")
    assert s.url == url("version_freeze", agreement)
    assert s.formal
    s = step(world.users["viewer"], agreement)
    assert (s.key, s.url) == ("wait_freeze", None)
    assert s.label == "Wacht tot een partij de definitieve versie vastlegt"


def test_signing_a_signatory_signs_an_editor_waits_on_its_own_signatory(world):
    agreement, version = sign_ready(world)
    s = step(world.member(world.gemeente, "signatory"), agreement)
    assert (s.key, s.label) == ("sign", f"Onderteken versie {version.number} of weiger")
    assert s.url == url("sign", agreement, number=version.number)
    assert s.formal
    s = step(world.member(world.gemeente, "editor"), agreement)
    assert s.key == "wait_signature" and s.url is None
    assert s.label.startswith("Wacht op de handtekening van Gemeente Testdorp")
    assert s.explanation == "Alleen iemand die mag tekenen voor Gemeente Testdorp kan dit doen."


def test_signing_after_its_own_signature_the_party_waits_on_the_others(world):
    agreement, version = sign_ready(world)
    _sign(world, version, world.gemeente)
    _sign(world, version, world.corporatie)
    for user in (world.member(world.gemeente, "signatory"), world.users["viewer"]):
        s = step(user, agreement)
        assert s.key == "wait_signature" and s.url is None
        assert s.label == "Wacht op de handtekening van Huurdersvereniging Test"
    assert step(world.member(world.huurders, "signatory"), agreement).key == "sign"


def test_signing_a_required_party_declined_the_editors_reopen(world):
    agreement, version = sign_ready(world)
    _sign(world, version, world.corporatie, Decision.DECLINED, "Te duur")
    s = step(world.member(world.gemeente, "editor"), agreement)
    assert (s.key, s.label) == ("reopen", "Open de onderhandeling opnieuw")
    assert s.url == url("reopen", agreement) and s.formal
    assert s.explanation.startswith("Woonstichting Test wil niet tekenen.")
    s = step(world.users["viewer"], agreement)
    assert (s.key, s.url) == ("wait_reopen", None)


def test_concluded_the_corporatie_records_the_submission_the_others_wait(world):
    agreement, version = sign_ready(world)
    for org in (world.gemeente, world.corporatie, world.huurders):
        _sign(world, version, org)
    s = step(world.member(world.corporatie, "editor"), agreement)
    assert (s.key, s.label) == ("submit", "Leg de indiening vast")
    assert s.url == url("submit", agreement) and s.formal
    for user in (world.member(world.gemeente, "editor"), world.member(world.huurders, "viewer")):
        s = step(user, agreement)
        assert (s.key, s.url) == ("wait_submission", None)
        assert s.label == "Wacht tot Woonstichting Test de indiening vastlegt"


def test_concluded_a_tenant_that_took_note_may_still_sign(world):
    agreement = make_agreement(world)
    signing_role_set(
        actor=world.member(world.huurders, "editor"),
        agreement=agreement,
        organisation=world.huurders,
        signs=False,
    )
    all_ready(world, agreement)
    version = services.version_freeze(actor=None, agreement=agreement, final=True)
    _sign(world, version, world.gemeente)
    _sign(world, version, world.corporatie)
    agreement.refresh_from_db()
    assert agreement.status == "concluded"
    assert step(world.member(world.huurders, "signatory"), agreement).key == "sign"
    assert step(world.member(world.huurders, "editor"), agreement).key == "wait_submission"


def test_submitted_the_responsible_party_reports_progress_others_have_nothing_to_do(world):
    agreement, version = sign_ready(world)
    for org in (world.gemeente, world.corporatie, world.huurders):
        _sign(world, version, org)
    services.agreement_submit(
        actor=world.member(world.corporatie, "editor"),
        agreement=agreement,
        organisation=world.corporatie,
        **ALL_RECIPIENTS,
    )
    s = step(world.member(world.corporatie, "editor"), agreement)
    assert (s.key, s.label) == ("report", "Rapporteer de voortgang")
    assert s.url == reverse("monitoring:agreement", kwargs={"agreement_id": agreement.uuid})
    assert "1 afspraak" in s.explanation and not s.formal
    for user in (
        world.member(world.gemeente, "editor"),
        world.member(world.huurders, "signatory"),
        world.users["staff"],
    ):
        s = step(user, agreement)
        assert (s.key, s.url) == ("nothing", None)
        assert s.label == "Er is nu niets voor jou te doen"


def test_staff_never_get_a_partys_step(world):
    agreement, version = sign_ready(world)
    s = step(world.users["staff"], agreement)
    assert s.key == "wait_signature" and s.url is None
