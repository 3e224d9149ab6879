"""Slow documents (PDFs through WeasyPrint, the submission package) as tasks, once per version.

A view checks permissions first, as always, and then calls :func:`serve` with the document's
HTML. ``serve`` hashes what the document shows (the HTML rendered without the moment of
printing, plus any other parts, e.g. the CSV files of the package) into a content version:

- a stored file for that version → the file, with the view's file name and content type;
- none yet → one ``RenderedDocument`` row (unique on kind, key and version, so two requests at
  once make one row), the task ``render_document`` enqueued, and a page "being prepared"
  (HTTP 202, ``Retry-After``, ``<meta http-equiv="refresh">`` and a plain link);
- a failed render → the reason is kept on the row; the page says so and its link tries again.

:func:`purge` (``manage.py purge_rendered_documents``, daily) deletes the rows and files of
versions that a newer one replaced and that have not changed for ``DRIEHOEK_DOCUMENT_KEEP_DAYS``
days; the newest row of each document is always kept. A file that is gone when a request reads
it (purged a moment before, or lost) is rendered again.

With the immediate task backend (tests, ``DRIEHOEK_TASKS_BACKEND=immediate``) the render runs
during the first request, which then already gets the file.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task, task_backends

from .models import DocumentStatus, RenderedDocument
from .tasks import _same_transaction

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# A render that has not finished after this long (its worker died) is enqueued again.
RENDER_LEASE = timedelta(minutes=10)
ERROR_LENGTH = 2000


def content_version(kind: str, *parts: str | bytes) -> str:
    digest = hashlib.sha256(kind.encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def serve(
    request,
    *,
    kind: str,
    key: str,
    html: Callable[[bool], str],
    filename: str,
    content_type: str = "application/pdf",
    disposition: str = "inline",
    extra_parts: tuple[bytes | str, ...] = (),
    finish: str = "",
) -> HttpResponse:
    """The document, or the page that says it is being prepared.

    ``html(stamped)`` gives the document's HTML; with ``stamped=False`` without the moment it is
    made ("Made on …"), so the version does not change by the minute. ``finish`` is the dotted
    path of ``(key, pdf) -> bytes`` that turns the PDF into the final file (e.g. a zip)."""
    version = content_version(kind, html(False), *extra_parts)
    doc = _get_or_create(kind, key, version, html, finish)
    if doc.status == DocumentStatus.FAILED and request.GET.get("retry"):
        RenderedDocument.objects.filter(pk=doc.pk, status=DocumentStatus.FAILED).update(
            status=DocumentStatus.PENDING, error="", updated_at=timezone.now()
        )
        _enqueue(doc.pk)
        doc.refresh_from_db()
    elif doc.status == DocumentStatus.PENDING and doc.updated_at < timezone.now() - RENDER_LEASE:
        RenderedDocument.objects.filter(pk=doc.pk).update(updated_at=timezone.now())
        _enqueue(doc.pk)
        doc.refresh_from_db()
    data = _stored(doc)
    if data is None and doc.status == DocumentStatus.READY:  # its file went meanwhile
        RenderedDocument.objects.filter(pk=doc.pk).delete()
        doc = _get_or_create(kind, key, version, html, finish)
        data = _stored(doc)
    if data is not None:
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
        return response
    response = render(
        request,
        "core/document_preparing.html",
        {
            "doc": doc,
            "failed": doc.status == DocumentStatus.FAILED,
            "retry_after": RETRY_AFTER_SECONDS,
            "again_url": request.path,
        },
        status=202 if doc.status == DocumentStatus.PENDING else 503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _stored(doc: RenderedDocument) -> bytes | None:
    """The ready document's file, or None (not ready, or the file is gone)."""
    if doc.status != DocumentStatus.READY:
        return None
    try:
        with doc.file.open("rb") as fh:
            return fh.read()
    except FileNotFoundError:
        logger.warning(
            "Document %s (%s %s) lost its file: rendered again", doc.pk, doc.kind, doc.key
        )
        return None


def _get_or_create(kind, key, version, html, finish) -> RenderedDocument:
    doc = RenderedDocument.objects.filter(kind=kind, key=key, version=version).first()
    if doc is not None:
        return doc
    try:
        with transaction.atomic():
            doc = RenderedDocument.objects.create(
                kind=kind, key=key, version=version, source=html(True), finish=finish
            )
            _enqueue(doc.pk)
    except IntegrityError:  # another request made it a moment ago: that one renders
        return RenderedDocument.objects.get(kind=kind, key=key, version=version)
    doc.refresh_from_db()
    return doc


