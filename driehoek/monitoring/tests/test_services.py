from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from driehoek.agreements.models import AgreementStatus, Commitment, CommitmentTarget
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.monitoring import services
from driehoek.monitoring.models import (
    EvaluationStatus,
    Frequency,
    MonitoringSettings,
    ProgressReport,
    ProgressStatus,
    ReviewState,
)

from .factories import make_agreement, make_commitment

TODAY = date(2026, 11, 20)


@pytest.fixture
def setup(world):
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(
        agreement, world.corporatie, targets={2026: 100, 2027: 120}, cost=2_000_000
    )
    share = make_commitment(
        agreement, world.gemeente, unit="% passend toegewezen", targets={2026: 95}
    )
    return {
        "agreement": agreement,
        "homes": homes,
        "share": share,
        "corp_editor": world.member(world.corporatie, "editor"),
        "gem_editor": world.users["editor"],
        "huur_editor": world.member(world.huurders, "editor"),
    }


def report(s, commitment=None, actor=None, **kw):
    args = {
        "period_year": 2026,
        "period_quarter": 1,
        "realised": "25",
        "status": ProgressStatus.ON_TRACK,
    }
    args.update(kw)
    return services.report_save(
        actor=actor or s["corp_editor"], commitment=commitment or s["homes"], today=TODAY, **args
    )


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


# Reporting ---------------------------------------------------------------------------------


def test_responsible_party_reports_and_it_is_audited(setup):
    r = report(setup)
    assert r.realised == Decimal("25.00")
    assert r.review_state == ReviewState.AWAITING
    assert r.is_latest
    assert AuditEvent.objects.filter(action="monitoring.report.created").exists()


def test_other_party_cannot_report(setup):
    with pytest.raises(ServiceError, match="verantwoordelijke|responsible"):
        report(setup, actor=setup["gem_editor"])


def test_viewer_of_responsible_party_cannot_report(setup, world):
    with pytest.raises(ServiceError):
        report(setup, actor=world.member(world.corporatie, "viewer"))


@pytest.mark.parametrize(
    "value",
    ["veel", "-3", "12.5", "1e20", "40%"],
    ids=["not-a-number", "negative", "decimal-count", "too-large", "percent-for-homes"],
)
def test_bad_values_for_a_count_are_refused(setup, value):
    with pytest.raises(ServiceError) as err:
        report(setup, realised=value)
    assert err.value.field == "realised"
    assert not ProgressReport.objects.exists()


def test_percentages_must_be_0_to_100(setup):
    with pytest.raises(ServiceError):
        report(setup, commitment=setup["share"], actor=setup["gem_editor"], realised="120")
    r = report(setup, commitment=setup["share"], actor=setup["gem_editor"], realised="96,5%")
    assert r.realised == Decimal("96.50")


def test_decimal_comma_is_accepted(setup):
    r = report(setup, commitment=setup["share"], actor=setup["gem_editor"], realised="12,25")
    assert r.realised == Decimal("12.25")


def test_period_rules(setup):
    with pytest.raises(ServiceError, match="2030"):
        report(setup, period_year=2030)
    with pytest.raises(ServiceError):  # quarterly agreement: a quarter is needed
        report(setup, period_quarter=None)
    with pytest.raises(ServiceError):
        report(setup, period_quarter=5)
    with pytest.raises(ServiceError):  # the future
        report(setup, period_year=2027, period_quarter=1)


def test_yearly_agreement_has_no_quarters(setup):
    MonitoringSettings.objects.create(agreement=setup["agreement"], frequency=Frequency.YEAR)
    setup["agreement"]._monitoring_settings = None
    with pytest.raises(ServiceError):
        report(setup, period_quarter=2)
    assert report(setup, period_quarter=None).period_quarter is None


def test_closed_period_cannot_be_reported(setup):
    MonitoringSettings.objects.create(agreement=setup["agreement"], closed_until=date(2026, 3, 31))
    with pytest.raises(ServiceError, match="2026 Q1"):
        report(setup)
    assert report(setup, period_quarter=2).period_quarter == 2


def test_draft_agreement_is_not_monitored(setup, world):
    draft = make_agreement(
        world.gemeente, world.corporatie, status=AgreementStatus.NEGOTIATION, start=2026
    )
    c = make_commitment(draft, world.corporatie)
    with pytest.raises(ServiceError):
        report(setup, commitment=c)


def test_explanation_needed_when_at_risk(setup):
    with pytest.raises(ServiceError) as err:
        report(setup, status=ProgressStatus.AT_RISK)
    assert err.value.field == "explanation"
    assert (
        report(setup, status=ProgressStatus.AT_RISK, explanation="Bouwvergunning vertraagd").status
        == "at_risk"
    )


def test_evidence_link_and_file_rules(setup):
    with pytest.raises(ServiceError):
        report(setup, evidence_url="javascript:alert(1)")
    with pytest.raises(ServiceError):
        report(setup, evidence_file=SimpleUploadedFile("x.exe", b"MZ"))


