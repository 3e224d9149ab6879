"""Import jobs: progress per chunk, errors per row, all or nothing, the worker and who sees a job."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from driehoek.monitoring import imports
from driehoek.monitoring.models import ImportJob, ImportStatus, ProgressReport

from .factories import make_agreement, make_commitment, make_report


@pytest.fixture
def setup(world):
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(agreement, world.corporatie, targets={2026: 100}, title="Nieuwbouw")
    return {
        "agreement": agreement,
        "homes": homes,
        "corp": world.member(world.corporatie, "editor"),
    }


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["referentie", "jaar", "kwartaal", "gerealiseerd", "status", "toelichting"])
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("voortgang.xlsx", buf.getvalue())


def _rows(ref, n):
    """n valid rows for distinct periods: quarters 1-4 of 2026, then whole rows repeat refs."""
    return [(ref, 2026, q, 10 * q, "op koers") for q in range(1, n + 1)]


def test_progress_is_recorded_per_chunk_in_its_own_write(setup, monkeypatch):
    monkeypatch.setattr(imports.checking, "CHUNK", 2)
    seen = []
    original = imports.jobs._progress

    def spy(job, **fields):
        original(job, **fields)
        seen.append(ImportJob.objects.values_list("status", "rows_done").get(pk=job.pk))

    monkeypatch.setattr(imports.jobs, "_progress", spy)
    ref = setup["homes"].reference
    job, rows = imports.import_start(
        actor=setup["corp"], agreement=setup["agreement"], upload=_xlsx(_rows(ref, 4))
    )
    assert job.status == ImportStatus.PENDING and job.rows_total == 4 and job.file
    done = imports.process_job(job.pk)
    # Read by another query after every chunk: 0 of 4, then 2 and 4 rows checked, then saving.
    assert [r for s, r in seen if s == ImportStatus.VALIDATING] == [0, 2, 4]
    assert seen[-1][0] == ImportStatus.SAVING
    assert done.status == ImportStatus.DONE and done.created_count == 4
    assert [c["rows"] for c in done.chunks] == [2, 2]
    assert not done.file  # the temporary file is removed
    assert ProgressReport.objects.count() == 4
    assert imports.process_job(job.pk) is None  # idempotent: a done job is not processed again


def test_errors_per_row_in_dutch_and_nothing_saved(setup, client_for, monkeypatch):
    monkeypatch.setattr(imports.checking, "CHUNK", 2)
    ref = setup["homes"].reference
    existing = make_report(setup["homes"], quarter=1, realised=5)
    rows = [
        (ref, 2026, 1, 20, "op koers"),  # a correction of the existing report
        (ref, 2026, 2, 30, "op koers"),
        (ref, 2026, 3, 40, "op koers"),
        (ref, 2026, 4, "veel", "op koers"),  # the only error, in the last chunk
    ]
    client = client_for(setup["corp"])
    resp = client.post(
        reverse("monitoring:import", args=[setup["agreement"].uuid]), {"file": _xlsx(rows)}
    )
    assert resp.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert [row for row, _ in job.errors] == [5]
    assert "geen getal" in job.errors[0][1]
    assert ProgressReport.objects.count() == 1
    existing.refresh_from_db()
    assert existing.realised == 5
    page = client.get(resp.url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Er is niets opgeslagen" in body and "veel" in body
    assert 'http-equiv="refresh"' not in body  # finished: no more refreshing


def test_nothing_saved_when_saving_fails(setup, monkeypatch):
    ref = setup["homes"].reference
    job, rows = imports.import_start(
        actor=setup["corp"], agreement=setup["agreement"], upload=_xlsx(_rows(ref, 3))
    )

    def boom(keys):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports.checking, "set_latest_flags", boom)
    done = imports.process_job(job.pk, rows=rows)
    assert done.status == ImportStatus.FAILED
    assert done.errors[0][0] == 0 and "fout" in done.errors[0][1]
    assert not ProgressReport.objects.exists()


def test_large_file_waits_for_the_worker_and_page_refreshes(setup, client_for, settings):
    settings.MONITORING_IMPORT_QUEUE = False  # only the cron command processes it
    ref = setup["homes"].reference
    client = client_for(setup["corp"])
    url = reverse("monitoring:import", args=[setup["agreement"].uuid])
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(imports, "INLINE_ROWS", 3)
        resp = client.post(url, {"file": _xlsx(_rows(ref, 4))})
    assert resp.status_code == 302
    page = client.get(resp.url).content.decode()
    assert 'http-equiv="refresh" content="2"' in page
    assert "wacht" in page
    out = io.StringIO()
    call_command("process_imports", stdout=out)
    assert "1 import(s)" in out.getvalue()
    page = client.get(resp.url).content.decode()
    assert "Alle 4 regels zijn opgeslagen" in page
    assert 'http-equiv="refresh"' not in page
    call_command("process_imports", stdout=out)  # nothing left to do
    assert ProgressReport.objects.count() == 4


def test_stalled_job_is_handed_out_again(setup):
    ref = setup["homes"].reference
    job, _ = imports.import_start(
        actor=setup["corp"], agreement=setup["agreement"], upload=_xlsx(_rows(ref, 2))
    )
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.VALIDATING, updated_at=timezone.now() - timedelta(hours=1)
    )
    [done] = imports.process_pending()
    assert done.status == ImportStatus.DONE
    assert ProgressReport.objects.count() == 2


def test_job_page_is_404_for_another_organisation(setup, world, client_for):
    from driehoek.organisations.tests.factories import OrganisationFactory

    ref = setup["homes"].reference
    job, rows = imports.import_start(
        actor=setup["corp"], agreement=setup["agreement"], upload=_xlsx(_rows(ref, 1))
    )
    imports.process_job(job.pk, rows=rows)
    url = reverse("monitoring:import_job", args=[setup["agreement"].uuid, job.uuid])
    assert client_for(setup["corp"]).get(url).status_code == 200
    assert client_for(world.users["outsider"]).get(url).status_code == 404
    stranger = world.member(OrganisationFactory(), "admin")
    assert client_for(stranger).get(url).status_code == 404
    # A job of another agreement is not found under this agreement's address either.
    other = make_agreement(world.gemeente, world.corporatie, world.huurders)
    wrong = reverse("monitoring:import_job", args=[other.uuid, job.uuid])
    assert client_for(setup["corp"]).get(wrong).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_large_import_goes_on_the_task_queue_after_commit(world, settings):
    """The job is enqueued on the task engine (database backend, as on `make run`) only when the
    upload has committed, and a worker run completes it."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(agreement, world.corporatie, targets={2026: 100})
    corp = world.member(world.corporatie, "editor")
    with transaction.atomic():
        job, _ = imports.import_start(
            actor=corp, agreement=agreement, upload=_xlsx(_rows(homes.reference, 2))
        )
        imports.process_in_background(job.pk)
        assert not DBTaskResult.objects.exists()  # nothing queued before the commit
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["args"] == [job.pk]
    call_command("db_worker", batch=True, interval=0, startup_delay=False, stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert ProgressReport.objects.count() == 2


def test_admin_lists_import_jobs_read_only(setup, client_for):
    from django.contrib.auth import get_user_model

    ref = setup["homes"].reference
    job, rows = imports.import_start(
        actor=setup["corp"], agreement=setup["agreement"], upload=_xlsx(_rows(ref, 1))
    )
    imports.process_job(job.pk, rows=rows)
    admin = get_user_model().objects.create_superuser(email="root@example.org", password="x")
    client = client_for(admin)
    assert client.get(reverse("admin:monitoring_importjob_changelist")).status_code == 200
    page = client.get(reverse("admin:monitoring_importjob_change", args=[job.pk]))
    assert page.status_code == 200
    assert client.get(reverse("admin:monitoring_importjob_add")).status_code == 403


def test_progress_tries_again_when_sqlite_says_locked(setup, monkeypatch):
    """A page reading the job can make SQLite answer "table is locked" at once: progress is
    written on a later try, and any other database error still ends the import."""
    from django import db as django_db
    from django.db.models import QuerySet

    imports_module = imports.jobs

    calls = []
    original = QuerySet.update

    def flaky_update(self, **kwargs):
        calls.append(kwargs)
        if self.model is ImportJob and len(calls) <= 2:
            raise django_db.OperationalError("database table is locked: monitoring_importjob")
        return original(self, **kwargs)

    job, _ = imports.import_start(
        actor=setup["corp"],
        agreement=setup["agreement"],
        upload=_xlsx(_rows(setup["homes"].reference, 2)),
    )
    monkeypatch.setattr(QuerySet, "update", flaky_update)
    monkeypatch.setattr(imports_module.time, "sleep", lambda s: None)
    imports_module._progress(job, rows_done=7)
    assert len(calls) == 3
    assert ImportJob.objects.get(pk=job.pk).rows_done == 7

    def broken_update(self, **kwargs):
        raise django_db.OperationalError("disk I/O error")

    monkeypatch.setattr(QuerySet, "update", broken_update)
    with pytest.raises(django_db.OperationalError):
        imports_module._progress(job, rows_done=8)
