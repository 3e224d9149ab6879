"""Tasks for the task-engine tests only: a worker process imports them by their path."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.db import connection
from django_tasks import task

RUNS_TABLE = "test_task_runs"


@task()
def note_run(key: str, path: str) -> str:
    """Append ``key`` and this process's id to the file at ``path``; returns ``key``."""
    with Path(path).open("a", encoding="utf-8") as f:
        f.write(f"{key} {os.getpid()}\n")
    return key


@task()
def record_run(key: str, pause: float = 0.0) -> int:
    """Insert one row (key, worker process) into RUNS_TABLE, which the test creates."""
    if pause:
        time.sleep(pause)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {RUNS_TABLE} (task_key, pid) VALUES (%s, %s)",  # noqa: S608
            [key, os.getpid()],
        )
    return os.getpid()


@task()
def import_and_hang(job_id: int, marker: str) -> str:
    """Process an import job, but stop inside its saving transaction, once every row is written
    and before it commits: write the number of rows seen to ``marker`` and wait to be killed."""
    from driehoek.monitoring.imports import checking, jobs
    from driehoek.monitoring.models import ProgressReport

    def hang(keys):
        Path(marker).write_text(str(ProgressReport.objects.count()), encoding="utf-8")
        time.sleep(600)

    checking.set_latest_flags = hang
    job = jobs.process_job(job_id)
    return str(job and job.status)
