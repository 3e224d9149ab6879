"""Daily (cron): delete sent and failed outgoing mail older than DRIEHOEK_MAIL_KEEP_DAYS days
(default 30). Queued mail and mail being sent stay. Idempotent: a second run, also at the same
time on another server, finds nothing more to delete."""

from driehoek.core.mail import purge_old_mail
from driehoek.core.management.purge import PurgeCommand


class Command(PurgeCommand):
    help = "Delete sent and failed outgoing e-mail older than DRIEHOEK_MAIL_KEEP_DAYS days."
    keep_setting = "DRIEHOEK_MAIL_KEEP_DAYS"

    def handle(self, *args, **options):
        days = self.keep_days(options)
        self.stdout.write(f"Deleting sent and failed e-mail older than {days} day(s) …")
        deleted = purge_old_mail(keep_days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {deleted['sent']} sent and {deleted['failed']} failed e-mail(s) deleted."
            )
        )
