"""Import progress from Excel (.xlsx) or CSV: validate every row first, then save all rows in
one transaction, or nothing.

The upload is stored as an ImportJob (import_start) and processed by process_job: inline
for small files, else in a background thread started after the response and/or by the
``process_imports`` command (cron). Rows are validated in chunks of CHUNK rows and the job's
progress (rows checked) is written after every chunk in its own short transaction; the job
page shows it while it runs. Saving is one transaction, which also marks the job done.
"""

from __future__ import annotations

import csv
import io
import logging
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

from django import db
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement, CommitmentTarget
from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Role
from driehoek.organisations.selectors import has_role

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
MAX_ROWS = 100_000
MAX_BYTES = 20 * 1024 * 1024

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
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    year, quarter = current_period(agreement)
    wb = Workbook()
    ws = wb.active
    ws.title = "Voortgang"
    ws.append([*COLUMNS, *INFO_COLUMNS])
    targets = dict(
        CommitmentTarget.objects.filter(commitment__agreement=agreement, year=year).values_list(
            "commitment_id", "value"
        )
    )
    for c in agreement.commitments.order_by("number"):
        target = targets.get(c.pk)
        ws.append(
            [
                c.reference,
                year,
                quarter,
                None,
                None,
                None,
                None,
                c.title,
                c.unit,
                float(target) if target is not None else None,
            ]
        )
    dv = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_TEMPLATE_WORDS) + '"', allow_blank=True
    )
    ws.add_data_validation(dv)
    dv.add("E2:E5000")
    for col, width in zip("ABCDEFGHIJ", [14, 8, 10, 14, 14, 40, 30, 50, 16, 14], strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    help_ws = wb.create_sheet("Uitleg")
    for line in [
        "Vul per afspraak de gerealiseerde waarde in, in de eenheid van de afspraak.",
        "gerealiseerd: de stand aan het eind van de periode, opgeteld over het jaar.",
        "kwartaal: 1 tot en met 4; leeg als de afspraak per jaar rapporteert.",
        "status: " + ", ".join(STATUS_TEMPLATE_WORDS) + ".",
        "Bij risico, niet gehaald of vervallen is een toelichting verplicht.",
        "De kolommen titel, eenheid en streefwaarde zijn alleen ter informatie.",
        "Bevat één regel een fout, dan wordt niets opgeslagen en ziet u per regel wat er mis is.",
    ]:
        help_ws.append([line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# Reading -----------------------------------------------------------------------------------


def _norm_header(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("(", "").replace(")", "")


def read_rows(upload) -> list[tuple[int, dict]]:
    """(row number as the user sees it, values by column) for every non-empty row."""
    name = (getattr(upload, "name", "") or "").lower()
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise ServiceError(
            _("The file is larger than 20 MB. Split it into smaller files."), field="file"
        )
    if name.endswith(".csv"):
        rows = _read_csv(upload)
    elif name.endswith(".xlsx"):
        rows = _read_xlsx(upload)
    else:
        raise ServiceError(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."), field="file")
    if not rows:
        raise ServiceError(_("The file is empty."), field="file")
    header = [_norm_header(h) for h in rows[0][1]]
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
    for number, values in rows[1:]:
        if all(v in (None, "") or str(v).strip() == "" for v in values):
            continue
        result.append(
            (
                number,
                {h: (values[i] if i < len(values) else None) for i, h in enumerate(header) if h},
            )
        )
        if len(result) > MAX_ROWS:
            raise ServiceError(
                _("The file has more than %(n)s rows. Split it into smaller files.")
                % {"n": MAX_ROWS},
                field="file",
            )
    if not result:
        raise ServiceError(_("The file has column names but no rows to import."), field="file")
    return result


def _read_csv(upload) -> list[tuple[int, list]]:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise ServiceError(
                _("The CSV file could not be read: save it as UTF-8."), field="file"
            ) from None
    if "\x00" in text:
        raise ServiceError(_("This is not a readable CSV file."), field="file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if text.count(";") > text.count(",") else ","
    try:
        return [(i, row) for i, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1)]
    except csv.Error:
        raise ServiceError(
            _("The CSV file is broken and could not be read."), field="file"
        ) from None


def _read_xlsx(upload) -> list[tuple[int, list]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise ServiceError(
            _(
                "The Excel file is broken or not an .xlsx file. Save it again as .xlsx, or use the template."
            ),
            field="file",
        ) from None
    try:
        ws = wb["Voortgang"] if "Voortgang" in wb.sheetnames else wb.worksheets[0]
        return [(i, list(row)) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)]
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
    if not has_role(actor, commitment.responsible_id, Role.EDITOR):
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
    name = (getattr(upload, "name", "") or "")[:200]
    if getattr(upload, "size", 0) > MAX_BYTES:
        raise ServiceError(
            _("The file is larger than 20 MB. Split it into smaller files."), field="file"
        )
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ServiceError(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."), field="file")
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
    job.file.save(name, upload, save=False)
    try:
        job.save()
    except Exception:
        job.file.delete(save=False)
        raise
    return job, rows


def _progress(job: ImportJob, **fields) -> None:
    """Record progress in its own short transaction (autocommit), never in the saving one."""
    fields["updated_at"] = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(**fields)
    for k, v in fields.items():
        setattr(job, k, v)


def _chunks_json(result: ImportResult) -> list[dict]:
    return list(result.chunks)


def _errors_json(result: ImportResult) -> list[list]:
    return [[number, message] for number, message in result.errors[:MAX_STORED_ERRORS]]


MAX_STORED_ERRORS = 2000


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
        from django.core.files.uploadedfile import SimpleUploadedFile

        with job.file.open("rb") as f:
            rows = read_rows(SimpleUploadedFile(job.file_name, f.read()))
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
    """Start processing in a daemon thread once the current transaction has committed.

    For small deployments (``make run``, one server): no cron needed. The thread dies with the
    server process; ``process_imports`` hands such a job out again (see README).
    """

    def run():
        try:
            process_job(job_id)
        finally:
            db.connections.close_all()

    def start():
        threading.Thread(target=run, name=f"import-{job_id}", daemon=True).start()

    transaction.on_commit(start)


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
