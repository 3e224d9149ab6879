"""Work of the monitoring app that runs outside the request, on the task engine (django-tasks).

Enqueue after commit; a worker (``manage.py db_worker``, started by ``make run``, or
``manage.py rqworker`` with DRIEHOEK_TASKS_BACKEND=rq) runs it. The job itself is idempotent
(``imports.process_job`` claims it with one conditional UPDATE), so a task that runs twice or a
cron ``process_imports`` next to it does no harm.

Neither task backend runs again a task whose worker died (django-tasks-db leaves it RUNNING,
RQ moves it to its failed registry), so the import keeps its own heartbeat: every import task
first hands out again the jobs whose heartbeat is older than
``DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT`` (``imports.jobs.release_stale``), as does
``process_imports`` every minute from cron.
"""

from __future__ import annotations

from django_tasks import task


@task()
def process_import(job_id: int) -> str:
    from .imports import jobs

    jobs.release_stale(enqueue=True)
    job = jobs.process_job(job_id)
    return job.status if job is not None else "already taken"
