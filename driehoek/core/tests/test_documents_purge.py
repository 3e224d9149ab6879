"""Purging old versions of rendered documents (core.documents.purge, manage.py
purge_rendered_documents): replaced versions unchanged for the keep period go with their files,
the newest version of each document never does, and a second run finds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from driehoek.agreements.models import Commitment
from driehoek.agreements.tests.factories import make_agreement
from driehoek.core import documents
from driehoek.core.models import DocumentStatus, RenderedDocument

pytestmark = pytest.mark.django_db

START = "2026-11-02T09:00"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DRIEHOEK_DOCUMENT_KEEP_DAYS = 7
    return tmp_path


def _doc(version: str, *, key: str = "k1", status=DocumentStatus.READY, error: str = ""):
    """A row as ``serve`` and the task leave it, made at the clock's moment."""
    doc = RenderedDocument.objects.create(
        kind="test.doc", key=key, version=version, status=status, error=error
    )
    if status == DocumentStatus.READY:
        doc.file.save(f"test-doc/{key}/{version}.pdf", ContentFile(b"%PDF-" + version.encode()))
    return doc


def _files(root) -> set[str]:
    return {p.name for p in (root / "documents").rglob("*") if p.is_file()}


def _purge(**options) -> str:
    out = io.StringIO()
    call_command("purge_rendered_documents", stdout=out, **options)
    return out.getvalue()


def test_replaced_versions_past_the_keep_period_go_with_their_files(clock, media):
    clock.travel_to(START)
    v1 = _doc("v1")
    clock.travel_to("2026-11-03T09:00")
    v2 = _doc("v2")
    clock.travel_to("2026-11-08T09:00")
    v3 = _doc("v3")  # the newest: kept whatever its age
    lone = _doc("only", key="k2")  # the one version of another document
    clock.travel_to("2026-11-10T12:00")  # v1 is 8 days old, v2 7 days and 3 hours
    out = _purge()
    assert set(RenderedDocument.objects.values_list("version", flat=True)) == {"v3", "only"}
    assert _files(media) == {"v3.pdf", "only.pdf"}
    assert "test.doc k1 version v1: ready, deleted" in out
    assert "Done: 2 old version(s) deleted (0 pending, 2 ready, 0 failed)." in out
    assert not RenderedDocument.objects.filter(pk__in=[v1.pk, v2.pk]).exists()
    clock.travel_to("2027-06-01T12:00")  # months later the newest versions are still there
    assert "Done: 0 old version(s)" in _purge()
    assert {v3.pk, lone.pk} == set(RenderedDocument.objects.values_list("pk", flat=True))


def test_a_replaced_version_within_the_keep_period_stays(clock, media):
    clock.travel_to(START)
    _doc("v1")
    clock.travel_to("2026-11-08T09:00")
    _doc("v2")
    clock.travel_to("2026-11-09T08:59")  # v1 is 6 days 23 h 59 min old
    _purge()
    assert RenderedDocument.objects.count() == 2 and _files(media) == {"v1.pdf", "v2.pdf"}


def test_failed_and_stale_versions_go_but_a_failed_newest_stays(clock, media):
    clock.travel_to(START)
    _doc("ok")
    failed = _doc("broken", status=DocumentStatus.FAILED, error="OSError: no fonts")
    stale = _doc("stuck", status=DocumentStatus.PENDING)  # its worker died, nobody asked again
    newest = _doc("newest", status=DocumentStatus.FAILED, error="OSError: no fonts")
    clock.travel_to("2026-11-20T09:00")
    out = _purge()
    assert list(RenderedDocument.objects.values_list("pk", flat=True)) == [newest.pk]
    assert "(1 pending, 1 ready, 1 failed)" in out
    assert _files(media) == set()
    assert not RenderedDocument.objects.filter(pk__in=[failed.pk, stale.pk]).exists()


def test_rows_made_at_the_same_moment_keep_the_last_one(clock):
    clock.travel_to(START, tick=False)
    rows = [_doc(f"v{n}") for n in range(3)]
    clock.travel_to("2026-12-01T09:00")
    assert documents.purge().total() == 2
    assert list(RenderedDocument.objects.values_list("pk", flat=True)) == [rows[-1].pk]


def test_a_second_run_deletes_nothing_more(clock, media):
    clock.travel_to(START)
    _doc("v1")
    _doc("v2")
    clock.travel_to("2026-11-12T09:00")
    assert documents.purge().total() == 1
    assert documents.purge().total() == 0
    assert "Done: 0 old version(s) deleted" in _purge()
    assert _files(media) == {"v2.pdf"}


