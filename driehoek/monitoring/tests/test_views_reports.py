"""Monitoring pages for reporting: a report contested through the pages, evidence downloads,
the import (template, all or nothing, refused files and rows) and the settings page."""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from driehoek.monitoring.models import ImportJob, ImportStatus, ProgressReport, ReviewState

from .helpers import page_setup


@pytest.fixture
def setup(world):
    return page_setup(world)


def test_report_contest_flow(setup, world, client_for):
    a = setup["agreement"]
    corp = client_for(setup["corp"])
    url = reverse("monitoring:report_create", args=[a.uuid, setup["homes"].pk])
    bad = corp.post(
        url,
        {"period_year": 2026, "period_quarter": "1", "realised": "twaalf", "status": "on_track"},
    )
    assert bad.status_code == 400
    assert "aria-invalid" in bad.content.decode()
    assert not ProgressReport.objects.exists()
    ok = corp.post(
        url, {"period_year": 2026, "period_quarter": "1", "realised": "30", "status": "on_track"}
    )
    assert ok.status_code == 302
    report = ProgressReport.objects.get()
    huur = client_for(setup["huur"])
    review_url = reverse("monitoring:report_review", args=[report.uuid])
    no_reason = huur.post(review_url, {"organisation": world.huurders.pk, "decision": "contested"})
    assert no_reason.status_code == 400
    assert (
        huur.post(
            review_url,
            {"organisation": world.huurders.pk, "decision": "contested", "reason": "Wij tellen 20"},
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.review_state == ReviewState.CONTESTED
    page = client_for(world.users["viewer"]).get(
        reverse("monitoring:agreement", args=[a.uuid]) + "?year=2026"
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nieuwbouw" in body and '<figure class="dh-chart">' in body and "dh-bars__bar" in body
    detail = client_for(world.users["viewer"]).get(report.get_absolute_url()).content.decode()
    assert "Wij tellen 20" in detail


def test_evidence_file_download(setup, client_for, world):
    corp = client_for(setup["corp"])
    url = reverse("monitoring:report_create", args=[setup["agreement"].uuid, setup["homes"].pk])
    f = SimpleUploadedFile("oplevering.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    corp.post(
        url,
        {
            "period_year": 2026,
            "period_quarter": "2",
            "realised": "30",
            "status": "on_track",
            "evidence_file": f,
        },
    )
    report = ProgressReport.objects.get()
    resp = client_for(world.users["viewer"]).get(
        reverse("monitoring:report_evidence", args=[report.uuid])
    )
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content) == b"%PDF-1.4 test"
    assert (
        client_for(world.users["outsider"])
        .get(reverse("monitoring:report_evidence", args=[report.uuid]))
        .status_code
        == 404
    )


def _xlsx(
    rows,
    header=(
        "referentie",
        "jaar",
        "kwartaal",
        "gerealiseerd",
        "status",
        "toelichting",
        "bewijs_link",
    ),
):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("voortgang.xlsx", buf.getvalue())


def test_template_is_prefilled(setup, client_for):
    resp = client_for(setup["corp"]).get(
        reverse("monitoring:import_template", args=[setup["agreement"].uuid])
    )
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.content)).active
    refs = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert refs == [setup["homes"].reference, setup["share"].reference]


