"""Recording the past at service level: the whole history as it happened, its audit actions,
the woonvisie judged at the cycle year and annual slices after a recorded framework."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent

from .. import selectors, services
from ..models import AgreementStatus, BodStatus, Signature, Theme, Woonvisie
from ..services import recording
from .factories import make_cycle
from .recording_helpers import PDF, _sign_all
from .recording_walk import historic_agreement, walk_recording

# The recording tests run on 15 March 2026 (conftest.recording_today).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("recording_today")]


# The whole history -------------------------------------------------------------------------


def test_historic_agreement_recorded_as_it_happened(world):
    staff = world.users["staff"]
    agreement = historic_agreement(
        world,
        source_document=SimpleUploadedFile("getekend.pdf", PDF, content_type="application/pdf"),
    )
    assert agreement.cycle.year == 2018
    assert agreement.status == AgreementStatus.SIGNING
    assert agreement.source_document_name == "getekend.pdf"
    version = agreement.versions.get()
    assert version.is_final and version.snapshot["agreement"]["title"] == agreement.title
    assert timezone.localdate(version.frozen_at) == date(2018, 12, 1)
    _sign_all(world, agreement)
    assert agreement.status == AgreementStatus.CONCLUDED
    # Concluded on the day of the last signature, not on the day it was entered.
    assert timezone.localdate(agreement.concluded_at) == date(2018, 12, 12)
    sig = Signature.objects.filter(version=version).first()
    assert sig.recorded_by == staff and sig.recorded_at is not None and sig.user is None
    recording.submission_record(actor=staff, agreement=agreement, submitted_on=date(2018, 12, 14))
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SUBMITTED
    assert timezone.localdate(agreement.submitted_at) == date(2018, 12, 14)
    assert agreement.submission_recorded_by == staff
    # Judged against the recorded date (15 December 2018), not against today.
    assert not agreement.submission_is_late


def test_submission_recorded_after_the_due_date_is_late(world):
    agreement = historic_agreement(world)
    _sign_all(world, agreement)
    recording.submission_record(
        actor=world.users["staff"], agreement=agreement, submitted_on=date(2019, 1, 10)
    )
    agreement.refresh_from_db()
    assert agreement.submission_is_late


def test_bod_sent_date_judged_against_the_bod_date(world):
    cycle = make_cycle(
        world, year=2018, bod_due=date(2018, 7, 1), submission_due=date(2018, 12, 15)
    )
    editor = world.member(world.corporatie, "editor")
    bod = services.bod_create(actor=editor, cycle=cycle, corporaties=[world.corporatie], title="B")
    services.bod_line_add(
        actor=editor, bod=bod, theme=Theme.AVAILABILITY, description="x", year=2019
    )
    recording.bod_record_sent(actor=editor, bod=bod, sent_on=date(2018, 6, 20))
    bod.refresh_from_db()
    assert bod.status == BodStatus.SENT and not bod.is_late
    assert bod.sent_recorded_by == editor and bod.sent_by is None
    late = services.bod_create(actor=editor, cycle=cycle, corporaties=[world.corporatie], title="L")
    services.bod_line_add(actor=editor, bod=late, theme=Theme.AVAILABILITY, description="x")
    recording.bod_record_sent(actor=editor, bod=late, sent_on=date(2018, 7, 20))
    late.refresh_from_db()
    assert late.is_late


def test_dispute_filing_judged_against_the_recorded_date(world):
    agreement = historic_agreement(world)
    on_time = recording.dispute_record(
        actor=world.users["staff"],
        agreement=agreement,
        organisation=world.huurders,
        arose_on=date(2018, 11, 1),
        filed_on=date(2018, 11, 20),
        description="Geschil",
    )
    assert on_time.filed_on == date(2018, 11, 20)
    assert not on_time.filed_after_term and not on_time.filed_outside_window
    late = recording.dispute_record(
        actor=world.users["staff"],
        agreement=agreement,
        organisation=world.huurders,
        arose_on=date(2018, 3, 1),
        filed_on=date(2018, 5, 1),
        description="Geschil",
    )
    assert late.filed_after_term and late.filed_outside_window
    assert late.recorded_by == world.users["staff"]


def test_draft_recorded_then_commitments_then_the_signed_version(world):
    editor = world.member(world.gemeente, "editor")
    agreement = historic_agreement(world, actor=editor, freeze=False)
    assert agreement.status == AgreementStatus.DRAFT and not agreement.versions.exists()
    services.commitment_save(
        actor=editor,
        agreement=agreement,
        theme=Theme.AVAILABILITY,
        kind="result",
        title="Nieuwbouw",
        responsible=world.corporatie,
    )
    version = recording.recorded_version_freeze(
        actor=editor, agreement=agreement, final_on=date(2018, 12, 1)
    )
    assert version.is_final and version.snapshot["commitments"][0]["title"] == "Nieuwbouw"


def test_an_ordinary_agreement_cannot_skip_the_readiness_step(world):
    from .factories import make_agreement

    agreement = make_agreement(world)
    with pytest.raises(ServiceError, match="achteraf"):
        recording.recorded_version_freeze(
            actor=None, agreement=agreement, final_on=date(2026, 3, 1)
        )
    assert not agreement.versions.exists()


def test_recording_writes_its_audit_actions(world):
    from driehoek.core.audit_text import DESCRIPTIONS

    walk_recording(world)
    written = set(AuditEvent.objects.values_list("action", flat=True))
    mine = {
        "agreements.bod.sent_recorded",
        recording.RECORDED,
        "agreements.version.final_recorded",
        "agreements.version.signed_recorded",
        "agreements.version.declined_recorded",
        "agreements.agreement.submission_recorded",
        "agreements.dispute.recorded",
        "agreements.agreement.bods_linked",
        "agreements.cycle.participant_added",
        "agreements.cycle.participant_removed",
    }
    assert mine <= written
    assert mine <= set(DESCRIPTIONS)


# The woonvisie is judged at the cycle year ---------------------------------------------------


def _woonvisie(world, adopted_on, start, end):
    return Woonvisie.objects.create(
        gemeente=world.gemeente,
        title=f"Woonvisie {start}",
        adopted_on=adopted_on,
        period_start=start,
        period_end=end,
    )


def test_woonvisie_current_at_the_cycle_year(world):
    old = _woonvisie(world, date(2016, 2, 1), 2016, 2020)
    _woonvisie(world, date(2024, 3, 1), 2024, 2028)
    # For cycle 2018 the woonvisie of 2016 counts; today's (2024) had not started.
    assert selectors.woonvisie_current(world.gemeente.pk, year=2018) == old
    assert services.woonvisie_warning(old, year=2018) is None
    # For cycle 2021 it ran out in 2020; in 2021 it is also more than four years old.
    assert services.woonvisie_warning(old, year=2021)["code"] == "expired"
    assert selectors.woonvisie_current(world.gemeente.pk, year=2015) is None
    assert services.woonvisie_warning(None, year=2015)["code"] == "missing"


def test_woonvisie_too_old_at_the_cycle_year(world):
    w = _woonvisie(world, date(2015, 6, 1), 2015, 2025)
    assert services.woonvisie_warning(w, year=2019) is None
    assert services.woonvisie_warning(w, year=2020)["code"] == "old"


def test_next_slice_is_the_year_after_the_latest_and_starts_from_the_framework(world):
    """A slice made from a slice is for the year after the latest slice and carries the
    framework's commitments with that year's targets."""
    from decimal import Decimal

    from ..models import AgreementKind
    from .factories import make_agreement

    framework = make_agreement(world, kind=AgreementKind.FRAMEWORK, years=(2027, 2030))
    commitment = framework.commitments.get()
    services.commitment_save(
        actor=world.member(world.gemeente, "editor"),
        agreement=framework,
        commitment=commitment,
        **{k: getattr(commitment, k) for k in services.COMMITMENT_FIELDS},
        counterparties=[world.gemeente],
        targets={2027: "120", 2028: "130", 2029: "140"},
    )
    framework.status = "concluded"
    framework.save(update_fields=["status"])
    editor = world.member(world.gemeente, "editor")
    first = services.annual_slice_create(actor=editor, agreement=framework)
    assert (first.period_start, first.period_end) == (2028, 2028)
    second = services.annual_slice_create(actor=editor, agreement=first)
    assert second.period_start == 2029 and second.parent == framework
    targets = list(second.commitments.get().targets.values_list("year", "value"))
    assert targets == [(2029, Decimal("140"))]