def test_the_keep_period_comes_from_the_setting_or_the_option(clock, settings):
    clock.travel_to(START)
    _doc("v1")
    _doc("v2")
    clock.travel_to("2026-11-12T09:00")  # 10 days later
    settings.DRIEHOEK_DOCUMENT_KEEP_DAYS = 30
    assert "unchanged for 30 day(s)" in _purge()
    assert RenderedDocument.objects.count() == 2
    _purge(days=9)
    assert RenderedDocument.objects.count() == 1
    with pytest.raises(CommandError):
        _purge(days=-1)


def test_a_version_retried_while_the_purge_runs_stays(clock):
    """Each row is deleted with the purge's own conditions: one that changed after the purge
    found it (here: retried while the row before it was being deleted) is left alone."""
    clock.travel_to(START)
    _doc("v1", status=DocumentStatus.FAILED)
    second = _doc("v2", status=DocumentStatus.FAILED)
    _doc("v3")
    clock.travel_to("2026-11-20T09:00")

    class RetrySecond(io.StringIO):
        def write(self, text):  # the first row went: someone asks to retry the second now
            RenderedDocument.objects.filter(pk=second.pk).update(
                status=DocumentStatus.PENDING, updated_at=timezone.now()
            )
            return super().write(text)

    assert documents.purge(stdout=RetrySecond()) == {DocumentStatus.FAILED: 1}
    assert RenderedDocument.objects.filter(pk=second.pk).exists()


def test_the_package_after_a_purge(world, client_for, clock, media, monkeypatch):
    """End to end: the old version of the package goes, the current one is served from storage
    without rendering again, and a file that is gone is rendered again instead of an error."""
    clock.travel_to(START)
    agreement = make_agreement(world)
    url = reverse("agreements:package", kwargs={"agreement_id": agreement.uuid})
    client = client_for(world.users["viewer"])
    assert client.get(url).status_code == 200
    commitment = Commitment.objects.filter(agreement=agreement).first()
    Commitment.objects.filter(pk=commitment.pk).update(title="Nieuwe titel van de afspraak")
    current = client.get(url).content
    assert RenderedDocument.objects.count() == 2
    clock.travel_to("2026-11-12T09:00")
    _purge()
    [doc] = RenderedDocument.objects.all()
    assert _files(media) == {doc.file.name.rsplit("/", 1)[-1]}

    import weasyprint

    real = weasyprint.HTML.write_pdf
    renders = []

    def counted(self, *args, **kwargs):
        renders.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    again = client.get(url)
    assert again.status_code == 200 and again.content == current and renders == []
    doc.file.storage.delete(doc.file.name)  # gone between finding the row and reading it
    response = client.get(url)
    assert response.status_code == 200 and response.content[:2] == b"PK" and renders == [1]
    [fresh] = RenderedDocument.objects.all()
    assert fresh.status == DocumentStatus.READY and fresh.file.storage.exists(fresh.file.name)


def purged_during_render(key: str, pdf: bytes) -> bytes:
    """A finishing step during which a purge deletes the row (see the next test)."""
    RenderedDocument.objects.filter(key=key).delete()
    return pdf


def test_a_render_whose_row_was_purged_meanwhile_leaves_no_file(clock, media):
    clock.travel_to(START)
    doc = RenderedDocument.objects.create(
        kind="test.doc",
        key="k9",
        version="v1",
        source="<p>Hallo</p>",
        finish=f"{__name__}.purged_during_render",
    )
    assert documents.render_document.call(doc.pk) == "already done"
    assert not RenderedDocument.objects.exists()
    assert _files(media) == set()


def test_files_no_row_points_at_go_after_an_hour(clock, media):
    """A render whose worker died after writing its file leaves a file without a row: the purge
    deletes it once it is an hour old, and keeps the files rows point at and younger files."""
    import os

    clock.travel_to(START)
    kept = _doc("v1")
    folder = media / "documents" / "test-doc" / "gone"
    folder.mkdir(parents=True)
    old, young = folder / "old.pdf", folder / "young.pdf"
    for path in (old, young):
        path.write_bytes(b"%PDF-spare")
    now = timezone.now().timestamp()
    os.utime(old, (now - 2 * 3600, now - 2 * 3600))
    os.utime(young, (now - 10 * 60, now - 10 * 60))
    out = _purge()
    assert not old.exists() and young.exists()
    assert _files(media) == {"v1.pdf", "young.pdf"}
    assert "documents/test-doc/gone/old.pdf: no document points at it, deleted" in out
    assert "1 file(s) that no document pointed at deleted." in out
    assert RenderedDocument.objects.get() == kept
    assert "0 file(s) that no document pointed at deleted." in _purge()
