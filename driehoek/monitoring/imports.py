"""Import progress from Excel (.xlsx) or CSV: validate every row first, then save all rows in
one transaction, or nothing.

The upload is stored as an ImportJob (import_start) and processed by process_job: inline
for small files, else in a background thread started after the response and/or by the
``process_imports`` command (cron). Rows are validated in chunks of CHUNK rows and the job's
progress (rows checked) is written after every chunk in its own short transaction; the job
page shows it while it runs. Saving is one transaction, which also marks the job done.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import logging
import re
import time
import zipfile
from dataclasses import dataclass, field
from datetime import date, timedelta

from django import db
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement, CommitmentTarget
from driehoek.core import audit, exports, uploads
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may

from .models import (
    Frequency,
    ImportJob,
    ImportStatus,
    ProgressReport,
    ProgressStatus,
    ReviewState,
)
from .services import (
    _check_url,
    _require_monitored,
    check_period,
    parse_realised,
    recompute_latest,
    settings_for,
)

CHUNK = 500
# Bounds (see README, "Bounds"): checked before rows are read, and while they are read.
# MAX_ROWS: a file at this bound is imported in under 100 MB of memory (test_import_bounds);
# far above any real agreement (commitments x periods in one file).
MAX_ROWS = 20_000  # rows after the header
MAX_COLUMNS = 50
MAX_BYTES = 20 * 1024 * 1024  # the uploaded file
MAX_UNPACKED = 50 * 1024 * 1024  # .xlsx: all parts together
MAX_SHEET = 20 * 1024 * 1024  # .xlsx: one sheet, unpacked (its text ends up in memory)
MAX_SHARED_STRINGS = 10 * 1024 * 1024  # .xlsx: the shared strings, kept in memory while reading
MAX_XML_PART = 2 * 1024 * 1024  # .xlsx: any other XML part (openpyxl parses those whole)
MAX_MEMBERS = 500  # .xlsx: parts in the zip
MAX_LINE = 1024 * 1024  # CSV: characters in one line
SHEET_HEAD = 64 * 1024  # .xlsx: bytes of a sheet read to find its dimension
ZIP_BOUNDS = {"max_members": MAX_MEMBERS, "max_total": MAX_UNPACKED, "max_member": MAX_UNPACKED}

COLUMNS = ["referentie", "jaar", "kwartaal", "gerealiseerd", "status", "toelichting", "bewijs_link"]
REQUIRED = ["referentie", "jaar", "kwartaal", "gerealiseerd", "status"]
INFO_COLUMNS = ["titel", "eenheid", "streefwaarde"]

STATUS_WORDS = {
    "op koers": ProgressStatus.ON_TRACK,
    "risico": ProgressStatus.AT_RISK,
    "met risico": ProgressStatus.AT_RISK,
    "gehaald": ProgressStatus.ACHIEVED,
    "behaald": ProgressStatus.ACHIEVED,
    "niet gehaald": ProgressStatus.NOT_ACHIEVED,
    "niet behaald": ProgressStatus.NOT_ACHIEVED,
    "vervallen": ProgressStatus.CANCELLED,
    "geannuleerd": ProgressStatus.CANCELLED,
    **{code: code for code in ProgressStatus.values},
    **{str(label).lower(): code for code, label in ProgressStatus.choices},
}
STATUS_TEMPLATE_WORDS = ["op koers", "risico", "gehaald", "niet gehaald", "vervallen"]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    chunks: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0


# Template ----------------------------------------------------------------------------------


def current_period(agreement: Agreement, today: date | None = None) -> tuple[int, int | None]:
    today = today or timezone.localdate()
    year = min(max(today.year, agreement.period_start), agreement.period_end)
    if settings_for(agreement).frequency == Frequency.YEAR:
        return year, None
    quarter = (today.month - 1) // 3 + 1 if year == today.year else 4
    return year, quarter


def template_xlsx(agreement: Agreement) -> bytes:
    """Written with the one export writer (core.exports): a commitment title that looks like a
    formula is a text cell."""
    from openpyxl.worksheet.datavalidation import DataValidation

    year, quarter = current_period(agreement)
    book = exports.XlsxBook()
    sheet = book.sheet("Voortgang", [*COLUMNS, *INFO_COLUMNS])
    ws = sheet.ws
    targets = dict(
        CommitmentTarget.objects.filter(commitment__agreement=agreement, year=year).values_list(
            "commitment_id", "value"
        )
    )
    for c in agreement.commitments.order_by("number"):
        sheet.append(
            [c.reference, year, quarter, None, None, None, None, c.title, c.unit, targets.get(c.pk)]
        )
    dv = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_TEMPLATE_WORDS) + '"', allow_blank=True
    )
    ws.add_data_validation(dv)
    dv.add("E2:E5000")
    for col, width in zip("ABCDEFGHIJ", [14, 8, 10, 14, 14, 40, 30, 50, 16, 14], strict=True):
        ws.column_dimensions[col].width = width
    help_sheet = book.sheet("Uitleg")
    for line in [
        "Vul per afspraak de gerealiseerde waarde in, in de eenheid van de afspraak.",
        "gerealiseerd: de stand aan het eind van de periode, opgeteld over het jaar.",
        "kwartaal: 1 tot en met 4; leeg als de afspraak per jaar rapporteert.",
        "status: " + ", ".join(STATUS_TEMPLATE_WORDS) + ".",
        "Bij risico, niet gehaald of vervallen is een toelichting verplicht.",
        "De kolommen titel, eenheid en streefwaarde zijn alleen ter informatie.",
        "Bevat één regel een fout, dan wordt niets opgeslagen en ziet u per regel wat er mis is.",
    ]:
        help_sheet.append([line])
    return book.to_bytes()


# Reading -----------------------------------------------------------------------------------


def _norm_header(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("(", "").replace(")", "")


def _check_spreadsheet(upload) -> None:
    """Extension, size, type by content and zip bounds of an uploaded progress file."""
    if uploads.extension(getattr(upload, "name", "") or "") not in uploads.SPREADSHEETS:
        raise ServiceError(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."), field="file")
    if (getattr(upload, "size", 0) or 0) > MAX_BYTES:
        raise ServiceError(
            _("The file is larger than 20 MB. Split it into smaller files."), field="file"
        )
    uploads.check_upload(
        upload,
        extensions=uploads.SPREADSHEETS,
        max_bytes=MAX_BYTES,
        field="file",
        zip_bounds=ZIP_BOUNDS,
        rename=False,
    )


def read_rows(upload) -> list[tuple[int, dict]]:
    """(row number as the user sees it, values by column) for every non-empty row.

    Bounded before and while reading (see the README, "Bounds"): the file's size and type by
    content; for .xlsx the zip (members, unpacked sizes) and each sheet's declared dimension
    before a row is read, then rows are streamed (openpyxl read-only) and reading stops as
    soon as there are more than MAX_ROWS; a CSV is decoded and parsed as a stream.
    """
    name = getattr(upload, "name", "") or ""
    ext = uploads.extension(name)
    _check_spreadsheet(upload)
    if ext == "csv":
        stream = _read_csv(upload)
    else:
        _check_sheets(upload)
        stream = _read_xlsx(upload)
    try:
        return _collect(stream)
    finally:
        stream.close()


def _too_many_rows() -> ServiceError:
    return ServiceError(
        _("The file has more than %(n)s rows. Split it into smaller files.") % {"n": MAX_ROWS},
        field="file",
    )


def _collect(stream) -> list[tuple[int, dict]]:
    first = next(stream, None)
    if first is None:
        raise ServiceError(_("The file is empty."), field="file")
    header = [_norm_header(h) for h in first[1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ServiceError(
            _(
                "The file does not have the right columns. Missing: %(missing)s. Use the template: its first row is %(columns)s."
            )
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)},
            field="file",
        )
    unknown = [h for h in header if h and h not in COLUMNS and h not in INFO_COLUMNS]
    if unknown:
        raise ServiceError(
            _("Unknown columns: %(unknown)s. Use the columns of the template: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(COLUMNS)},
            field="file",
        )
    result = []
    for number, values in stream:
        if number > MAX_ROWS + 1:  # the header plus MAX_ROWS rows, empty rows included
            raise _too_many_rows()
        if all(v in (None, "") or str(v).strip() == "" for v in values):
            continue
        result.append(
            (
                number,
                {h: (values[i] if i < len(values) else None) for i, h in enumerate(header) if h},
            )
        )
    if not result:
        raise ServiceError(_("The file has column names but no rows to import."), field="file")
    return result


def _text_lines(upload, encoding: str):
    """Decode ``upload`` chunk by chunk and yield its lines (ending in \\n); a line longer
    than MAX_LINE characters stops the reading."""
    decoder = codecs.getincrementaldecoder(encoding)()
    upload.seek(0)
    pending = ""
    while True:
        chunk = upload.read(64 * 1024)
        pending += decoder.decode(chunk or b"", final=not chunk)
        *lines, pending = pending.split("\n")
        for line in lines:
            yield line + "\n"
        if len(pending) > MAX_LINE:
            raise ServiceError(
                _("A row in the CSV file is longer than %(n)s characters. Is it a CSV file?")
                % {"n": MAX_LINE},
                field="file",
            )
        if not chunk:
            break
    if pending:
        yield pending


def _read_csv(upload):
    """Yield (row number, values) while reading; the dialect is guessed from the start."""
    encoding = uploads.text_encoding(upload)
    if encoding is None:
        raise ServiceError(_("This is not a readable CSV file. Save it as UTF-8."), field="file")
    lines = _text_lines(upload, encoding)
    start: list[str] = []
    for line in lines:
        start.append(line)
        if sum(map(len, start)) >= 4096:
            break
    sample = "".join(start)[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:

        class dialect(csv.excel):
            delimiter = ";" if sample.count(";") > sample.count(",") else ","

    try:
        reader = csv.reader(itertools.chain(start, lines), dialect)
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            yield number, row
    except csv.Error:
        raise ServiceError(
            _("The CSV file is broken and could not be read."), field="file"
        ) from None
    finally:
        lines.close()


_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]{1,3}\d+(?::[A-Za-z]{1,3}\d+)?)\"")
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _member_limit(name: str) -> int | None:
    """The unpacked size allowed for one part of an .xlsx (None: only the total counts)."""
    lower = name.lower()
    if _WORKSHEET.match(name):
        return MAX_SHEET
    if lower == "xl/sharedstrings.xml":
        return MAX_SHARED_STRINGS
    if lower.endswith((".xml", ".rels", ".vml")):  # parsed whole by openpyxl: keep them small
        return MAX_XML_PART
    return None


def _dimension_size(ref: bytes) -> tuple[int, int]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii").upper())
    return (max_row or min_row or 1), (max_col or min_col or 1)


def _check_sheets(upload) -> None:
    """Before a row is read: every part of the workbook within its unpacked bound, and every
    sheet's declared dimension (read from the first bytes of the sheet) within the row and
    column bounds. A sheet without a dimension has its rows counted by a streaming scan."""
    zf = uploads.check_zip(upload, field="file", **ZIP_BOUNDS)
    try:
        for info in zf.infolist():
            limit = _member_limit(info.filename)
            if limit is not None and info.file_size > limit:
                raise ServiceError(
                    _(
                        "The file is packed: a part of it would unpack to more than %(mb)s MB. We do not accept such a file."
                    )
                    % {"mb": f"{limit / uploads.MB:g}"},
                    field="file",
                )
        for info in zf.infolist():
            if _WORKSHEET.match(info.filename):
                _check_sheet(zf, info)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        # broken, encrypted (RuntimeError) or an unreadable dimension (ValueError)
        raise ServiceError(_BROKEN_XLSX(), field="file") from None
    finally:
        zf.close()
        upload.seek(0)


def _check_sheet(zf, info) -> None:
    with zf.open(info) as f:
        head = f.read(SHEET_HEAD)
        match = _DIMENSION.search(head)
        data = _SHEET_DATA.search(head)
        if match and (data is None or match.start() < data.start()):
            rows, columns = _dimension_size(match.group(1))
            if rows > MAX_ROWS + 1:
                raise ServiceError(
                    _(
                        "The sheet says it has %(rows)s rows; at most %(n)s can be imported. Split the file, or remove empty rows at the end."
                    )
                    % {"rows": f"{rows:,}".replace(",", "."), "n": MAX_ROWS},
                    field="file",
                )
            if columns > MAX_COLUMNS:
                raise ServiceError(
                    _(
                        "The sheet says it has %(columns)s columns; at most %(n)s are read. Remove the columns that are not in the template."
                    )
                    % {"columns": f"{columns:,}".replace(",", "."), "n": MAX_COLUMNS},
                    field="file",
                )
            return
        # No dimension before the data: count the rows while unpacking, chunk by chunk.
        count, tail, chunk = 0, b"", head
        while chunk:
            buf = tail + chunk
            count += len(_ROW.findall(buf)) - len(_ROW.findall(tail))
            if count > MAX_ROWS + 1:
                raise _too_many_rows()
            tail = buf[-32:]
            chunk = f.read(SHEET_HEAD)


def _BROKEN_XLSX():
    return _(
        "The Excel file is broken or not an .xlsx file. Save it again as .xlsx, or use the template."
    )


def _read_xlsx(upload):
    """Yield (row number, values) from the progress sheet, streamed (read-only), at most
    MAX_COLUMNS wide; the rows are counted by the caller."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    upload.seek(0)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise ServiceError(_BROKEN_XLSX(), field="file") from None
    except Exception:  # noqa: BLE001 - any parse error inside the workbook is a broken file
        raise ServiceError(_BROKEN_XLSX(), field="file") from None
    try:
        ws = wb["Voortgang"] if "Voortgang" in wb.sheetnames else wb.worksheets[0]
        # The declared dimension was checked; reading does not trust it (a dimension that
        # says fewer rows would cut rows off): rows are streamed and counted instead.
        ws.reset_dimensions()
        header = next(ws.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        width = max((i + 1 for i, v in enumerate(header) if v not in (None, "")), default=1)
        yield 1, list(header[:width])
        yield from enumerate(ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2)
    except ServiceError:
        raise
    except Exception:  # noqa: BLE001 - any parse error inside the workbook is a broken file
        raise ServiceError(
            _("The Excel file is broken and could not be read."), field="file"
        ) from None
    finally:
        wb.close()


# Validating and saving ---------------------------------------------------------------------


def _cell_int(value):
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return str(value).strip()


def import_progress(
    *, actor, agreement: Agreement, upload, today: date | None = None
) -> ImportResult:
    """Synchronous import (benchmarks, shell): validate every row; save only when all rows are
    valid (one transaction)."""
    _require_monitored(agreement)
    rows = read_rows(upload)
    result = ImportResult(rows=len(rows))
    valid = validate_rows(actor=actor, agreement=agreement, rows=rows, result=result, today=today)
    if not result.errors:
        save_rows(actor=actor, agreement=agreement, valid=valid, result=result)
    return result


def validate_rows(
    *, actor, agreement: Agreement, rows, result: ImportResult, today=None, on_chunk=None
) -> list:
    """Check every row, CHUNK rows at a time; errors and chunks go on ``result``.

    ``on_chunk(rows_done, result)`` is called after every chunk (progress for the job page).
    Nothing is written here.
    """
    commitments = {
        c.reference.strip().lower(): c for c in agreement.commitments.select_related("responsible")
    }
    seen: set[tuple] = set()
    valid: list[tuple[object, dict]] = []
    done = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        errors_before = len(result.errors)
        for number, values in chunk:
            try:
                valid.append(_validate_row(actor, agreement, commitments, values, seen, today))
            except ServiceError as err:
                result.errors.append((number, str(err.message)))
        done += len(chunk)
        result.chunks.append(
            {
                "from": chunk[0][0],
                "to": chunk[-1][0],
                "rows": len(chunk),
                "errors": len(result.errors) - errors_before,
            }
        )
        if on_chunk is not None:
            on_chunk(done, result)
    return valid


def _validate_row(actor, agreement, commitments, values, seen, today):
    ref = str(values.get("referentie") or "").strip()
    if not ref:
        raise ServiceError(_("The reference is empty."))
    commitment = commitments.get(ref.lower())
    if commitment is None:
        raise ServiceError(
            _("Unknown reference “%(ref)s”: this agreement has no commitment with it.")
            % {"ref": ref[:30]}
        )
    if not may(actor, "monitoring.report_progress", commitment):
        raise ServiceError(
            _("%(ref)s: only %(org)s, the responsible party, can report on it.")
            % {"ref": ref, "org": commitment.responsible}
        )
    try:
        year, quarter = check_period(
            agreement, _cell_int(values.get("jaar")), _cell_int(values.get("kwartaal")), today=today
        )
        realised = parse_realised(values.get("gerealiseerd"), commitment.unit)
        url = _check_url(str(values.get("bewijs_link") or ""))
    except ServiceError as err:
        raise ServiceError(f"{ref}: {err.message}") from None
    status_text = str(values.get("status") or "").strip().lower()
    status = STATUS_WORDS.get(status_text)
    if status is None:
        raise ServiceError(
            _("%(ref)s: unknown status “%(status)s”. Use one of: %(words)s.")
            % {"ref": ref, "status": status_text[:30], "words": ", ".join(STATUS_TEMPLATE_WORDS)}
        )
    explanation = str(values.get("toelichting") or "").strip()
    if (
        status in (ProgressStatus.AT_RISK, ProgressStatus.NOT_ACHIEVED, ProgressStatus.CANCELLED)
        and not explanation
    ):
        raise ServiceError(
            _("%(ref)s: explain why the commitment is at risk, not achieved or cancelled.")
            % {"ref": ref}
        )
    key = (commitment.pk, year, quarter)
    if key in seen:
        raise ServiceError(
            _("%(ref)s appears twice for the same period in this file.") % {"ref": ref}
        )
    seen.add(key)
    return commitment, {
        "period_year": year,
        "period_quarter": quarter,
        "realised": realised,
        "status": status,
        "explanation": explanation,
        "evidence_url": url,
    }


@transaction.atomic
def save_rows(*, actor, agreement, valid, result: ImportResult, job=None) -> None:
    """Save every validated row in one transaction; with ``job``, mark it done in the same
    transaction (so a job is done exactly when its reports are saved)."""
    existing = {
        (r.commitment_id, r.period_year, r.period_quarter): r
        for r in ProgressReport.objects.filter(commitment__agreement=agreement)
    }
    new, changed = [], []
    for commitment, data in valid:
        key = (commitment.pk, data["period_year"], data["period_quarter"])
        report = existing.get(key)
        if report is None:
            new.append(
                ProgressReport(
                    commitment=commitment,
                    reported_by_org_id=commitment.responsible_id,
                    reported_by=actor,
                    review_state=ReviewState.AWAITING,
                    **data,
                )
            )
        else:
            for k, v in data.items():
                setattr(report, k, v)
            report.reported_by_org_id = commitment.responsible_id
            report.reported_by = actor
            report.review_state = ReviewState.AWAITING
            report.updated_at = timezone.now()
            changed.append(report)
    for i in range(0, len(new), CHUNK):
        ProgressReport.objects.bulk_create(new[i : i + CHUNK])
    fields = [
        "realised",
        "status",
        "explanation",
        "evidence_url",
        "reported_by_org",
        "reported_by",
        "review_state",
        "updated_at",
    ]
    for i in range(0, len(changed), CHUNK):
        part = changed[i : i + CHUNK]
        ProgressReport.objects.bulk_update(part, fields)
        from .models import ReportReview

        ReportReview.objects.filter(report__in=[r.pk for r in part]).delete()
    recompute_latest({(c.pk, d["period_year"]) for c, d in valid})
    result.created = len(new)
    result.updated = len(changed)
    audit.log(
        action="monitoring.import.completed",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"rows": result.rows, "created": result.created, "updated": result.updated},
    )
    if job is not None:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            rows_done=result.rows,
            created_count=result.created,
            updated_count=result.updated,
            updated_at=timezone.now(),
        )


