"""Each rule of agreements: one person it lets act, and the people (and states) it refuses,
always including staff (they read, never act) and an outsider."""

from __future__ import annotations

from datetime import date

import pytest

from driehoek.core.permissions import UnknownRule, may

from .. import selectors, services
from ..models import Agreement, Bod, Cycle, Decision, Theme
from .factories import all_ready, make_agreement, make_cycle, sign_ready

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fixed_clock(clock):
    """These tests name the year 2026: they run on 1 December 2026, whatever today is."""
    clock.travel_to("2026-12-01T10:00")


ALL_RECIPIENTS = {"sent_to_minister": True, "sent_to_gemeenten": True, "sent_to_tenants": True}


def fresh_cycle(cycle) -> Cycle:
    return (
        Cycle.objects.select_related("gemeente").prefetch_related("participants").get(pk=cycle.pk)
    )


def fresh(agreement) -> Agreement:
    return Agreement.objects.prefetch_related("parties__organisation").get(pk=agreement.pk)


def refused_to(world, name, obj, *extra):
    for user in (world.users["staff"], world.users["outsider"], world.users["viewer"], *extra):
        assert not may(user, name, obj), (name, user)


def test_unknown_rule_raises(world):
    with pytest.raises(UnknownRule):
        may(world.users["editor"], "agreements.sign_everything", None)


def test_start_cycle(world):
    assert may(world.users["editor"], "agreements.start_cycle")
    # The outsider administers another gemeente: they may start a cycle for it.
    assert may(world.users["outsider"], "agreements.start_cycle")
    for user in (
        world.users["staff"],
        world.users["viewer"],
        world.member(world.corporatie, "admin"),
    ):
        assert not may(user, "agreements.start_cycle")


@pytest.mark.parametrize("name", ["agreements.edit_cycle", "agreements.record_woonvisie"])
def test_gemeente_acts_in_its_cycle(world, name):
    cycle = fresh_cycle(make_cycle(world))
    assert may(world.users["editor"], name, cycle)
    refused_to(world, name, cycle, world.member(world.corporatie, "editor"))


@pytest.mark.parametrize("name", ["agreements.record_interest", "agreements.create_agreement"])
def test_any_party_editor_acts_in_the_cycle(world, name):
    cycle = fresh_cycle(make_cycle(world))
    assert may(world.member(world.huurders, "editor"), name, cycle)
    assert may(world.users["signatory"], name, cycle)
    refused_to(world, name, cycle, world.member(world.huurders, "viewer"))


def test_create_bod(world):
    cycle = fresh_cycle(make_cycle(world))
    assert may(world.member(world.corporatie, "editor"), "agreements.create_bod", cycle)
    refused_to(world, "agreements.create_bod", cycle, world.users["editor"])


def test_ask_information(world):
    cycle = fresh_cycle(make_cycle(world))
    assert may(world.users["editor"], "agreements.ask_information", cycle)
    assert may(world.member(world.huurders, "editor"), "agreements.ask_information", cycle)
    refused_to(world, "agreements.ask_information", cycle, world.member(world.corporatie, "editor"))


def test_edit_woonvisie(world):
    woonvisie = services.woonvisie_create(
        actor=None,
        gemeente=world.gemeente,
        title="Woonvisie",
        adopted_on=date(2024, 3, 1),
        period_start=2024,
        period_end=2028,
    )
    assert may(world.users["editor"], "agreements.edit_woonvisie", woonvisie)
    refused_to(
        world, "agreements.edit_woonvisie", woonvisie, world.member(world.corporatie, "admin")
    )