def _enqueue(doc_id: int) -> None:
    backend = task_backends[render_document.backend]
    if _same_transaction(backend):
        render_document.enqueue(doc_id)
    else:
        transaction.on_commit(lambda: render_document.enqueue(doc_id))


@task()
def render_document(doc_id: int) -> str:
    """Render one pending document and store it; what happened, in a word."""
    doc = RenderedDocument.objects.filter(pk=doc_id).first()
    if doc is None:
        return "gone"
    if doc.status != DocumentStatus.PENDING:
        return f"already {doc.status}"
    try:
        from weasyprint import HTML

        data = HTML(string=doc.source, base_url=str(settings.BASE_DIR)).write_pdf(
            pdf_variant="pdf/ua-1", pdf_tags=True
        )
        if doc.finish:
            data = import_string(doc.finish)(doc.key, data)
    except Exception as exc:  # recorded for the page and the log; the row says failed
        logger.exception("Document %s (%s %s) could not be rendered", doc.pk, doc.kind, doc.key)
        RenderedDocument.objects.filter(pk=doc.pk).update(
            status=DocumentStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:ERROR_LENGTH],
            updated_at=timezone.now(),
        )
        return "failed"
    extension = "zip" if data[:2] == b"PK" else "pdf"
    name = f"{doc.kind.replace('.', '-')}/{doc.key}/{doc.version}.{extension}"
    doc.file.save(name, ContentFile(data), save=False)
    updated = RenderedDocument.objects.filter(pk=doc.pk, status=DocumentStatus.PENDING).update(
        status=DocumentStatus.READY, file=doc.file.name, source="", updated_at=timezone.now()
    )
    if updated:
        return "ready"
    # Purged meanwhile, or another worker stored it first (under another name): ours is spare.
    kept = RenderedDocument.objects.filter(pk=doc.pk).values_list("file", flat=True).first()
    if kept != doc.file.name:
        doc.file.storage.delete(doc.file.name)
    return "already done"


def purge(*, now=None, keep_days: int | None = None, stdout=None) -> Counter:
    """Delete the rows and files of replaced versions that have not changed for ``keep_days``
    (default ``DRIEHOEK_DOCUMENT_KEEP_DAYS``): ready ones, and failed or stale (never finished)
    ones alike. The newest row of each document (kind and key) is never deleted. Each row goes
    with its own conditional DELETE and its file after it, so two runs at once delete it once.
    Returns the number deleted per status."""
    days = settings.DRIEHOEK_DOCUMENT_KEEP_DAYS if keep_days is None else keep_days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    newer = RenderedDocument.objects.filter(kind=OuterRef("kind"), key=OuterRef("key")).filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
    )
    old = RenderedDocument.objects.filter(Exists(newer), updated_at__lt=cutoff)
    deleted: Counter = Counter()
    for doc in old.only("pk", "kind", "key", "version", "status", "file").order_by("pk"):
        if not old.filter(pk=doc.pk).delete()[0]:
            continue  # another run deleted it, or it changed since
        if doc.file.name:
            try:
                doc.file.storage.delete(doc.file.name)
            except OSError:
                logger.exception(
                    "File %s of document %s could not be deleted", doc.file.name, doc.pk
                )
        deleted[doc.status] += 1
        if stdout is not None:
            stdout.write(
                f"  {doc.kind} {doc.key} version {doc.version[:12]}: {doc.status}, deleted"
            )
    return deleted


ORPHAN_GRACE = timedelta(hours=1)


def purge_orphan_files(*, now=None, stdout=None) -> int:
    """Delete files in the documents folder that no row points at and that are older than an
    hour (a render whose worker died after writing its file; a file left when a row went). A
    younger file may belong to a render that is about to save its row, so it stays."""
    storage = RenderedDocument._meta.get_field("file").storage
    known = set(RenderedDocument.objects.exclude(file="").values_list("file", flat=True))
    cutoff = (now or timezone.now()) - ORPHAN_GRACE
    removed = 0
    for path in _stored_files(storage, "documents"):
        if path in known or storage.get_modified_time(path) >= cutoff:
            continue
        storage.delete(path)
        removed += 1
        if stdout is not None:
            stdout.write(f"  {path}: no document points at it, deleted")
    return removed


def _stored_files(storage, folder: str):
    """Every file under ``folder`` of ``storage``, as storage names."""
    try:
        dirs, names = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in names:
        yield f"{folder}/{name}"
    for sub in dirs:
        yield from _stored_files(storage, f"{folder}/{sub}")