# Jobs: upload now, process inline (small files) or in a worker ----------------------------

INLINE_ROWS = 500  # fewer rows than this: processed during the upload request
CHECK_BYTES = 1024 * 1024  # files up to this size are read during the upload (errors on the form)
STALE_AFTER = timedelta(minutes=15)  # no progress for this long: the worker is presumed dead

logger = logging.getLogger(__name__)


@transaction.atomic
def import_start(*, actor, agreement: Agreement, upload, language: str = "") -> tuple:
    """Store the upload as a pending ImportJob. Returns ``(job, rows)``.

    A file up to CHECK_BYTES is read now, so a broken file, wrong columns or an empty file are
    refused on the form (ServiceError, nothing stored); ``rows`` are then the rows read, to be
    processed inline when there are fewer than INLINE_ROWS. A larger file is only stored
    (``rows`` is None): the worker reads it and a broken file shows on the job page.
    """
    _require_monitored(agreement)
    # Type by content, zip bounds: refused on the form, whatever the file's size.
    _check_spreadsheet(upload)
    if uploads.extension(upload.name) == "xlsx":
        _check_sheets(upload)  # declared dimension: refused on the form too
    name = uploads.safe_name(upload.name, prefix=False)
    rows = None
    if getattr(upload, "size", 0) <= CHECK_BYTES:
        rows = read_rows(upload)
        upload.seek(0)
    job = ImportJob(
        agreement=agreement,
        uploaded_by=actor,
        file_name=name,
        language=language,
        rows_total=len(rows) if rows is not None else None,
    )
    job.file.save(uploads.safe_name(name), upload, save=False)
    try:
        job.save()
    except Exception:
        job.file.delete(save=False)
        raise
    return job, rows