def test_latest_report_of_the_year_counts(setup):
    q1 = report(setup, period_quarter=1)
    q3 = report(setup, period_quarter=3, realised="60")
    q2 = report(setup, period_quarter=2, realised="40")
    flags = dict(ProgressReport.objects.values_list("pk", "is_latest"))
    assert flags == {q1.pk: False, q2.pk: False, q3.pk: True}


# Reviews -----------------------------------------------------------------------------------


def test_confirmed_when_every_other_party_confirms(setup, world):
    r = report(setup)
    services.report_review(
        actor=setup["gem_editor"], report=r, organisation=world.gemeente, decision="confirmed"
    )
    r.refresh_from_db()
    assert r.review_state == ReviewState.AWAITING
    services.report_review(
        actor=setup["huur_editor"], report=r, organisation=world.huurders, decision="confirmed"
    )
    r.refresh_from_db()
    assert r.review_state == ReviewState.CONFIRMED


def test_contest_mails_the_reporting_party(setup, world, django_capture_on_commit_callbacks):
    from django.core import mail

    r = report(setup)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_review(
            actor=setup["huur_editor"],
            report=r,
            organisation=world.huurders,
            decision="contested",
            reason="Te hoog",
        )
    assert [m.to for m in mail.outbox] == [[setup["corp_editor"].email]]
    assert "Te hoog" in mail.outbox[0].body


def test_contested_stays_contested_and_needs_a_reason(setup, world):
    r = report(setup)
    with pytest.raises(ServiceError) as err:
        services.report_review(
            actor=setup["huur_editor"], report=r, organisation=world.huurders, decision="contested"
        )
    assert err.value.field == "reason"
    services.report_review(
        actor=setup["huur_editor"],
        report=r,
        organisation=world.huurders,
        decision="contested",
        reason="Wij tellen 20 opgeleverde woningen, niet 25.",
    )
    services.report_review(
        actor=setup["gem_editor"], report=r, organisation=world.gemeente, decision="confirmed"
    )
    r.refresh_from_db()
    assert r.review_state == ReviewState.CONTESTED
    assert AuditEvent.objects.filter(action="monitoring.report.contested").exists()


def test_reporting_party_cannot_review_itself(setup, world):
    r = report(setup)
    with pytest.raises(ServiceError):
        services.report_review(
            actor=setup["corp_editor"],
            report=r,
            organisation=world.corporatie,
            decision="confirmed",
        )


def test_viewer_cannot_review(setup, world):
    r = report(setup)
    with pytest.raises(ServiceError):
        services.report_review(
            actor=world.users["viewer"], report=r, organisation=world.gemeente, decision="confirmed"
        )


def test_non_party_cannot_review(setup, world):
    r = report(setup)
    with pytest.raises(ServiceError):
        services.report_review(
            actor=world.users["outsider"],
            report=r,
            organisation=world.outside,
            decision="confirmed",
        )


def test_correction_clears_reviews(setup, world):
    r = report(setup)
    services.report_review(
        actor=setup["gem_editor"],
        report=r,
        organisation=world.gemeente,
        decision="contested",
        reason="Te hoog",
    )
    r2 = report(setup, realised="20")
    assert r2.pk == r.pk
    assert r2.review_state == ReviewState.AWAITING
    assert not r2.reviews.exists()
    assert AuditEvent.objects.filter(
        action="monitoring.report.updated", data__previous="25.00"
    ).exists()


def test_review_in_closed_period_is_refused(setup, world):
    r = report(setup)
    MonitoringSettings.objects.create(agreement=setup["agreement"], closed_until=date(2026, 3, 31))
    r.commitment.agreement._monitoring_settings = None
    with pytest.raises(ServiceError):
        services.report_review(
            actor=setup["gem_editor"], report=r, organisation=world.gemeente, decision="confirmed"
        )


# Settings ----------------------------------------------------------------------------------


def test_settings_rules(setup):
    a = setup["agreement"]
    services.settings_save(
        actor=setup["gem_editor"], agreement=a, frequency="year", closed_until=None
    )
    with pytest.raises(ServiceError):
        services.settings_save(
            actor=setup["gem_editor"], agreement=a, frequency="month", closed_until=None
        )
    services.settings_save(
        actor=setup["gem_editor"], agreement=a, frequency="quarter", closed_until=date(2026, 6, 30)
    )
    with pytest.raises(ServiceError, match="30-06-2026"):
        services.settings_save(
            actor=setup["gem_editor"],
            agreement=a,
            frequency="quarter",
            closed_until=date(2026, 3, 31),
        )
    report(setup, period_quarter=3)
    with pytest.raises(ServiceError):
        services.settings_save(
            actor=setup["gem_editor"], agreement=a, frequency="year", closed_until=date(2026, 6, 30)
        )


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
