"""Cron/systemd timer (every minute): hand out again the imports whose worker died (no heartbeat
for DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT seconds, default 60), then process the pending ones here.
Idempotent: a job is claimed with one conditional update, so running it twice, or next to the
task workers, processes every job once.

``--enqueue`` processes nothing here: it puts the stale and pending jobs on the task queue for
the workers (e.g. when a worker starts); a job queued twice is still processed once."""

from django.core.management.base import BaseCommand

from driehoek.monitoring.imports import jobs as import_jobs
from driehoek.monitoring.models import ImportJob, ImportStatus


class Command(BaseCommand):
    help = "Process pending progress imports (validate every row, then save all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Put stale and pending imports on the task queue instead of processing them here.",
        )

    def handle(self, *args, **options):
        if options["enqueue"]:
            released = import_jobs.release_stale()
            pending = list(
                ImportJob.objects.filter(status=ImportStatus.PENDING).values_list("pk", flat=True)
            )
            for pk in pending:
                import_jobs.process_in_background(pk)
            self.stdout.write(
                f"{len(released)} stale import(s) handed out again, {len(pending)} enqueued."
            )
            return
        jobs = import_jobs.process_pending()
        for job in jobs:
            self.stdout.write(f"{job.uuid}: {job.status}, {job.rows_done}/{job.rows_total} rows")
        self.stdout.write(f"{len(jobs)} import(s) processed.")
