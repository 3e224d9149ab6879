"""Test data for monitoring: agreements built directly on agreements' models (so these tests
do not depend on agreements' own factories), progress reports and financial room.

They write outside the services, so each one refreshes the dashboards' summaries
(``monitoring.summaries.refresh_summaries``) after its rows, as a service does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count

from driehoek.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Commitment,
    CommitmentKind,
    CommitmentTarget,
    Cycle,
    Theme,
)
from driehoek.monitoring.models import (
    MonitoringSettings,
    ProgressReport,
    ProgressStatus,
    ReviewState,
)
from driehoek.monitoring.summaries import refresh_summaries

_seq = count(1)


def make_cycle(gemeente, year=2026, participants=()):
    cycle, _ = Cycle.objects.get_or_create(
        gemeente=gemeente,
        year=year,
        defaults={
            "ibw_due": date(year, 7, 1),
            "bod_due": date(year, 7, 1),
            "submission_due": date(year, 12, 15),
        },
    )
    if participants:
        cycle.participants.add(*participants)
    return cycle


def make_agreement(
    gemeente,
    corporatie,
    huurders=None,
    *,
    start=2025,
    end=2027,
    status=AgreementStatus.CONCLUDED,
    kind=AgreementKind.FRAMEWORK,
    cycle_year=None,
    title=None,
    frequency=None,
):
    parties = [p for p in (gemeente, corporatie, huurders) if p is not None]
    cycle = make_cycle(gemeente, cycle_year or start, [p for p in parties if p != gemeente])
    agreement = Agreement.objects.create(
        cycle=cycle,
        kind=kind,
        title=title or f"Prestatieafspraken {gemeente.name} {next(_seq)}",
        period_start=start,
        period_end=end,
        status=status,
    )
    AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=agreement, organisation=p) for p in parties]
    )
    if frequency:
        MonitoringSettings.objects.create(agreement=agreement, frequency=frequency)
    refresh_summaries([agreement.pk])
    return agreement


def make_commitment(
    agreement,
    responsible,
    *,
    theme=Theme.AVAILABILITY,
    unit="woningen",
    targets=None,
    cost=None,
    title=None,
):
    number = (agreement.commitments.count() or 0) + 1
    c = Commitment.objects.create(
        agreement=agreement,
        number=number,
        reference=f"A{agreement.period_start}-{number:03d}",
        theme=theme,
        kind=CommitmentKind.RESULT,
        title=title or f"Afspraak {number}",
        responsible=responsible,
        unit=unit,
        estimated_cost=cost,
    )
    for year, value in (targets or {}).items():
        CommitmentTarget.objects.create(commitment=c, year=year, value=Decimal(str(value)))
    refresh_summaries([agreement.pk], coverage=False)
    return c


def make_report(
    commitment,
    *,
    year=2026,
    quarter=1,
    realised=10,
    status=ProgressStatus.ON_TRACK,
    state=ReviewState.AWAITING,
    latest=True,
):
    report = ProgressReport.objects.create(
        commitment=commitment,
        period_year=year,
        period_quarter=quarter,
        realised=Decimal(str(realised)),
        status=status,
        reported_by_org=commitment.responsible,
        review_state=state,
        is_latest=latest,
    )
    refresh_summaries([commitment.agreement_id], [year], coverage=False)
    return report
