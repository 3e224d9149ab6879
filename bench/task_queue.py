"""Throughput of the task engine's database backend against calling the same function inline.

Enqueues N tasks on django-tasks-db (one INSERT each, as the app does after a commit), then
runs them with one in-process ``db_worker`` (claim with SELECT … FOR UPDATE SKIP LOCKED, run,
record the result), and compares tasks per second with N plain calls of the function. Uses its
own database (``bench/out/task_queue.sqlite3``, made afresh; or DATABASE_URL, e.g. an empty
PostgreSQL database). Not part of ``make test``.

    .venv/bin/python bench/task_queue.py                    # 2,000 tasks on SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/driehoek_bench_tasks \\
        .venv/bin/python bench/task_queue.py --tasks 5000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import own_database  # noqa: E402

DB = own_database.environment("task_queue.sqlite3")

from django_tasks import task  # noqa: E402  (needs the settings module above)


@task()
def add(a: int, b: int) -> int:
    """Small work: what is left is the queue's own cost."""
    return a + b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    args = parser.parse_args()
    own_database.setup(DB, "django_tasks_database")
    import logging

    from django.db import connection
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    import bench.task_queue as bench_tasks  # the task by its importable path, for the worker

    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
    n = args.tasks
    DBTaskResult.objects.all().delete()

    start = time.perf_counter()
    total = sum(bench_tasks.add.call(i, 1) for i in range(n))
    inline = time.perf_counter() - start

    start = time.perf_counter()
    for i in range(n):
        bench_tasks.add.enqueue(i, 1)
    enqueued = time.perf_counter() - start

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="bench",
        excluded_queue_names=[],
    )
    start = time.perf_counter()
    worker.run()
    ran = time.perf_counter() - start

    done = DBTaskResult.objects.filter(status="SUCCESSFUL")
    assert done.count() == n, f"{done.count()} of {n} tasks succeeded"
    assert sum(r.return_value for r in done) == total

    queued = enqueued + ran
    print(f"database: {connection.vendor}, {n} tasks")
    print(f"inline calls          {n / inline:12,.0f} tasks/s")
    print(f"enqueue               {n / enqueued:12,.0f} tasks/s")
    print(f"worker run            {n / ran:12,.0f} tasks/s  (one db_worker)")
    print(f"enqueue + run         {n / queued:12,.0f} tasks/s")
    print(f"ratio queued / inline {inline / queued:12.6f}")
    print(f"cost per queued task  {queued / n * 1000:12.3f} ms")


if __name__ == "__main__":
    main()
