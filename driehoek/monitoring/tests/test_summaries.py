"""Summaries maintained on write (issue 14, point 3): after any sequence of writes (reports,
corrections, reviews, target changes, agreement status changes) the dashboards summed from the
summary rows equal the aggregate recomputed from the base tables, and the national page reads a
fixed number of summary queries whatever the number of agreements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from driehoek.agreements import hooks
from driehoek.agreements.models import Agreement, AgreementStatus, CommitmentTarget, Theme
from driehoek.core.errors import ServiceError
from driehoek.monitoring import dashboards, services
from driehoek.monitoring.dashboards.reference import _coverage_from_base, _recompute_from_base
from driehoek.monitoring.models import (
    AgreementSummary,
    CoverageSummary,
    NationalSummary,
    ProgressReport,
    ProgressStatus,
    ReviewDecision,
)
from driehoek.monitoring.summaries import KEY, rebuild_summaries, refresh_summaries
from driehoek.organisations.models import Organisation, OrganisationKind
from driehoek.organisations.tests.factories import RegionFactory

from .factories import make_agreement, make_commitment, make_report

pytestmark = pytest.mark.django_db

TODAY = date(2029, 1, 15)
YEARS = (2025, 2026, 2027, 2028)


@pytest.fixture
def small(world):
    """Two agreements (one of the driehoek, one of another gemeente with the same corporatie)
    with commitments of three units, themes and responsible kinds; an editor per party."""
    region = RegionFactory()
    region.members.add(world.gemeente)
    a1 = make_agreement(world.gemeente, world.corporatie, world.huurders, start=2025, end=2027)
    a2 = make_agreement(world.outside, world.corporatie, start=2026, end=2028)
    commitments = [
        make_commitment(a1, world.corporatie, targets={2025: 40, 2026: 100}),
        make_commitment(
            a1, world.gemeente, unit="%", theme=Theme.AFFORDABILITY, targets={2026: 95}
        ),
        make_commitment(a1, world.huurders, unit="bijeenkomsten", theme=Theme.COOPERATION),
        make_commitment(a2, world.corporatie, targets={2026: 30, 2027: 60}),
        make_commitment(a2, world.outside, unit="kavels", targets={2027: 5}),
    ]
    orgs = [world.gemeente, world.corporatie, world.huurders, world.outside]
    editors = {o.pk: world.member(o, "editor") for o in orgs}
    return {
        "world": world,
        "region": region,
        "agreements": [a1, a2],
        "commitments": commitments,
        "orgs": orgs,
        "editors": editors,
    }


def _scopes(small):
    w = small["world"]
    return [
        (Q(), None),
        (Q(agreement__parties__organisation=w.corporatie), dashboards.BY_GEMEENTE),
        (Q(agreement__parties__organisation=w.gemeente), None),
        (Q(agreement__cycle__gemeente__regions=small["region"]), dashboards.BY_GEMEENTE),
    ]


def _summary_rows(model, *extra):
    return sorted(model.objects.values_list(*extra, *KEY, "n", "report_n", "target_n"))


def _assert_summaries_match_base(small):
    for scope, breakdown in _scopes(small):
        for year in YEARS:
            for theme, party in (("", ""), (Theme.AVAILABILITY, ""), ("", "corporatie")):
                filters = dashboards.Filters(year=year, theme=theme, party=party)
                kw = {"breakdown": breakdown} if breakdown else {}
                got = dashboards.scope_dashboard(scope, filters, **kw)
                assert got == _recompute_from_base(scope, filters, **kw), (scope, filters)
    for year in YEARS:
        assert dashboards.national_coverage(year) == _coverage_from_base(year)
    # And the rows themselves are what a rebuild from scratch makes.
    before = (
        _summary_rows(AgreementSummary, "agreement_id"),
        _summary_rows(NationalSummary),
        sorted(CoverageSummary.objects.values_list("year", "gemeente_id", "agreements")),
    )
    rebuild_summaries()
    after = (
        _summary_rows(AgreementSummary, "agreement_id"),
        _summary_rows(NationalSummary),
        sorted(CoverageSummary.objects.values_list("year", "gemeente_id", "agreements")),
    )
    assert before == after


STATUSES = st.sampled_from(ProgressStatus.values)
REPORT = st.tuples(
    st.just("report"),
    st.integers(0, 4),  # commitment
    st.sampled_from(YEARS),
    st.sampled_from([1, 2, 3, 4]),
    st.integers(0, 120),
    STATUSES,
)
REVIEW = st.tuples(
    st.just("review"),
    st.integers(0, 30),  # a report, by position
    st.integers(0, 3),  # the reviewing organisation
    st.sampled_from(ReviewDecision.values),
)
TARGET = st.tuples(
    st.just("target"),
    st.integers(0, 4),
    st.sampled_from(YEARS),
    st.one_of(st.none(), st.integers(0, 200)),  # None: no target that year
)
STATUS = st.tuples(
    st.just("status"),
    st.integers(0, 1),
    st.sampled_from([AgreementStatus.CONCLUDED, AgreementStatus.SUBMITTED, AgreementStatus.DRAFT]),
)
WRITES = st.lists(st.one_of(REPORT, REPORT, REVIEW, TARGET, STATUS), max_size=10)


def _apply(small, write) -> None:
    kind, *args = write
    if kind == "report":
        c_idx, year, quarter, realised, status = args
        c = small["commitments"][c_idx]
        services.report_save(
            actor=small["editors"][c.responsible_id],
            commitment=c,
            period_year=year,
            period_quarter=quarter,
            realised=str(realised),
            status=status,
            explanation="Toelichting",
            today=TODAY,
        )
    elif kind == "review":
        r_idx, o_idx, decision = args
        reports = list(ProgressReport.objects.order_by("pk"))
        if not reports:
            return
        report = reports[r_idx % len(reports)]
        org = small["orgs"][o_idx]
        services.report_review(
            actor=small["editors"][org.pk],
            report=report,
            organisation=org,
            decision=decision,
            reason="Klopt niet",
            notify=False,
        )
    elif kind == "target":
        # No service changes a concluded agreement's targets (an addendum does): a write
        # outside the services refreshes the summaries itself.
        c_idx, year, value = args
        c = small["commitments"][c_idx]
        if value is None:
            CommitmentTarget.objects.filter(commitment=c, year=year).delete()
        else:
            CommitmentTarget.objects.update_or_create(
                commitment=c, year=year, defaults={"value": Decimal(value)}
            )
        refresh_summaries([c.agreement_id], [year], coverage=False)
    elif kind == "status":
        a_idx, status = args
        a = small["agreements"][a_idx]
        Agreement.objects.filter(pk=a.pk).update(status=status)
        a.status = status
        for c in small["commitments"]:
            if c.agreement_id == a.pk:
                c.agreement.status = status
        hooks.agreement_changed([a.pk])


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=WRITES)
def test_summaries_equal_the_base_tables_after_any_writes(small, writes):
    with transaction.atomic():
        for write in writes:
            try:
                with transaction.atomic():
                    _apply(small, write)
            except ServiceError:
                pass  # refused: nothing changed
        _assert_summaries_match_base(small)
        transaction.set_rollback(True)
    # The world is as the fixture made it again for the next example.
    for a in small["agreements"]:
        a.refresh_from_db()
    for c in small["commitments"]:
        c.agreement.refresh_from_db()


def test_factory_rows_and_duplicate_latest_reports_count_as_before(small):
    """Rows made outside the services (the factories refresh) and two 'latest' reports of one
    year (made directly) count as the aggregate over the base tables counts them."""
    c = small["commitments"][0]
    make_report(c, quarter=1, realised=10)
    make_report(c, quarter=2, realised=30, status=ProgressStatus.AT_RISK)
    _assert_summaries_match_base(small)


def test_a_report_moves_the_figures_on_the_next_computation(small):
    c = small["commitments"][0]
    filters = dashboards.Filters(year=2026)
    before = dashboards.scope_dashboard(Q(), filters)
    services.report_save(
        actor=small["editors"][c.responsible_id],
        commitment=c,
        period_year=2026,
        period_quarter=2,
        realised="45",
        status=ProgressStatus.ON_TRACK,
        today=TODAY,
    )
    after = dashboards.scope_dashboard(Q(), filters)
    counts = {s["code"]: s["n"] for s in after["status_totals"]}
    assert counts["on_track"] == 1
    assert {s["code"]: s["n"] for s in before["status_totals"]}["on_track"] == 0
    # Concluded no longer: the agreement leaves the figures and the coverage.
    hooks_target = small["agreements"][0]
    Agreement.objects.filter(pk=hooks_target.pk).update(status=AgreementStatus.DRAFT)
    hooks.agreement_changed([hooks_target.pk])
    gone = dashboards.scope_dashboard(Q(), filters)
    assert gone["total"] == 2  # the other agreement's two commitments
    assert dashboards.national_coverage(2026)["with_agreement"] == 1


def _agreements(world, n, *, offset=0):
    made = Organisation.objects.bulk_create(
        Organisation(kind=OrganisationKind.GEMEENTE, name=f"Gemeente {i:03d}", slug=f"gm-{i}")
        for i in range(offset, offset + n)
    )
    for i, g in enumerate(made, start=offset):
        a = make_agreement(g, world.corporatie)
        for j in range(i % 3 + 1):
            c = make_commitment(a, world.corporatie, theme=Theme.values[j], targets={2026: 10})
            make_report(c, status=ProgressStatus.values[i % 5])


def _national_queries(world):
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        data, coverage = dashboards.national_dashboard(dashboards.Filters(year=2026))
    return data, coverage, [q["sql"] for q in ctx.captured_queries]


def test_the_national_dashboard_reads_summary_rows_only_for_5_and_60_agreements(world):
    _agreements(world, 5)
    data5, _c, few = _national_queries(world)
    _agreements(world, 55, offset=5)
    data60, coverage, many = _national_queries(world)
    assert data5["total"] == sum(i % 3 + 1 for i in range(5))
    assert data60["total"] == sum(i % 3 + 1 for i in range(60))
    assert coverage["with_agreement"] == 60
    assert len(few) == len(many) <= 4
    for sql in many:
        assert "agreements_commitment" not in sql
        assert "monitoring_progressreport" not in sql
        assert "agreements_commitmenttarget" not in sql
        assert '"agreements_agreement"' not in sql
    assert any("monitoring_nationalsummary" in sql for sql in many)
    assert any("monitoring_coveragesummary" in sql for sql in many)
