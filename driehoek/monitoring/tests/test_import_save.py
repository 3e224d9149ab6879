"""The import's save (issue 14, point 7): rows are written as plain values, the latest-report flag
is set in the same pass, and the number of queries does not grow with the rows."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from driehoek.core.testing import amsterdam
from driehoek.monitoring import imports
from driehoek.monitoring.models import ProgressReport, ReportReview, ReviewState
from driehoek.monitoring.services import recompute_latest

from .factories import make_agreement, make_commitment, make_report
from .test_imports import _xlsx

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


@pytest.fixture
def setup(world, clock):
    clock.travel_to(amsterdam(2026, 12, 1))
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    commitments = [
        make_commitment(agreement, world.corporatie, title=f"Toezegging {i}") for i in range(12)
    ]
    return {
        "agreement": agreement,
        "commitments": commitments,
        "corp": world.member(world.corporatie, "editor"),
        "world": world,
    }


def _import(setup, rows):
    return imports.import_progress(
        actor=setup["corp"], agreement=setup["agreement"], upload=_xlsx(rows), today=TODAY
    )


def _flags(commitment, year=2026):
    return dict(
        ProgressReport.objects.filter(commitment=commitment, period_year=year).values_list(
            "period_quarter", "is_latest"
        )
    )


def test_the_latest_flag_is_set_with_the_rows(setup):
    one, two, three = setup["commitments"][:3]
    # one: Q1 and Q3 there; the file adds Q2 (not the latest) and corrects Q1.
    make_report(one, quarter=1, latest=False)
    make_report(one, quarter=3, latest=True)
    # two: Q1 there (latest); the file adds Q2, which becomes the latest.
    make_report(two, quarter=1, latest=True)
    # three: a stale flag on Q4 that the file's Q2 does not change, Q1 wrongly not latest.
    result = _import(
        setup,
        [
            (one.reference, 2026, 2, 20, "op koers"),
            (one.reference, 2026, 1, 15, "op koers"),
            (two.reference, 2026, 2, 30, "op koers"),
            (three.reference, 2026, 2, 5, "op koers"),
            (three.reference, 2026, 1, 3, "op koers"),
        ],
    )
    assert result.ok and result.created == 4 and result.updated == 1
    assert _flags(one) == {1: False, 2: False, 3: True}
    assert _flags(two) == {1: False, 2: True}
    assert _flags(three) == {1: False, 2: True}
    # The same as the full recomputation would give.
    before = list(ProgressReport.objects.order_by("pk").values_list("pk", "is_latest"))
    recompute_latest({(c.pk, 2026) for c in (one, two, three)})
    assert list(ProgressReport.objects.order_by("pk").values_list("pk", "is_latest")) == before


def test_new_and_corrected_rows_are_saved_whole(setup, clock):
    world = setup["world"]
    one = setup["commitments"][0]
    old = make_report(one, quarter=1, realised=5, state=ReviewState.CONFIRMED)
    ReportReview.objects.create(report=old, organisation=world.gemeente, decision="confirmed")
    clock.travel_to(amsterdam(2026, 12, 1, 11))
    result = _import(
        setup,
        [
            (one.reference, 2026, 1, 12, "op koers"),
            (one.reference, 2026, 2, 20, "risico", "Bouwvergunning vertraagd"),
        ],
    )
    assert result.ok
    old.refresh_from_db()
    assert old.realised == Decimal("12") and old.review_state == ReviewState.AWAITING
    assert old.reported_by == setup["corp"] and old.updated_at > old.created_at
    assert not ReportReview.objects.filter(report=old).exists()
    new = ProgressReport.objects.get(commitment=one, period_quarter=2)
    assert new.uuid and new.uuid != old.uuid
    assert (new.realised, new.status, new.explanation) == (
        Decimal("20"),
        "at_risk",
        "Bouwvergunning vertraagd",
    )
    assert new.reported_by == setup["corp"] and new.reported_by_org == world.corporatie
    assert new.review_state == ReviewState.AWAITING and new.created_at and new.is_latest
    assert new.evidence_url == "" and not new.evidence_file


def _save_queries(setup, rows) -> int:
    from driehoek.monitoring.imports.checking import ImportResult, save_rows, validate_rows

    result = ImportResult(rows=len(rows))
    numbered = [
        (
            i + 2,
            dict(zip(["referentie", "jaar", "kwartaal", "gerealiseerd", "status"], r, strict=True)),
        )
        for i, r in enumerate(rows)
    ]
    valid = validate_rows(
        actor=setup["corp"], agreement=setup["agreement"], rows=numbered, result=result, today=TODAY
    )
    assert not result.errors
    with CaptureQueriesContext(connection) as queries:
        save_rows(actor=setup["corp"], agreement=setup["agreement"], valid=valid, result=result)
    return len(queries)


def test_saving_takes_the_same_queries_for_few_rows_and_many(setup):
    few, many = setup["commitments"][:2], setup["commitments"][2:]
    small = _save_queries(setup, [(c.reference, 2026, 1, 1, "op koers") for c in few])
    large = _save_queries(
        setup, [(c.reference, 2026, q, q, "op koers") for c in many for q in (1, 2, 3, 4)]
    )
    assert large <= small + 2
    # And correcting them all (UPDATE per row in one executemany) too.
    again = _save_queries(
        setup, [(c.reference, 2026, q, 2 * q, "op koers") for c in many for q in (1, 2, 3, 4)]
    )
    assert again <= small + 2
