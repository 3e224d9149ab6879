"""Monitoring services: reporting progress, the other parties' reviews and the monitoring
settings."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from driehoek.agreements.models import AgreementStatus
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.monitoring import services
from driehoek.monitoring.models import (
    Frequency,
    MonitoringSettings,
    ProgressReport,
    ProgressStatus,
    ReviewState,
)

from .factories import make_agreement, make_commitment
from .helpers import report, service_setup


@pytest.fixture
def setup(world):
    return service_setup(world)


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


def test_settings_rules(setup, clock):
    clock.travel_to("2026-12-04 10:00")  # periods closed up to a day in 2026
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
    with pytest.raises(ServiceError, match="30 juni 2026"):
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
