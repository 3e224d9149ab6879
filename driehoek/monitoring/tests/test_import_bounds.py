"""Bounded imports: files that would unpack, declare or contain too much are refused before or
while reading, with a Dutch message next to the file field (or on the job page), nothing saved,
and memory stays under 100 MB for refused and accepted files."""

from __future__ import annotations

import html
import io
import re
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from driehoek.agreements.models import Commitment
from driehoek.monitoring import imports
from driehoek.monitoring.models import ImportJob, ImportStatus, ProgressReport

from .factories import make_agreement, make_commitment

HEADER = ["referentie", "jaar", "kwartaal", "gerealiseerd", "status", "toelichting"]
MEMORY_BOUND = 100 * 1024 * 1024


@pytest.fixture(autouse=True)
def _fixed_clock(clock):
    """The rows below are for 2026: judge them on a fixed day, whatever today is."""
    clock.travel_to("2026-12-01 10:00", tick=True)


@pytest.fixture
def setup(world, client_for):
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(agreement, world.corporatie, targets={2026: 100}, title="Nieuwbouw")
    corp = world.member(world.corporatie, "editor")
    return {
        "agreement": agreement,
        "homes": homes,
        "corp": corp,
        "client": client_for(corp),
        "url": reverse("monitoring:import", args=[agreement.uuid]),
    }


