"""Import jobs: store the upload, process it inline (small files) or in a worker, record progress per chunk."""

from __future__ import annotations

import contextlib
import logging
import time
from datetime import date, timedelta

from django import db
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement
from driehoek.core import uploads
from driehoek.core.errors import ServiceError

from ..models import ImportJob, ImportStatus
from ..services import (
    _require_monitored,
)
from .checking import ImportResult, save_rows, validate_rows
from .reading import _check_sheets, _check_spreadsheet, read_rows

INLINE_ROWS = 500  # fewer rows than this: processed during the upload request


CHECK_BYTES = 1024 * 1024  # files up to this size are read during the upload (errors on the form)


# No heartbeat (``updated_at``, moved every CHUNK rows) for this long: the worker is presumed
# dead and the job is handed out again. settings.DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT (seconds) wins.
STALE_AFTER = timedelta(seconds=60)


def stale_after() -> timedelta:
    seconds = getattr(settings, "DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT", None)
    return timedelta(seconds=seconds) if seconds is not None else STALE_AFTER


class ClaimLost(Exception):
    """The job was handed out again (its heartbeat went stale) while this worker had it: this
    worker stops without writing anything, the new one goes on."""


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
    """Record progress (and so the heartbeat) in its own short transaction (autocommit), never
    in the saving one. Only while the job is still this worker's: the write is conditional on
    the heartbeat this worker wrote last (``job.updated_at``); else ClaimLost.

    SQLite can answer "table is locked" at once (instead of waiting for the busy timeout) while a
    page that shows this job reads it in a shared-cache connection: try again a few times.
    """
    fields["updated_at"] = timezone.now()
    for attempt in range(PROGRESS_ATTEMPTS):
        try:
            mine = ImportJob.objects.filter(pk=job.pk, updated_at=job.updated_at)
            if not mine.update(**fields):
                raise ClaimLost(job.pk)
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

    A worker that dies (killed, machine gone) leaves the job VALIDATING or SAVING with its file
    and nothing saved (the saving transaction never committed); once its heartbeat is older
    than ``stale_after()`` the job is handed out again (``release_stale``). A worker that is
    stopped (SIGTERM twice, Ctrl+C) hands its job back and enqueues it at once.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.PENDING).update(
        status=ImportStatus.VALIDATING, updated_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("agreement", "uploaded_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            try:
                _process(job, rows, today)
            except ServiceError as err:
                _progress(job, status=ImportStatus.FAILED, errors=[[0, str(err.message)]])
            except ClaimLost:
                raise
            except Exception:
                logger.exception("Import job %s failed", job.pk)
                _progress(
                    job,
                    status=ImportStatus.FAILED,
                    errors=[
                        [0, _("The import stopped because of an error on our side. Try again.")]
                    ],
                )
        except ClaimLost:
            logger.warning("Import job %s was handed out again; this worker stops", job.pk)
            return None
        except (KeyboardInterrupt, SystemExit):
            _hand_back(job)
            raise
        if job.file:  # done or failed: the file is no longer needed
            job.file.delete(save=False)
            ImportJob.objects.filter(pk=job.pk).update(file="")
    job.refresh_from_db()
    return job


def _hand_back(job: ImportJob) -> None:
    """The worker is being stopped in the middle of this job: make it pending again (the
    saving transaction, if any, has rolled back) and enqueue it for the next worker."""
    try:
        if ImportJob.objects.filter(pk=job.pk, updated_at=job.updated_at).update(
            status=ImportStatus.PENDING, rows_done=0, updated_at=timezone.now()
        ):
            process_in_background(job.pk)
    except Exception:  # the heartbeat goes stale and release_stale takes it instead
        logger.exception("Import job %s could not be handed back", job.pk)


def _hold_claim(job: ImportJob) -> None:
    """In the saving transaction: lock the job's row (PostgreSQL; SQLite's IMMEDIATE
    transaction holds the write lock) and check it is still this worker's, so a job handed out
    again is never saved twice. ``release_stale`` waits for the lock and then finds it done."""
    mine = ImportJob.objects.select_for_update().filter(
        pk=job.pk, status=ImportStatus.SAVING, updated_at=job.updated_at
    )
    if not list(mine.values_list("pk", flat=True)):
        raise ClaimLost(job.pk)


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
    with transaction.atomic():
        _hold_claim(job)
        save_rows(actor=actor, agreement=agreement, valid=valid, result=result, job=job)


def process_in_background(job_id: int) -> None:
    """Hand the job to the task engine once the current transaction has committed.

    A worker (``manage.py db_worker`` or ``rqworker``) takes it from the queue; the next import
    task and ``process_imports`` (cron) hand out again a job whose worker died (see README).
    """
    from ..tasks import process_import

    transaction.on_commit(lambda: process_import.enqueue(job_id))


def release_stale(*, enqueue: bool = False) -> list[int]:
    """Hand out again the jobs whose heartbeat is older than ``stale_after()`` (their worker
    died): pending again, and with ``enqueue`` on the task queue for the next worker. A job
    without its file (rows only in the dead worker's memory) is failed with a message instead.
    Returns the ids handed out. Each job is given back with its own conditional UPDATE, so two
    callers at once give a job back once; a job still saving is waited for (row lock) and then
    found done."""
    cutoff = timezone.now() - stale_after()
    running = [ImportStatus.VALIDATING, ImportStatus.SAVING]
    stale = ImportJob.objects.filter(status__in=running, updated_at__lt=cutoff)
    released = []
    for pk in stale.exclude(file="").values_list("pk", flat=True):
        if stale.filter(pk=pk).update(
            status=ImportStatus.PENDING, rows_done=0, updated_at=timezone.now()
        ):
            logger.warning("Import job %s lost its worker: handed out again", pk)
            released.append(pk)
    for job in stale.filter(file=""):  # its rows were only in the dead worker's memory
        with translation.override(job.language or settings.LANGUAGE_CODE):
            message = _("The import stopped before it was finished. Upload the file again.")
        with contextlib.suppress(ClaimLost):  # it moved meanwhile: not stale after all
            _progress(job, status=ImportStatus.FAILED, errors=[[0, message]])
    if enqueue:
        for pk in released:
            process_in_background(pk)
    return released


def process_pending(*, today: date | None = None) -> list[ImportJob]:
    """For the cron/timer: give stalled jobs back, then process every pending job here."""
    release_stale()
    done = []
    for pk in ImportJob.objects.filter(status=ImportStatus.PENDING).values_list("pk", flat=True):
        processed = process_job(pk, today=today)
        if processed is not None:
            done.append(processed)
    return done
