"""Daily (cron): delete the rendered documents (core.RenderedDocument rows and their files) of
versions that a newer version of the same document replaced and that have not changed for
DRIEHOEK_DOCUMENT_KEEP_DAYS days (default 7), failed and never finished ones included. The
newest version of each document is always kept. Files in the documents folder that no row points
at and that are older than an hour go too. Idempotent: a second run, also at the same
time on another server, finds nothing more to delete."""

from driehoek.core.documents import purge, purge_orphan_files
from driehoek.core.management.purge import PurgeCommand
from driehoek.core.models import DocumentStatus


class Command(PurgeCommand):
    help = "Delete old versions of rendered documents (the newest version is always kept)."
    keep_setting = "DRIEHOEK_DOCUMENT_KEEP_DAYS"

    def handle(self, *args, **options):
        days = self.keep_days(options)
        self.stdout.write(f"Deleting replaced document versions unchanged for {days} day(s) …")
        deleted = purge(keep_days=days, stdout=self.stdout)
        orphans = purge_orphan_files(stdout=self.stdout)
        parts = ", ".join(f"{deleted[status]} {status}" for status in DocumentStatus.values)
        self.stdout.write(
            self.style.SUCCESS(f"Done: {deleted.total()} old version(s) deleted ({parts}).")
        )
        self.stdout.write(f"{orphans} file(s) that no document pointed at deleted.")