def _workbook_bytes(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Voortgang"
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _rewrite(data: bytes, *, sheet=None, extra=()) -> bytes:
    """Copy an .xlsx, passing the sheet XML through ``sheet`` and adding ``extra`` members
    (name, callable writing into an open member)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            content = src.read(info)
            if sheet is not None and info.filename == "xl/worksheets/sheet1.xml":
                content = sheet(content)
            dst.writestr(info.filename, content)
        for name, write in extra:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(info, "w", force_zip64=True) as f:
                write(f)
    return out.getvalue()


def _declare(ref: str):
    def patch(xml: bytes) -> bytes:
        return re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), xml)

    return patch


def _zeros(n_mb: int):
    def write(f):
        block = b"\0" * (1024 * 1024)
        for _ in range(n_mb):
            f.write(block)

    return write


def _field_error(response, field="file") -> str:
    body = response.content.decode()
    match = re.search(
        rf'<div class="utrecht-form-field-error-message" id="id_{field}_error">(.*?)</div>',
        body,
        re.S,
    )
    assert match, "no error message next to the field"
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))


def _measured(fn):
    """Run fn with tracemalloc; return (result, peak bytes, seconds)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    start = time.perf_counter()
    try:
        result = fn()
    finally:
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return result, peak, seconds


def _post_refused(setup, name, data):
    def post():
        return setup["client"].post(setup["url"], {"file": SimpleUploadedFile(name, data)})

    response, peak, seconds = _measured(post)
    assert response.status_code == 400
    assert peak < MEMORY_BOUND, f"peak {peak / 1e6:.0f} MB"
    assert not ImportJob.objects.exists() and not ProgressReport.objects.exists()
    return _field_error(response), peak, seconds


def test_few_kilobytes_declaring_millions_of_cells_is_refused_quickly(setup):
    ref = setup["homes"].reference
    data = _rewrite(
        _workbook_bytes([(ref, 2026, 1, 10, "op koers")]), sheet=_declare("A1:XFD1048576")
    )
    assert len(data) < 10_000  # a few kilobytes ...
    message, peak, seconds = _post_refused(setup, "voortgang.xlsx", data)
    # ... that would be 1,048,576 rows of 16,384 cells: refused from the dimension alone.
    assert "1.048.576 regels" in message and f"hoogstens {imports.MAX_ROWS}" in message
    assert seconds < 5
    assert peak < 20 * 1024 * 1024


def test_zip_bomb_member_is_refused_before_unpacking(setup):
    ref = setup["homes"].reference
    data = _rewrite(
        _workbook_bytes([(ref, 2026, 1, 10, "op koers")]),
        extra=[("xl/media/image1.png", _zeros(300))],
    )
    assert len(data) < 1024 * 1024  # 300 MB of zeros packed into a few hundred KB
    message, peak, seconds = _post_refused(setup, "voortgang.xlsx", data)
    assert "uitgepakt" in message and "50 MB" in message
    assert seconds < 5 and peak < 20 * 1024 * 1024


def test_sheet_that_unpacks_beyond_its_bound_is_refused(setup):
    padding = b"<!--" + b" " * (30 * 1024 * 1024) + b"-->"  # within the total, not one sheet
    data = _rewrite(
        _workbook_bytes([(setup["homes"].reference, 2026, 1, 10, "op koers")]),
        sheet=lambda xml: xml.replace(b"<sheetData>", padding + b"<sheetData>"),
    )
    message, peak, _ = _post_refused(setup, "voortgang.xlsx", data)
    assert "uitgepakt" in message and "20 MB" in message
    assert peak < 20 * 1024 * 1024


def test_a_size_that_lies_in_the_zip_directory_cannot_unpack_more(setup):
    """The directory says 1 KB, the member holds 30 MB: Python's zipfile unpacks no more than
    the declared size and then fails its check: a broken file, memory bounded."""
    base = _workbook_bytes([(setup["homes"].reference, 2026, 1, 10, "op koers")])
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                continue
            dst.writestr(info.filename, src.read(info))
        sheet = src.read("xl/worksheets/sheet1.xml")
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(info, "w") as f:
            f.write(sheet.replace(b"<sheetData>", b"<sheetData>" + b"<!-- -->" * 4_000_000))
        info.file_size = 1024  # the central directory (what readers trust) now lies
    message, peak, _ = _post_refused(setup, "voortgang.xlsx", out.getvalue())
    assert "beschadigd" in message
    assert peak < 20 * 1024 * 1024


def test_too_many_parts_is_refused(setup):
    extra = [(f"xl/media/p{i}.bin", lambda f: f.write(b"x")) for i in range(600)]
    data = _rewrite(
        _workbook_bytes([(setup["homes"].reference, 2026, 1, 1, "op koers")]), extra=extra
    )
    message, _, _ = _post_refused(setup, "voortgang.xlsx", data)
    assert "meer dan 500 delen" in message


def test_too_many_declared_columns_is_refused(setup):
    data = _rewrite(
        _workbook_bytes([(setup["homes"].reference, 2026, 1, 10, "op koers")]),
        sheet=_declare("A1:ZZ3"),
    )
    message, _, _ = _post_refused(setup, "voortgang.xlsx", data)
    assert "702 kolommen" in message and "hoogstens 50" in message


def test_a_dimension_that_lies_does_not_let_more_rows_through(setup, monkeypatch):
    """The sheet says A1:F3 but holds 12 rows: reading stops as soon as the bound is passed."""
    monkeypatch.setattr(imports.reading, "MAX_ROWS", 10)
    ref = setup["homes"].reference
    rows = [(ref, 2026, 1 + i % 4, i, "op koers") for i in range(12)]
    data = _rewrite(_workbook_bytes(rows), sheet=_declare("A1:F3"))
    message, _, _ = _post_refused(setup, "voortgang.xlsx", data)
    assert "meer dan 10 regels" in message


def test_a_lying_small_dimension_does_not_cut_rows_off(setup):
    """Rows beyond a too-small dimension are still read (and validated)."""
    ref = setup["homes"].reference
    rows = [(ref, 2026, q, 10 * q, "op koers") for q in (1, 2, 3, 4)]
    data = _rewrite(_workbook_bytes(rows), sheet=_declare("A1:F2"))
    job, read = imports.import_start(
        actor=setup["corp"],
        agreement=setup["agreement"],
        upload=SimpleUploadedFile("v.xlsx", data),
    )
    assert [n for n, _ in read] == [2, 3, 4, 5]


def test_a_sheet_without_dimension_has_its_rows_counted_first(setup, monkeypatch):
    monkeypatch.setattr(imports.reading, "MAX_ROWS", 10)
    ref = setup["homes"].reference
    rows = [(ref, 2026, 1 + i % 4, i, "op koers") for i in range(12)]
    data = _rewrite(
        _workbook_bytes(rows), sheet=lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml)
    )
    calls = []
    original = imports.reading._read_xlsx
    monkeypatch.setattr(imports.reading, "_read_xlsx", lambda u: calls.append(u) or original(u))
    message, _, _ = _post_refused(setup, "voortgang.xlsx", data)
    assert "meer dan 10 regels" in message
    assert calls == []  # refused by the streaming count, before openpyxl opened the workbook


def test_rows_beyond_the_bound_refused_in_the_background_show_on_the_job_page(
    setup, monkeypatch, settings
):
    settings.MONITORING_IMPORT_QUEUE = False
    monkeypatch.setattr(imports.reading, "MAX_ROWS", 10)
    monkeypatch.setattr(imports.jobs, "CHECK_BYTES", 0)  # not read during the upload
    ref = setup["homes"].reference
    rows = [(ref, 2026, 1 + i % 4, i, "op koers") for i in range(12)]
    data = _rewrite(_workbook_bytes(rows), sheet=_declare("A1:F3"))
    resp = setup["client"].post(setup["url"], {"file": SimpleUploadedFile("v.xlsx", data)})
    assert resp.status_code == 302
    [done] = imports.process_pending()
    assert done.status == ImportStatus.FAILED and not done.file
    assert done.errors[0][0] == 0
    page = setup["client"].get(resp.url).content.decode()
    assert "meer dan 10 regels" in html.unescape(page)
    assert not ProgressReport.objects.exists()


