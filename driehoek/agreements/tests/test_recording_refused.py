"""Recording the past: every refused input has a clear message on the field and changes
nothing."""

from __future__ import annotations

from datetime import date

import pytest

from driehoek.core.errors import ServiceError

from .. import services
from ..models import Theme
from ..services import recording
from .factories import make_cycle
from .recording_helpers import _sign_all, _snapshot
from .recording_walk import historic_agreement

# The recording tests run on 15 March 2026 (conftest.recording_today).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("recording_today")]


# Bad input: a clear message on the field, nothing changes -----------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"final_on": date(2026, 4, 1)}, "final_on", "toekomst"),
        ({"final_on": date(2014, 12, 1), "cycle_year": 2015}, "final_on", "2015"),
        ({"final_on": date(2016, 12, 1)}, "final_on", "1 januari 2017"),
        ({"cycle_year": 2014, "period_start": 2015}, "cycle_year", "2015"),
        ({"title": "  "}, "title", "titel"),
        ({"parties": [], "gemeente": None}, "gemeente", None),
    ],
)
def test_historic_agreement_refused(world, fields, field, text):
    before = _snapshot()
    if fields.get("gemeente", 1) is None:
        fields["gemeente"] = world.corporatie
    with pytest.raises(ServiceError) as err:
        historic_agreement(world, **fields)
    assert err.value.field == field
    if text:
        assert text in str(err.value.message)
    assert _snapshot() == before


def test_editor_records_only_for_their_own_organisations(world):
    outsider = world.users["outsider"]
    before = _snapshot()
    with pytest.raises(ServiceError, match="redacteur"):
        historic_agreement(world, actor=outsider)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("sent_on", "text"),
    [
        (date(2026, 3, 16), "toekomst"),
        (date(2016, 12, 31), "1 januari 2017"),
        (date(2014, 5, 1), "2015"),
    ],
)
def test_bod_sent_date_refused(world, sent_on, text, clock):
    clock.travel_to("2026-03-15 10:00")  # the day before the date in the future
    cycle = make_cycle(
        world, year=2018, bod_due=date(2018, 7, 1), submission_due=date(2018, 12, 15)
    )
    editor = world.member(world.corporatie, "editor")
    bod = services.bod_create(actor=editor, cycle=cycle, corporaties=[world.corporatie], title="B")
    services.bod_line_add(actor=editor, bod=bod, theme=Theme.AVAILABILITY, description="x")
    before = _snapshot()
    with pytest.raises(ServiceError) as err:
        recording.bod_record_sent(actor=editor, bod=bod, sent_on=sent_on)
    assert err.value.field == "sent_on" and text in str(err.value.message)
    assert _snapshot() == before


def test_signature_before_the_final_text_or_in_the_future_refused(world):
    agreement = historic_agreement(world)
    version = agreement.versions.get()
    before = _snapshot()
    for day, text in ((date(2018, 11, 30), "1 december 2018"), (date(2026, 3, 16), "toekomst")):
        with pytest.raises(ServiceError) as err:
            recording.signature_record(
                actor=world.users["staff"],
                version=version,
                organisation=world.gemeente,
                signed_on=day,
                signer_name="X",
            )
        assert err.value.field == "signed_on" and text in str(err.value.message)
    with pytest.raises(ServiceError) as err:
        recording.signature_record(
            actor=None,
            version=version,
            organisation=world.gemeente,
            signed_on=date(2018, 12, 12),
            signer_name=" ",
        )
    assert err.value.field == "signer_name"
    assert _snapshot() == before


def test_submission_before_conclusion_refused(world):
    agreement = historic_agreement(world)
    before = _snapshot()
    with pytest.raises(ServiceError):  # not concluded yet
        recording.submission_record(
            actor=None, agreement=agreement, submitted_on=date(2018, 12, 14)
        )
    _sign_all(world, agreement)
    before = _snapshot()
    with pytest.raises(ServiceError) as err:
        recording.submission_record(
            actor=None, agreement=agreement, submitted_on=date(2018, 12, 11)
        )
    assert err.value.field == "submitted_on" and "12 december 2018" in str(err.value.message)
    assert _snapshot() == before


def test_dispute_filed_before_it_arose_refused(world):
    agreement = historic_agreement(world)
    before = _snapshot()
    with pytest.raises(ServiceError) as err:
        recording.dispute_record(
            actor=None,
            agreement=agreement,
            organisation=world.huurders,
            arose_on=date(2018, 11, 1),
            filed_on=date(2018, 10, 1),
            description="x",
        )
    assert err.value.field == "filed_on"
    with pytest.raises(ServiceError) as err:
        recording.dispute_record(
            actor=None,
            agreement=agreement,
            organisation=world.huurders,
            arose_on=date(2016, 11, 1),
            filed_on=date(2018, 10, 1),
            description="x",
        )
    assert err.value.field == "arose_on"
    assert _snapshot() == before
