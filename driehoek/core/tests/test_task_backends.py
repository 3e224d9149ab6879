"""The task engine's backends as production runs them: the queue on Redis (django-tasks-rq,
worked by ``manage.py rqworker``) and the database queue shared by two ``db_worker`` processes.

Both start real worker processes (``manage.py``) that import the test tasks from
``tasks_for_tests`` and reach the same queue (and, for the database, the test database).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from .tasks_for_tests import RUNS_TABLE, note_run, record_run

MANAGE = Path(django_settings.BASE_DIR) / "manage.py"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# A Redis database of its own, so the tests never see the queue of a running development server.
REDIS_URL = f"redis://{REDIS_HOST}:{REDIS_PORT}/15"
WORKER_TIMEOUT = 180  # seconds; a worker still running then has hung


def _redis_up() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


def worker_env(**extra: str) -> dict[str, str]:
    """The environment of a worker process: production settings (not the test settings, which
    run tasks at once) with a throwaway secret key; ``extra`` on top."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("DRIEHOEK_TESTING", None)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=uuid.uuid4().hex * 2,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(MANAGE), *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def finish(process: subprocess.Popen) -> str:
    """Wait for a worker that should stop by itself; its output (for the assertion message)."""
    try:
        out, _ = process.communicate(timeout=WORKER_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        out, _ = process.communicate()
        pytest.fail(f"worker {process.args} did not stop within {WORKER_TIMEOUT} s:\n{out}")
    assert process.returncode == 0, out
    return out


@pytest.mark.skipif(
    not _redis_up(), reason=f"needs Redis on {REDIS_HOST}:{REDIS_PORT} (start redis-server)"
)
def test_rq_backend_runs_a_task_once_in_an_rqworker(settings, tmp_path):
    """DRIEHOEK_TASKS_BACKEND=rq: the task goes to Redis, `manage.py rqworker --burst` runs it
    once, and its result (status, return value, worker) is visible to the app."""
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    from django_tasks import task_backends
    from django_tasks_rq import RQBackend

    assert isinstance(task_backends["default"], RQBackend)
    runs = tmp_path / "runs.txt"
    key = uuid.uuid4().hex
    result = note_run.enqueue(key, str(runs))
    assert result.status == "READY"
    assert not runs.exists()  # queued, not run in this process
    env = worker_env(
        DRIEHOEK_TASKS_BACKEND="rq",
        DRIEHOEK_REDIS_URL=REDIS_URL,
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    )
    for _ in range(2):  # a second burst finds nothing more to do
        finish(manage("rqworker", "--burst", "default", env=env))
    lines = runs.read_text().splitlines()
    assert len(lines) == 1 and lines[0].split()[0] == key
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == key
    assert len(result.worker_ids) == 1


def test_rq_is_chosen_by_the_environment():
    """DRIEHOEK_TASKS_BACKEND=rq selects RQBackend with its queue on DRIEHOEK_REDIS_URL, and
    the worker's job class runs django-tasks' tasks (checked in a fresh settings process)."""
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TASKS['default']['BACKEND'], s.RQ_QUEUES['default']['URL'], "
        "s.RQ['JOB_CLASS'], 'django_rq' in s.INSTALLED_APPS)"
    )
    env = worker_env(DRIEHOEK_TASKS_BACKEND="rq", DRIEHOEK_REDIS_URL="redis://127.0.0.2:6380/2")
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == [
        "django_tasks_rq.RQBackend",
        "redis://127.0.0.2:6380/2",
        "django_tasks_rq.Job",
        "True",
    ]
    env["DRIEHOEK_TASKS_BACKEND"] = "database"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[0] == "django_tasks_db.DatabaseBackend" and out[-1] == "False"


TASKS = 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_db_workers_share_one_queue_and_run_each_task_once(settings):
    """200 tasks on the database queue, two `db_worker --batch` processes at once: every task
    runs exactly once (one row per task key, no duplicates), and both workers took a share."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two worker processes cannot share SQLite's test database")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {RUNS_TABLE} (task_key text NOT NULL, pid integer NOT NULL)")
    try:
        keys = [f"task-{i}" for i in range(TASKS)]
        for key in keys:
            record_run.enqueue(key, 0.05)  # about 10 s of work for one worker alone
        db = connection.settings_dict
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
        env = worker_env(DATABASE_URL=url, DRIEHOEK_TASKS_BACKEND="database")
        args = ("db_worker", "--batch", "--interval", "0.1", "--no-startup-delay", "--no-reload")
        workers = [manage(*args, "--worker-id", f"worker-{n}", env=env) for n in (1, 2)]
        for worker in workers:
            finish(worker)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*), count(DISTINCT task_key), count(DISTINCT pid) FROM {RUNS_TABLE}"  # noqa: S608
            )
            rows, distinct, pids = cursor.fetchone()
            cursor.execute(f"SELECT task_key FROM {RUNS_TABLE}")  # noqa: S608
            seen = {key for (key,) in cursor.fetchall()}
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {RUNS_TABLE}")
    assert (rows, distinct) == (TASKS, TASKS), "a task ran twice or not at all"
    assert seen == set(keys)
    assert pids == 2, "one worker did all the work: the queue was not shared"
    results = DBTaskResult.objects.all()
    assert results.count() == TASKS
    assert set(results.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert all(len(r.worker_ids) == 1 for r in results)
    assert {r.worker_ids[0] for r in results} == {"worker-1", "worker-2"}