@pytest.mark.parametrize("name", ["agreements.edit_bod", "agreements.send_bod"])
def test_bod_until_sent(world, name):
    cycle = make_cycle(world)
    corp_editor = world.member(world.corporatie, "editor")
    bod = services.bod_create(
        actor=corp_editor, cycle=cycle, corporaties=[world.corporatie], title="Bod"
    )
    bod = Bod.objects.prefetch_related("corporaties").get(pk=bod.pk)
    assert may(corp_editor, name, bod)
    refused_to(world, name, bod, world.users["editor"], world.member(world.huurders, "admin"))
    services.bod_line_add(
        actor=corp_editor, bod=bod, theme=Theme.AVAILABILITY, description="Nieuwbouw", year=2027
    )
    services.bod_record_consultation(
        actor=corp_editor, bod=bod, consulted_on=date(2026, 5, 1), note="Besproken"
    )
    services.bod_send(actor=corp_editor, bod=bod)
    bod = Bod.objects.prefetch_related("corporaties").get(pk=bod.pk)
    assert not may(corp_editor, name, bod)


@pytest.mark.parametrize(
    "name",
    [
        "agreements.comment",
        "agreements.take_position",
        "agreements.manage_open_points",
        "agreements.file_dispute",
        "agreements.next_slice",
    ],
)
def test_party_editors_act_on_the_agreement(world, name):
    agreement = fresh(make_agreement(world))
    assert may(world.users["editor"], name, agreement)
    assert may(world.member(world.huurders, "editor"), name, agreement)
    refused_to(world, name, agreement, world.member(world.huurders, "viewer"))


@pytest.mark.parametrize(
    "name",
    [
        "agreements.edit_agreement",
        "agreements.propose",
        "agreements.freeze_version",
        "agreements.change_parties",
    ],
)
def test_text_changes_only_while_editable(world, name):
    agreement = fresh(make_agreement(world))
    assert may(world.users["editor"], name, agreement)
    refused_to(world, name, agreement)
    all_ready(world, agreement)
    services.version_freeze(actor=world.users["editor"], agreement=agreement, final=True)
    assert not may(world.users["editor"], name, fresh(agreement))


def test_change_parties_stops_after_a_final_version(world):
    agreement, _version = sign_ready(world)
    services.agreement_reopen(actor=world.users["editor"], agreement=agreement, reason="Nog niet")
    agreement = fresh(agreement)
    assert agreement.is_editable
    assert may(world.users["editor"], "agreements.edit_agreement", agreement)
    assert not may(world.users["editor"], "agreements.change_parties", agreement)


def test_decide_proposal(world):
    agreement = make_agreement(world)
    proposal = services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        commitment=agreement.commitments.get(),
        new_text="Meer woningen",
    )
    agreement = fresh(agreement)
    proposal = selectors.proposal_get(agreement, proposal.pk)
    assert may(world.users["editor"], "agreements.decide_proposal", proposal)
    refused_to(world, "agreements.decide_proposal", proposal)
    services.proposal_decide(
        actor=world.users["editor"], proposal=proposal, organisation=world.gemeente, accept=False
    )
    proposal = selectors.proposal_get(agreement, proposal.pk)
    assert not may(world.users["editor"], "agreements.decide_proposal", proposal)


def test_sign_version(world):
    agreement, version = sign_ready(world)
    state = selectors.signing_state(fresh(agreement))
    final = state["final"]
    assert may(world.users["signatory"], "agreements.sign_version", final)
    # Without the facts the page prepares, the rule looks them up itself.
    assert may(world.users["signatory"], "agreements.sign_version", version)
    refused_to(world, "agreements.sign_version", final, world.users["editor"])
    services.version_sign(
        actor=world.users["signatory"], version=version, organisation=world.gemeente
    )
    final = selectors.signing_state(fresh(agreement))["final"]
    assert not may(world.users["signatory"], "agreements.sign_version", final)
    assert may(world.member(world.corporatie, "signatory"), "agreements.sign_version", final)


def test_see_signature_receipt(world):
    _agreement, version = sign_ready(world)
    signed = services.version_sign(
        actor=world.users["signatory"], version=version, organisation=world.gemeente
    )
    # Every member of the signer's organisation, and staff (they read, never act).
    for user in (world.users["viewer"], world.users["signatory"], world.users["staff"]):
        assert may(user, "agreements.see_signature_receipt", signed), user
    for user in (world.users["outsider"], world.member(world.corporatie, "admin"), None):
        assert not may(user, "agreements.see_signature_receipt", signed), user
    declined = services.version_sign(
        actor=world.member(world.corporatie, "signatory"),
        version=version,
        organisation=world.corporatie,
        decision=Decision.DECLINED,
        reason="Nee",
    )
    # A refusal has no receipt, not even for its own organisation.
    assert not may(
        world.member(world.corporatie, "viewer"), "agreements.see_signature_receipt", declined
    )