def _progress(job: ImportJob, **fields) -> None:
    """Record progress in its own short transaction (autocommit), never in the saving one.

    SQLite can answer "table is locked" at once (instead of waiting for the busy timeout) while a
    page that shows this job reads it in a shared-cache connection: try again a few times.
    """
    fields["updated_at"] = timezone.now()
    for attempt in range(PROGRESS_ATTEMPTS):
        try:
            ImportJob.objects.filter(pk=job.pk).update(**fields)
            break
        except db.OperationalError as err:
            if "locked" not in str(err) or attempt == PROGRESS_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    for k, v in fields.items():
        setattr(job, k, v)


def _chunks_json(result: ImportResult) -> list[dict]:
    return list(result.chunks)


def _errors_json(result: ImportResult) -> list[list]:
    return [[number, message] for number, message in result.errors[:MAX_STORED_ERRORS]]


MAX_STORED_ERRORS = 2000
PROGRESS_ATTEMPTS = 20  # about 10 s in all


def process_job(job_id: int, *, rows=None, today: date | None = None) -> ImportJob | None:
    """Process one pending job: read, validate every row (progress per chunk), then save all
    rows in one transaction or nothing. Idempotent: a job is claimed with one conditional
    UPDATE, so a second worker (thread, cron) finds nothing to do and returns None.

    Must run outside any transaction, so that the progress is visible while it runs.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.VALIDATING, updated_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("agreement", "uploaded_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            _process(job, rows, today)
        except ServiceError as err:
            _progress(job, status=ImportStatus.FAILED, errors=[[0, str(err.message)]])
        except Exception:
            logger.exception("Import job %s failed", job.pk)
            _progress(
                job,
                status=ImportStatus.FAILED,
                errors=[[0, _("The import stopped because of an error on our side. Try again.")]],
            )
        finally:
            if job.file:
                job.file.delete(save=False)
                ImportJob.objects.filter(pk=job.pk).update(file="")
    job.refresh_from_db()
    return job


def _process(job: ImportJob, rows, today) -> None:
    agreement, actor = job.agreement, job.uploaded_by
    _require_monitored(agreement)
    if rows is None:
        from django.core.files import File

        with job.file.open("rb") as f:  # streamed from storage, not read into memory
            rows = read_rows(File(f, name=job.file_name))
    _progress(job, rows_total=len(rows), rows_done=0)
    result = ImportResult(rows=len(rows))

    def on_chunk(done, result):
        _progress(job, rows_done=done, chunks=_chunks_json(result))

    valid = validate_rows(
        actor=actor, agreement=agreement, rows=rows, result=result, today=today, on_chunk=on_chunk
    )
    if result.errors:
        _progress(
            job,
            status=ImportStatus.FAILED,
            errors=_errors_json(result),
            chunks=_chunks_json(result),
        )
        return
    _progress(job, status=ImportStatus.SAVING)
    save_rows(actor=actor, agreement=agreement, valid=valid, result=result, job=job)


def process_in_background(job_id: int) -> None:
    """Hand the job to the task engine once the current transaction has committed.

    A worker (``manage.py db_worker``) takes it from the queue; ``process_imports`` (cron) hands
    out again a job whose worker died (see README).
    """
    from .tasks import process_import

    transaction.on_commit(lambda: process_import.enqueue(job_id))


def process_pending(*, today: date | None = None) -> list[ImportJob]:
    """For the cron/timer: give stalled jobs back, then process every pending job."""
    stale = ImportJob.objects.filter(
        status__in=[ImportStatus.VALIDATING, ImportStatus.SAVING],
        updated_at__lt=timezone.now() - STALE_AFTER,
    )
    stale.exclude(file="").update(
        status=ImportStatus.PENDING, rows_done=0, updated_at=timezone.now()
    )
    for job in stale.filter(file=""):  # its rows were only in the dead worker's memory
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _("The import stopped before it was finished. Upload the file again.")
        _progress(job, status=ImportStatus.FAILED, errors=[[0, message]])
    done = []
    for pk in ImportJob.objects.filter(status=ImportStatus.PENDING).values_list("pk", flat=True):
        job = process_job(pk, today=today)
        if job is not None:
            done.append(job)
    return done
