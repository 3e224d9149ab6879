"""Evidence files on a progress report: the shared validator, through the report form."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from driehoek.core.testing import office_file
from driehoek.monitoring.models import ProgressReport

from .factories import make_agreement, make_commitment


@pytest.fixture(autouse=True)
def _fixed_clock(clock):
    """The rows below are for 2026: judge them on a fixed day, whatever today is."""
    clock.travel_to("2026-12-01 10:00", tick=True)


@pytest.fixture
def setup(world, client_for):
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(agreement, world.corporatie, targets={2026: 100})
    return {
        "client": client_for(world.member(world.corporatie, "editor")),
        "url": reverse("monitoring:report_create", args=[agreement.uuid, homes.pk]),
    }


def _post(setup, upload):
    data = {"period_year": 2026, "period_quarter": "2", "realised": "30", "status": "on_track"}
    return setup["client"].post(setup["url"], {**data, "evidence_file": upload})


def _field_error(response) -> str:
    match = re.search(r'id="id_evidence_file_error">(.*?)</div>', response.content.decode(), re.S)
    assert match, "no error message next to the evidence field"
    assert 'aria-invalid="true"' in response.content.decode()
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (SimpleUploadedFile("oplevering.pdf", b"MZ\x90\x00 a program"), "past niet bij de naam"),
        (SimpleUploadedFile("oplevering.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "10 MB"),
        (SimpleUploadedFile("foto.png", b"GIF89a"), "past niet bij de naam"),
        (SimpleUploadedFile("cijfers.xlsx", office_file("xlsx", bomb_mb=150)), "uitgepakt"),
        (SimpleUploadedFile("virus.exe", b"MZ"), "Dit soort bestand"),
    ],
    ids=["exe-named-pdf", "too-large", "gif-named-png", "zip-bomb", "exe"],
)
def test_bad_evidence_is_refused_next_to_the_field_and_nothing_saved(setup, upload, expected):
    response = _post(setup, upload)
    assert response.status_code == 400
    assert expected in _field_error(response)
    assert not ProgressReport.objects.exists()


def test_evidence_is_stored_under_a_safe_name(setup):
    upload = SimpleUploadedFile("..\\..\\Oplevering\x07 Q2\n.pdf", b"%PDF-1.4 bewijs")
    assert _post(setup, upload).status_code == 302
    stored = ProgressReport.objects.get().evidence_file
    assert re.fullmatch(r"monitoring/evidence/\d{4}/[0-9a-f]{8}-oplevering-q2\.pdf", stored.name)
    assert stored.read() == b"%PDF-1.4 bewijs"
