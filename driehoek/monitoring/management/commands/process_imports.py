"""Cron/systemd timer (e.g. every minute): process pending progress imports. Idempotent: a job is
claimed with one conditional update, so running it twice, or next to the background thread,
processes every job once; jobs whose worker died (no progress for 15 minutes) are redone."""

from django.core.management.base import BaseCommand

from driehoek.monitoring.imports import process_pending


class Command(BaseCommand):
    help = "Process pending progress imports (validate every row, then save all or nothing)."

    def handle(self, *args, **options):
        jobs = process_pending()
        for job in jobs:
            self.stdout.write(f"{job.uuid}: {job.status}, {job.rows_done}/{job.rows_total} rows")
        self.stdout.write(f"{len(jobs)} import(s) processed.")
