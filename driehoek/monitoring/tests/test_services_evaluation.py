"""Monitoring services: the yearly evaluation, carry-over of what was not met, and the
corporatie's financial room against what it agreed (reasonableness)."""

from decimal import Decimal

import pytest

from driehoek.agreements.models import AgreementStatus, Commitment, CommitmentTarget
from driehoek.core.errors import ServiceError
from driehoek.monitoring import services
from driehoek.monitoring.models import EvaluationStatus, ProgressStatus, ReviewState

from .factories import make_agreement, make_commitment
from .helpers import TODAY, report, service_setup


@pytest.fixture
def setup(world):
    return service_setup(world)


def confirm(s, r, world):
    """The other parties confirm a figure the corporatie reported: only then it counts in the
    evaluation and the carry-over."""
    for actor, org in ((s["gem_editor"], world.gemeente), (s["huur_editor"], world.huurders)):
        services.report_review(
            actor=actor, report=r, organisation=org, decision="confirmed", today=TODAY
        )
    r.refresh_from_db()
    assert r.review_state == ReviewState.CONFIRMED
    return r


# Evaluation and carry-over -----------------------------------------------------------------


def _complete_evaluation(setup, world, year=2026):
    a = setup["agreement"]
    themes = {
        "beschikbaarheid": {
            "realised": "25 woningen",
            "why_not": "Vergunning",
            "lessons": "Eerder grond",
        }
    }
    services.evaluation_save(
        actor=setup["gem_editor"],
        agreement=a,
        year=year,
        organisation=world.gemeente,
        themes=themes,
        view="Goed jaar",
    )
    services.evaluation_save(
        actor=setup["corp_editor"],
        agreement=a,
        year=year,
        organisation=world.corporatie,
        themes={},
        view="Krap",
    )
    ev = services.evaluation_save(
        actor=setup["huur_editor"],
        agreement=a,
        year=year,
        organisation=world.huurders,
        themes={},
        view="Te weinig",
    )
    return services.evaluation_complete(
        actor=setup["gem_editor"], evaluation=ev, organisation=world.gemeente
    )


def test_evaluation_needs_every_party_view(setup, world):
    a = setup["agreement"]
    ev = services.evaluation_save(
        actor=setup["gem_editor"],
        agreement=a,
        year=2026,
        organisation=world.gemeente,
        themes={"beschikbaarheid": {"realised": "x"}},
        view="Onze kijk",
    )
    with pytest.raises(ServiceError, match=world.corporatie.name):
        services.evaluation_complete(
            actor=setup["gem_editor"], evaluation=ev, organisation=world.gemeente
        )


def test_evaluation_rules(setup, world):
    a = setup["agreement"]
    with pytest.raises(ServiceError):
        services.evaluation_save(
            actor=setup["gem_editor"],
            agreement=a,
            year=2031,
            organisation=world.gemeente,
            themes={},
            view="",
        )
    with pytest.raises(ServiceError):
        services.evaluation_save(
            actor=setup["gem_editor"],
            agreement=a,
            year=2026,
            organisation=world.gemeente,
            themes={"middenhuur": {}},
            view="",
        )
    with pytest.raises(ServiceError):
        services.evaluation_save(
            actor=world.users["viewer"],
            agreement=a,
            year=2026,
            organisation=world.gemeente,
            themes={},
            view="x",
        )
    ev = _complete_evaluation(setup, world)
    assert ev.status == EvaluationStatus.COMPLETED
    with pytest.raises(ServiceError):
        services.evaluation_save(
            actor=setup["gem_editor"],
            agreement=a,
            year=2026,
            organisation=world.gemeente,
            themes={},
            view="later",
        )


def test_unmet_commitments(setup, world):
    confirm(
        setup,
        report(
            setup,
            period_quarter=4,
            realised="60",
            status=ProgressStatus.NOT_ACHIEVED,
            explanation="Vertraging",
        ),
        world,
    )
    unmet = services.unmet_commitments(setup["agreement"], 2026)
    assert [(c.pk, t, r) for c, t, r in unmet] == [
        (setup["homes"].pk, Decimal("100.00"), Decimal("60.00")),
        (setup["share"].pk, Decimal("95.00"), None),
    ]


def test_carry_over_in_one_action(setup, world):
    confirm(
        setup,
        report(
            setup,
            period_quarter=4,
            realised="60",
            status=ProgressStatus.NOT_ACHIEVED,
            explanation="Vertraging",
        ),
        world,
    )
    ev = _complete_evaluation(setup, world)
    nxt = make_agreement(
        world.gemeente,
        world.corporatie,
        world.huurders,
        start=2027,
        end=2027,
        status=AgreementStatus.NEGOTIATION,
        kind="jaarschijf",
    )
    with pytest.raises(ServiceError):  # before completion is tested above; wrong target here
        services.carry_over(
            actor=setup["gem_editor"],
            evaluation=ev,
            organisation=world.gemeente,
            target=setup["agreement"],
        )
    target = services.carry_over(
        actor=setup["gem_editor"], evaluation=ev, organisation=world.gemeente, target=nxt
    )
    copies = Commitment.objects.filter(agreement=target).order_by("number")
    assert [c.origin_id for c in copies] == [setup["homes"].pk, setup["share"].pk]
    assert CommitmentTarget.objects.get(commitment=copies[0], year=2027).value == Decimal("40.00")
    assert target.clauses.filter(text__contains="Eerder grond").exists()
    with pytest.raises(ServiceError):
        services.carry_over(
            actor=setup["gem_editor"], evaluation=ev, organisation=world.gemeente, target=nxt
        )


