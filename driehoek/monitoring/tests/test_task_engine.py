"""A killed import worker: nothing half-saved, the job is taken up again as soon as its
heartbeat is stale (DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT), every row saved exactly once; a worker
whose job was taken over saves nothing. On PostgreSQL a real `db_worker` process is killed
(SIGKILL) inside the saving transaction."""

from __future__ import annotations

import io
import signal
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from driehoek.monitoring import imports
from driehoek.monitoring.imports import jobs
from driehoek.monitoring.models import ImportJob, ImportStatus, ProgressReport
from driehoek.monitoring.tasks import process_import

from .factories import make_agreement, make_commitment
from .test_imports import _xlsx


@pytest.fixture(autouse=True)
def _fixed_clock(clock):
    """These tests name the year 2026: they run from 1 December 2026 (time moves on: heartbeats age), whatever today is."""
    clock.travel_to("2026-12-01T10:00", tick=True)


class Killed(BaseException):
    """Stands for SIGKILL: no handler of the import sees it; the saving transaction rolls back
    as PostgreSQL does for a connection that died."""


@pytest.fixture
def big(world):
    """An agreement with three commitments and a file of 12 rows (stored: a worker's job)."""
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    refs = [
        make_commitment(agreement, world.corporatie, targets={2026: 100}).reference
        for _ in range(3)
    ]
    rows = [(ref, 2026, q, 10 * q, "op koers") for ref in refs for q in range(1, 5)]
    corp = world.member(world.corporatie, "editor")

    def start():
        job, _ = imports.import_start(actor=corp, agreement=agreement, upload=_xlsx(rows))
        return job

    return {"agreement": agreement, "rows": len(rows), "start": start}


def _die_while_saving(monkeypatch):
    """The next save stops after its rows are written, before it commits."""
    real = imports.checking.set_latest_flags

    def die(keys):
        assert ProgressReport.objects.exists()  # written inside the saving transaction …
        raise Killed

    monkeypatch.setattr(imports.checking, "set_latest_flags", die)
    return lambda: monkeypatch.setattr(imports.checking, "set_latest_flags", real)


def _age(job, seconds):
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(seconds=seconds)
    )


def _saved_once(count):
    assert ProgressReport.objects.count() == count
    dupes = (
        ProgressReport.objects.values("commitment", "period_year", "period_quarter")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert not dupes.exists()


def test_killed_worker_saves_nothing_and_its_job_is_taken_up_when_stale(
    big, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT = 60
    job = big["start"]()
    revive = _die_while_saving(monkeypatch)
    with pytest.raises(Killed):
        jobs.process_job(job.pk)
    revive()
    job.refresh_from_db()
    # … and nothing of it is left: all or nothing.
    assert not ProgressReport.objects.exists()
    assert job.status == ImportStatus.SAVING and job.file  # as a dead worker leaves it
    # A fresh heartbeat: the worker may still be alive, so nobody takes the job yet.
    _age(job, 30)
    assert jobs.release_stale() == []
    assert call_command("process_imports", stdout=io.StringIO()) is None
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.SAVING
    # Past the heartbeat timeout (not 15 minutes): the next import task takes it up at once.
    _age(job, 61)
    other = big["start"]()
    with django_capture_on_commit_callbacks(execute=True):  # a worker runs in autocommit
        assert process_import.call(other.pk) == ImportStatus.DONE
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and not job.file
    assert job.created_count + job.updated_count == big["rows"]
    # Both files hold the same 12 rows: whichever saved second corrected them, added none.
    _saved_once(big["rows"])


@pytest.mark.django_db(transaction=True)  # db_worker closes old connections
def test_cron_takes_up_a_stale_job_and_enqueue_hands_it_to_the_workers(
    big, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT = 5
    job = big["start"]()
    revive = _die_while_saving(monkeypatch)
    with pytest.raises(Killed):
        jobs.process_job(job.pk)
    revive()
    _age(job, 6)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("process_imports", "--enqueue", stdout=out)
    assert "1 stale import(s) handed out again, 1 enqueued" in out.getvalue()
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PENDING
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["args"] == [job.pk]
    call_command("process_imports", stdout=out)  # cron: processes it here
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
    _saved_once(big["rows"])
    # The queued task finds the job done: nothing saved twice.
    call_command("db_worker", batch=True, interval=0, startup_delay=False, stdout=io.StringIO())
    assert DBTaskResult.objects.get().return_value == "already taken"
    _saved_once(big["rows"])


def test_a_worker_whose_job_was_taken_over_saves_nothing(big, monkeypatch):
    """Worker A is slow (no heartbeat past the timeout): the job goes to worker B, who saves
    it. When A wakes up its next heartbeat finds the job is no longer its own: A stops."""
    job = big["start"]()
    real = imports.jobs.validate_rows

    def slow_then_taken_over(**kwargs):
        valid = real(**kwargs)
        monkeypatch.setattr(imports.jobs, "validate_rows", real)  # worker B is not slow
        _age(job, 3600)
        [released] = jobs.release_stale()
        assert jobs.process_job(released).status == ImportStatus.DONE  # worker B
        return valid

    monkeypatch.setattr(imports.jobs, "validate_rows", slow_then_taken_over)
    assert jobs.process_job(job.pk) is None  # worker A
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
    _saved_once(big["rows"])


@pytest.mark.django_db(transaction=True)  # db_worker closes old connections
def test_a_stopped_worker_hands_its_job_back_at_once(
    big, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """SIGTERM twice (db_worker exits from inside the task): the job is pending again and
    enqueued for the next worker, without waiting for the heartbeat timeout."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    job = big["start"]()

    def stop(keys):
        raise SystemExit(1)

    monkeypatch.setattr(imports.checking, "set_latest_flags", stop)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(SystemExit):
        jobs.process_job(job.pk)
    monkeypatch.undo()
    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING and job.file
    assert not ProgressReport.objects.exists()
    call_command("db_worker", batch=True, interval=0, startup_delay=False, stdout=io.StringIO())
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
    _saved_once(big["rows"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_db_worker_killed_inside_the_saving_transaction(big, settings, tmp_path):
    """A real `db_worker` process is SIGKILLed while its import's rows are written but not
    committed: PostgreSQL keeps none of them; once the heartbeat is stale the next run
    completes the job with every row saved exactly once."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a worker process cannot share SQLite's test database")
    from driehoek.core.tests.test_task_backends import manage, worker_env

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from driehoek.core.tests.tasks_for_tests import import_and_hang

    job = big["start"]()
    marker = tmp_path / "saving"
    import_and_hang.enqueue(job.pk, str(marker))
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = worker_env(DATABASE_URL=url, DRIEHOEK_MEDIA_ROOT=str(settings.MEDIA_ROOT))
    worker = manage("db_worker", "--no-startup-delay", "--no-reload", env=env)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert worker.poll() is None, worker.communicate()[0]
            assert time.monotonic() < deadline, "the worker never reached the saving step"
            time.sleep(0.1)
        assert marker.read_text() == str(big["rows"])  # rows written, not committed
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    job.refresh_from_db()
    assert job.status == ImportStatus.SAVING and job.file
    for _ in range(50):  # PostgreSQL ends the dead connection's transaction
        if not ProgressReport.objects.exists():
            break
        time.sleep(0.1)
    assert not ProgressReport.objects.exists()
    _age(job, settings.DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT + 1)
    out = io.StringIO()
    call_command("process_imports", stdout=out)
    assert "1 import(s) processed" in out.getvalue()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == big["rows"]
    _saved_once(big["rows"])