def test_csv_too_many_rows_is_refused_while_streaming(setup, monkeypatch):
    monkeypatch.setattr(imports.reading, "MAX_ROWS", 10)
    ref = setup["homes"].reference
    lines = [";".join(HEADER)] + [f"{ref};2026;1;{i};op koers;" for i in range(12)]
    message, _, _ = _post_refused(setup, "v.csv", "\n".join(lines).encode())
    assert "meer dan 10 regels" in message


def test_csv_too_large_is_refused(setup):
    data = (";".join(HEADER) + "\n").encode() + b"a;" * (10 * 1024 * 1024 + 1)
    message, _, _ = _post_refused(setup, "v.csv", data)
    assert "groter dan 20 MB" in message


def test_csv_with_one_endless_line_is_refused_on_the_job_page(setup, settings):
    """Larger than 1 MB: checked in the background, refused there, within bounded memory."""
    settings.MONITORING_IMPORT_QUEUE = False
    data = (";".join(HEADER) + "\n").encode() + b"x" * (3 * 1024 * 1024)
    resp = setup["client"].post(setup["url"], {"file": SimpleUploadedFile("v.csv", data)})
    assert resp.status_code == 302
    [done], peak, _ = _measured(imports.process_pending)
    assert done.status == ImportStatus.FAILED and "langer dan" in done.errors[0][1]
    assert peak < 20 * 1024 * 1024
    assert "langer dan" in html.unescape(setup["client"].get(resp.url).content.decode())
    assert not ProgressReport.objects.exists()


def test_csv_with_nul_bytes_and_a_pdf_named_xlsx_are_refused(setup):
    message, _, _ = _post_refused(setup, "v.csv", b"referentie;jaar\x00\x01\x02")
    assert "past niet bij de naam" in message and "tekst" in message
    message, _, _ = _post_refused(setup, "v.xlsx", b"%PDF-1.7 not a workbook")
    assert "past niet bij de naam" in message and ".xlsx" in message


def test_cp1252_csv_is_still_read(setup):
    ref = setup["homes"].reference
    text = ";".join(HEADER) + f"\n{ref};2026;3;45;risico;Vertraging door café-overleg\n"
    resp = setup["client"].post(
        setup["url"], {"file": SimpleUploadedFile("v.csv", text.encode("cp1252"))}
    )
    assert resp.status_code == 302
    assert ProgressReport.objects.get().explanation == "Vertraging door café-overleg"


def test_a_file_at_the_row_bound_is_accepted_within_the_memory_bound(setup, world):
    """MAX_ROWS rows (with an explanation each) are read, checked and saved in < 100 MB."""
    agreement = setup["agreement"]
    n = imports.MAX_ROWS // 4
    Commitment.objects.bulk_create(
        [
            Commitment(
                agreement=agreement,
                number=100 + i,
                reference=f"MEM-{i:05d}",
                theme="beschikbaarheid",
                kind="result",
                title=f"Afspraak {i}",
                responsible=world.corporatie,
                unit="woningen",
            )
            for i in range(n)
        ]
    )
    rows = [
        (f"MEM-{i:05d}", 2026, q, 10 * q, "risico", f"Vertraging bij project {i}, kwartaal {q}")
        for i in range(n)
        for q in (1, 2, 3, 4)
    ]
    data = _workbook_bytes(rows)

    def run():
        job, read = imports.import_start(
            actor=setup["corp"], agreement=agreement, upload=SimpleUploadedFile("v.xlsx", data)
        )
        return imports.process_job(job.pk, rows=read)

    job, peak, _ = _measured(run)
    assert job.status == ImportStatus.DONE, job.errors[:3]
    assert ProgressReport.objects.count() == imports.MAX_ROWS
    assert peak < MEMORY_BOUND, f"peak {peak / 1e6:.0f} MB"


def test_import_progress_as_the_benchmark_calls_it(setup):
    """bench/run.py calls import_progress(actor=, agreement=, upload=) with a plain workbook."""
    ref = setup["homes"].reference
    wb = Workbook()
    ws = wb.active
    ws.title = "Voortgang"
    ws.append([*HEADER, "bewijs_link"])
    for q in (1, 2, 3):
        ws.append([ref, 2026, q, 10 * q, "op koers", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    result = imports.import_progress(
        actor=setup["corp"],
        agreement=setup["agreement"],
        upload=SimpleUploadedFile("bench.xlsx", buf.getvalue()),
    )
    assert result.ok and result.created == 3
    assert ProgressReport.objects.count() == 3