def test_sign_version_only_the_latest_final_while_signing(world):
    agreement, version = sign_ready(world)
    services.agreement_reopen(actor=world.users["editor"], agreement=agreement, reason="Nog niet")
    state = selectors.signing_state(fresh(agreement))
    assert not may(world.users["signatory"], "agreements.sign_version", state["final"])
    services.version_freeze(actor=world.users["editor"], agreement=agreement)
    state = selectors.signing_state(fresh(agreement))
    assert not may(world.users["signatory"], "agreements.sign_version", state["final"])
    assert not may(world.users["signatory"], "agreements.sign_version", None)


def _conclude(world, agreement, version):
    # The tenant organisation signs as a full party (the default): its decision counts too.
    for org in (world.gemeente, world.corporatie, world.huurders):
        services.version_sign(
            actor=world.member(org, "signatory"),
            version=version,
            organisation=org,
            decision=Decision.SIGNED,
        )


def test_reopen(world):
    agreement, version = sign_ready(world)
    assert may(world.users["editor"], "agreements.reopen", fresh(agreement))
    refused_to(world, "agreements.reopen", fresh(agreement))
    _conclude(world, agreement, version)
    assert not may(world.users["editor"], "agreements.reopen", fresh(agreement))


def test_make_addendum(world):
    agreement, version = sign_ready(world)
    assert not may(world.users["editor"], "agreements.make_addendum", fresh(agreement))
    _conclude(world, agreement, version)
    assert may(world.users["editor"], "agreements.make_addendum", fresh(agreement))
    refused_to(world, "agreements.make_addendum", fresh(agreement))


def test_submit(world):
    agreement, version = sign_ready(world)
    corp_editor = world.member(world.corporatie, "editor")
    assert not may(corp_editor, "agreements.submit", fresh(agreement))
    _conclude(world, agreement, version)
    assert may(corp_editor, "agreements.submit", fresh(agreement))
    refused_to(world, "agreements.submit", fresh(agreement), world.users["editor"])
    services.agreement_submit(
        actor=corp_editor, agreement=agreement, organisation=world.corporatie, **ALL_RECIPIENTS
    )
    assert not may(corp_editor, "agreements.submit", fresh(agreement))


def test_answer_inforequest(world):
    cycle = make_cycle(world)
    req = services.inforequest_create(
        actor=world.users["editor"],
        cycle=cycle,
        requester=world.gemeente,
        corporatie=world.corporatie,
        question="Hoeveel woningen?",
    )
    corp_editor = world.member(world.corporatie, "editor")
    assert may(corp_editor, "agreements.answer_inforequest", req)
    refused_to(world, "agreements.answer_inforequest", req, world.users["admin"])
    services.inforequest_answer(actor=corp_editor, request=req, answer="Veertig.")
    req.refresh_from_db()
    assert not may(corp_editor, "agreements.answer_inforequest", req)


def test_edit_dispute(world):
    agreement = make_agreement(world)
    dispute = services.dispute_start(
        actor=world.users["editor"],
        agreement=agreement,
        organisation=world.gemeente,
        arose_on=date(2026, 11, 1),
        description="Geen overeenstemming",
    )
    assert may(world.member(world.huurders, "editor"), "agreements.edit_dispute", dispute)
    refused_to(world, "agreements.edit_dispute", dispute)


def test_rules_ask_no_query_with_prefetched_parties(world, django_assert_num_queries):
    agreement = fresh(make_agreement(world))
    user = world.users["editor"]
    selectors.user_org_ids(user)  # memberships cached on the user
    with django_assert_num_queries(0):
        for name in (
            "agreements.edit_agreement",
            "agreements.reopen",
            "agreements.submit",
            "agreements.file_dispute",
        ):
            may(user, name, agreement)
