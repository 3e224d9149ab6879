"""Work of the monitoring app that runs outside the request, on the task engine (django-tasks).

Enqueue after commit; a worker (``manage.py db_worker``, started by ``make run``) runs it. The
job itself is idempotent (``imports.process_job`` claims it with one conditional UPDATE), so a
task that runs twice or a cron ``process_imports`` next to it does no harm.
"""

from __future__ import annotations

from django_tasks import task


@task()
def process_import(job_id: int) -> str:
    from . import imports

    job = imports.process_job(job_id)
    return job.status if job is not None else "already taken"