def test_import_all_or_nothing_with_dutch_row_errors(setup, client_for):
    a = setup["agreement"]
    url = reverse("monitoring:import", args=[a.uuid])
    corp = client_for(setup["corp"])
    ref = setup["homes"].reference
    bad = corp.post(
        url,
        {
            "file": _xlsx(
                [
                    (ref, 2026, 1, 20, "op koers"),
                    ("X-999", 2026, 1, 5, "op koers"),
                    (ref, 2026, 2, "veel", "gehaald"),
                    (setup["share"].reference, 2026, 1, 50, "op koers"),
                    (ref, 2026, 3, 25, "misschien"),
                ]
            )
        },
    )
    assert bad.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and not job.file
    assert [row for row, _ in job.errors] == [3, 4, 5, 6]
    body = corp.get(bad.url).content.decode()
    assert "X-999" in body and "Onbekende referentie" in body
    assert "veel" in body
    assert not ProgressReport.objects.exists()
    good = corp.post(
        url,
        {
            "file": _xlsx(
                [(ref, 2026, 1, 20, "op koers"), (ref, 2026, 2, 35, "risico", "Vertraging")]
            )
        },
    )
    assert good.status_code == 302
    assert "zijn opgeslagen" in corp.get(good.url).content.decode()
    assert ProgressReport.objects.count() == 2
    assert ProgressReport.objects.get(is_latest=True).period_quarter == 2


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("kapot.xlsx", b"not a zip"),
        SimpleUploadedFile("tekst.txt", b"hallo"),
        SimpleUploadedFile("leeg.csv", b""),
    ],
    ids=["broken-xlsx", "wrong-type", "empty"],
)
def test_broken_files_are_refused(setup, client_for, upload):
    resp = client_for(setup["corp"]).post(
        reverse("monitoring:import", args=[setup["agreement"].uuid]), {"file": upload}
    )
    assert resp.status_code == 400
    assert not ProgressReport.objects.exists()


def test_wrong_columns_and_csv(setup, client_for):
    url = reverse("monitoring:import", args=[setup["agreement"].uuid])
    corp = client_for(setup["corp"])
    resp = corp.post(url, {"file": _xlsx([("a", 1)], header=("code", "waarde"))})
    assert resp.status_code == 400
    assert "kolommen" in resp.content.decode()
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(["referentie", "jaar", "kwartaal", "gerealiseerd", "status"])
    w.writerow([setup["homes"].reference, "2026", "3", "45", "gehaald"])
    ok = corp.post(url, {"file": SimpleUploadedFile("v.csv", buf.getvalue().encode("utf-8"))})
    assert ok.status_code == 302, ok.content.decode()[-2000:]
    assert ProgressReport.objects.get().realised == 45


def test_import_refuses_rows_for_another_party(setup, client_for):
    resp = client_for(setup["corp"]).post(
        reverse("monitoring:import", args=[setup["agreement"].uuid]),
        {"file": _xlsx([(setup["share"].reference, 2026, 1, 50, "op koers")])},
    )
    assert resp.status_code == 302
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    assert not ProgressReport.objects.exists()


def test_import_refuses_closed_periods_and_duplicates(setup, client_for):
    from driehoek.monitoring.models import MonitoringSettings

    MonitoringSettings.objects.create(agreement=setup["agreement"], closed_until=date(2026, 3, 31))
    ref = setup["homes"].reference
    resp = client_for(setup["corp"]).post(
        reverse("monitoring:import", args=[setup["agreement"].uuid]),
        {
            "file": _xlsx(
                [
                    (ref, 2026, 1, 5, "op koers"),
                    (ref, 2026, 2, 6, "op koers"),
                    (ref, 2026, 2, 7, "op koers"),
                ]
            )
        },
    )
    assert resp.status_code == 302
    body = client_for(setup["corp"]).get(resp.url).content.decode()
    assert "2026 Q1 is gesloten" in body
    assert "twee keer" in body
    assert not ProgressReport.objects.exists()


def test_settings_page_closes_periods(setup, world, client_for, clock):
    clock.travel_to("2026-12-04 10:00")  # periods closed up to a day in 2026
    client = client_for(world.users["editor"])
    url = reverse("monitoring:settings", args=[setup["agreement"].uuid])
    assert (
        client.post(
            url, {"frequency": "quarter", "closed_until": "2026-06-30", "report_due_days": 30}
        ).status_code
        == 302
    )
    bad = client.post(
        url, {"frequency": "quarter", "closed_until": "2026-03-31", "report_due_days": 30}
    )
    assert bad.status_code == 400
    assert "30 juni 2026" in bad.content.decode()
