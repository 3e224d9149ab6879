"""The core flow at service level, drafting and negotiating: parties, commitments, comments,
positions, open points, proposals, versions and exports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent

from .. import services
from ..models import AgreementStatus, Theme
from .factories import all_ready, make_agreement

pytestmark = pytest.mark.django_db


def test_agreement_has_standard_clauses_and_needs_gemeente_and_corporatie(world):
    agreement = make_agreement(world, commitments=0)
    keys = set(agreement.clauses.values_list("key", flat=True))
    assert {
        "duration",
        "interim_change",
        "special_circumstances",
        "supervisory_approval",
        "merger",
        "reasonableness",
    } <= keys
    with pytest.raises(ServiceError) as err:
        services.agreement_create(
            actor=None,
            cycle=agreement.cycle,
            kind="kader",
            title="x",
            period_start=2027,
            period_end=2028,
            parties=[world.gemeente, world.huurders],
        )
    assert err.value.field == "parties"
    with pytest.raises(ServiceError):
        services.agreement_create(
            actor=None,
            cycle=agreement.cycle,
            kind="kader",
            title="x",
            period_start=2028,
            period_end=2027,
            parties=[world.gemeente, world.corporatie],
        )


def test_commitment_targets_and_bad_input(world):
    agreement = make_agreement(world, commitments=1)
    c = agreement.commitments.get()
    assert c.reference == "A2027-001"
    assert c.targets.get().value == Decimal("120")
    base = {
        "actor": None,
        "agreement": agreement,
        "theme": Theme.AFFORDABILITY,
        "kind": "result",
        "title": "Passend toewijzen",
        "responsible": world.corporatie,
    }
    for targets, field in (
        ({2027: "-1"}, "target_2027"),
        ({2027: "veel"}, "target_2027"),
        ({2035: "5"}, "target_2035"),
    ):
        with pytest.raises(ServiceError) as err:
            services.commitment_save(**base, targets=targets)
        assert err.value.field == field
    with pytest.raises(ServiceError) as err:
        services.commitment_save(**{**base, "responsible": world.outside})
    assert err.value.field == "responsible"
    assert agreement.commitments.count() == 1
    c2 = services.commitment_save(**base, targets={2027: "95,5", 2028: ""})
    assert c2.reference == "A2027-002"
    assert list(c2.targets.values_list("year", "value")) == [(2027, Decimal("95.5"))]


def test_drafting_warnings(world):
    agreement = make_agreement(world, commitments=0)
    services.commitment_save(
        actor=None,
        agreement=agreement,
        theme=Theme.QUALITY,
        kind="result",
        title="Labels",
        responsible=world.corporatie,
    )
    warnings = " ".join(services.drafting_warnings(agreement))
    assert "SMART" in warnings
    assert str(world.huurders) in warnings  # no commitments for the tenant body


def test_negotiation_positions_comments_open_points_proposals(world):
    agreement = make_agreement(world)
    c = agreement.commitments.get()
    clause = agreement.clauses.first()
    first = services.comment_add(
        actor=None, agreement=agreement, organisation=world.huurders, text="Te weinig", commitment=c
    )
    reply = services.comment_add(
        actor=None,
        agreement=agreement,
        organisation=world.corporatie,
        text="Meer kan niet",
        parent=first,
    )
    assert reply.commitment == c
    services.position_set(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        stance="disagree",
        commitment=c,
    )
    services.position_set(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        stance="agree_with_change",
        commitment=c,
    )
    assert c.positions.get().stance == "agree_with_change"
    with pytest.raises(ServiceError):
        services.position_set(
            actor=None,
            agreement=agreement,
            organisation=world.outside,
            stance="agree",
            commitment=c,
        )
    point = services.open_point_add(
        actor=None,
        agreement=agreement,
        title="Grondprijs",
        owner=world.gemeente,
        due_on=date(2026, 10, 1),
    )
    services.open_point_resolve(actor=None, point=point, resolution="Afgesproken")
    with pytest.raises(ServiceError):
        services.open_point_resolve(actor=None, point=point, resolution="nog eens")
    p = services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        commitment=c,
        target_year=2027,
        target_value="150",
    )
    services.proposal_decide(actor=None, proposal=p, organisation=world.corporatie, accept=True)
    # Every other signing party accepts before the text changes: the gemeente too.
    assert c.targets.get(year=2027).value != Decimal("150")
    services.proposal_decide(actor=None, proposal=p, organisation=world.gemeente, accept=True)
    assert c.targets.get(year=2027).value == Decimal("150")
    p2 = services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=world.gemeente,
        clause=clause,
        new_text="Nieuw",
    )
    services.proposal_decide(actor=None, proposal=p2, organisation=world.corporatie, accept=False)
    clause.refresh_from_db()
    assert clause.text != "Nieuw"
    with pytest.raises(ServiceError):
        services.proposal_decide(
            actor=None, proposal=p2, organisation=world.corporatie, accept=True
        )
    with pytest.raises(ServiceError):
        services.proposal_create(
            actor=None,
            agreement=agreement,
            organisation=world.gemeente,
            commitment=c,
            target_year=2027,
            target_value="-3",
        )


def test_versions_freeze_and_compare(world):
    from ..diff import compare

    agreement = make_agreement(world)
    editor = world.member(world.gemeente, "editor")
    v1 = services.version_freeze(actor=editor, agreement=agreement)
    c = agreement.commitments.get()
    services.commitment_save(
        actor=None,
        agreement=agreement,
        commitment=c,
        theme=c.theme,
        kind=c.kind,
        title="Meer sociale huurwoningen",
        responsible=world.corporatie,
        indicator=c.indicator,
        unit=c.unit,
        targets={2027: "150"},
    )
    v2 = services.version_freeze(actor=editor, agreement=agreement)
    assert v1.content_hash != v2.content_hash
    assert v1.snapshot["commitments"][0]["targets"] == {"2027": "120"}
    rows = compare(v1.snapshot, v2.snapshot)
    changed = [r for r in rows if r["change"]]
    assert changed and "<ins>" in str(changed[0]["right"]) and "<del>" in str(changed[0]["left"])
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NEGOTIATION


def test_own_proposal_cannot_be_accepted_by_the_proposer(world):
    agreement = make_agreement(world)
    c = agreement.commitments.get()
    p = services.proposal_create(
        actor=None, agreement=agreement, organisation=world.huurders, commitment=c, new_text="Meer"
    )
    with pytest.raises(ServiceError):
        services.proposal_decide(actor=None, proposal=p, organisation=world.huurders, accept=True)
    services.proposal_decide(actor=None, proposal=p, organisation=world.huurders, accept=False)
    c.refresh_from_db()
    assert c.description != "Meer"


def test_parties_change_while_negotiating(world):
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory

    agreement = make_agreement(world)
    editor = world.member(world.gemeente, "editor")
    second = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Twee")
    party = services.agreement_party_add(actor=editor, agreement=agreement, organisation=second)
    with pytest.raises(ServiceError) as err:
        services.agreement_party_add(actor=editor, agreement=agreement, organisation=second)
    assert err.value.field == "organisation"
    other = OrganisationFactory(kind=OrganisationKind.OTHER)
    with pytest.raises(ServiceError):
        services.agreement_party_add(actor=editor, agreement=agreement, organisation=other)
    services.agreement_party_remove(actor=editor, agreement=agreement, party=party)
    assert not agreement.parties.filter(organisation=second).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="agreements.party.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["agreements.party.added", "agreements.party.removed"]
    # The last gemeente stays.
    with pytest.raises(ServiceError) as err:
        services.agreement_party_remove(
            actor=editor,
            agreement=agreement,
            party=agreement.parties.get(organisation=world.gemeente),
        )
    assert "laatste gemeente" in str(err.value.message)
    # A party with commitments is reassigned first, and so is the last corporatie.
    corporatie = agreement.parties.get(organisation=world.corporatie)
    with pytest.raises(ServiceError) as err:
        services.agreement_party_remove(actor=editor, agreement=agreement, party=corporatie)
    assert "laatste woningcorporatie" in str(err.value.message)
    services.agreement_party_add(actor=editor, agreement=agreement, organisation=second)
    with pytest.raises(ServiceError) as err:
        services.agreement_party_remove(actor=editor, agreement=agreement, party=corporatie)
    assert "A2027-001" in str(err.value.message) and "eerst" in str(err.value.message)
    # The tenant organisation has no commitments: it can go.
    services.agreement_party_remove(
        actor=editor, agreement=agreement, party=agreement.parties.get(organisation=world.huurders)
    )
    # Never after a final version.
    all_ready(world, agreement)
    services.version_freeze(actor=editor, agreement=agreement, final=True)
    with pytest.raises(ServiceError):
        services.agreement_party_add(actor=editor, agreement=agreement, organisation=world.huurders)
    services.agreement_reopen(actor=editor, agreement=agreement, reason="opnieuw")
    with pytest.raises(ServiceError):
        services.agreement_party_remove(
            actor=editor, agreement=agreement, party=agreement.parties.get(organisation=second)
        )


def test_exports(world):
    from .. import exports

    agreement = make_agreement(world, commitments=3)
    assert exports.commitments_csv(agreement).decode("utf-8").count("\n") == 4
    assert exports.commitments_xlsx(agreement)[:2] == b"PK"