def test_carry_over_needs_completed_evaluation(setup, world):
    ev = services.evaluation_save(
        actor=setup["gem_editor"],
        agreement=setup["agreement"],
        year=2026,
        organisation=world.gemeente,
        themes={},
        view="x",
    )
    with pytest.raises(ServiceError):
        services.carry_over(actor=setup["gem_editor"], evaluation=ev, organisation=world.gemeente)


# Financial room ----------------------------------------------------------------------------


def test_financial_room_rules(setup, world):
    editor = setup["corp_editor"]
    room = services.financial_room_save(
        actor=editor,
        corporatie=world.corporatie,
        year=2026,
        ibw_new_build="1500000",
        ibw_improvement="900000",
        ibw_rent_moderation="400000",
        icr="1.2",
        ltv="65",
        solvency="35",
        icr_norm="1.4",
        ltv_norm="70",
        solvency_norm="30",
    )
    assert room.ibw_max == Decimal("1500000")
    with pytest.raises(ServiceError) as err:
        services.financial_room_save(
            actor=editor,
            corporatie=world.corporatie,
            year=2026,
            ltv="170",
            icr_norm="1.4",
            ltv_norm="70",
            solvency_norm="30",
        )
    assert err.value.field == "ltv"
    with pytest.raises(ServiceError):
        services.financial_room_save(
            actor=editor,
            corporatie=world.corporatie,
            year=2026,
            icr="-1",
            icr_norm="1.4",
            ltv_norm="70",
            solvency_norm="30",
        )
    with pytest.raises(ServiceError):  # a gemeente has no financial room
        services.financial_room_save(
            actor=world.users["admin"],
            corporatie=world.gemeente,
            year=2026,
            icr_norm="1.4",
            ltv_norm="70",
            solvency_norm="30",
        )
    with pytest.raises(ServiceError):  # only the corporatie records it
        services.financial_room_save(
            actor=world.users["admin"],
            corporatie=world.corporatie,
            year=2026,
            icr_norm="1.4",
            ltv_norm="70",
            solvency_norm="30",
        )


def test_reasonableness_adds_up_across_gemeenten_and_uses_largest_ibw(setup, world):
    from driehoek.monitoring.reasonableness import reasonableness
    from driehoek.organisations.tests.factories import OrganisationFactory

    other = OrganisationFactory(kind="gemeente")
    a2 = make_agreement(other, world.corporatie, start=2026, end=2026)
    make_commitment(a2, world.corporatie, targets={2026: 10}, cost=1_000_000)
    services.financial_room_save(
        actor=setup["corp_editor"],
        corporatie=world.corporatie,
        year=2026,
        ibw_new_build="1500000",
        ibw_improvement="1200000",
        ibw_rent_moderation="500000",
        icr="1.2",
        ltv="65",
        solvency="35",
        icr_norm="1.4",
        ltv_norm="70",
        solvency_norm="30",
    )
    data = reasonableness(world.corporatie)
    row = next(r for r in data["rows"] if r["year"] == 2026)
    # 2,000,000 spread over 2026 and 2027, plus 1,000,000 in 2026.
    assert row["total"] == Decimal("2000000")
    assert row["verdict"] == "exceeds"
    assert "alternati" in row["text"]
    assert [f["name"] for f in row["flags"] if not f["ok"]] == ["ICR"]
    assert data["gemeente_count"] == 2
    row27 = next(r for r in data["rows"] if r["year"] == 2027)
    assert row27["verdict"] == "unknown"


def test_carry_over_makes_next_years_annual_slice(world):
    a = make_agreement(
        world.gemeente, world.corporatie, world.huurders, start=2026, end=2027, cycle_year=2025
    )
    homes = make_commitment(a, world.corporatie, targets={2026: 100, 2027: 80})
    corp, gem, huur = (
        world.member(world.corporatie, "editor"),
        world.users["editor"],
        world.member(world.huurders, "editor"),
    )
    r = services.report_save(
        actor=corp,
        commitment=homes,
        period_year=2026,
        period_quarter=4,
        realised="70",
        status=ProgressStatus.NOT_ACHIEVED,
        explanation="Vertraging",
        today=TODAY,
    )
    for actor, org in ((gem, world.gemeente), (huur, world.huurders)):
        services.report_review(
            actor=actor, report=r, organisation=org, decision="confirmed", today=TODAY
        )
    for actor, org in ((gem, world.gemeente), (corp, world.corporatie), (huur, world.huurders)):
        ev = services.evaluation_save(
            actor=actor,
            agreement=a,
            year=2026,
            organisation=org,
            themes={"beschikbaarheid": {"lessons": "Sneller vergunnen"}},
            view="Onze kijk",
        )
    services.evaluation_complete(actor=gem, evaluation=ev, organisation=world.gemeente)
    target = services.carry_over(actor=gem, evaluation=ev, organisation=world.gemeente)
    assert target.period_start == target.period_end == 2027
    copy = target.commitments.get(origin=homes)
    assert CommitmentTarget.objects.get(commitment=copy, year=2027).value == Decimal(
        "110.00"
    )  # 80 + 30 short
    ev.refresh_from_db()
    assert ev.carried_over_to == target


def test_reasonableness_counts_copies_once(setup, world):
    from driehoek.monitoring.reasonableness import reasonableness

    slice_ = make_agreement(
        world.gemeente, world.corporatie, world.huurders, start=2027, end=2027, status="negotiation"
    )
    copy = make_commitment(slice_, world.corporatie, targets={2027: 120}, cost=2_000_000)
    copy.origin = setup["homes"]
    copy.save()
    row = next(r for r in reasonableness(world.corporatie)["rows"] if r["year"] == 2027)
    assert row["total"] == Decimal("1000000")  # only the original, spread over 2026 and 2027
