"""Daily (cron): delete sent and failed outgoing mail older than DRIEHOEK_MAIL_KEEP_DAYS days
(default 30). Queued mail and mail being sent stay. Idempotent: a second run, also at the same
time on another server, finds nothing more to delete."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from driehoek.core.mail import purge_old_mail


class Command(BaseCommand):
    help = "Delete sent and failed outgoing e-mail older than DRIEHOEK_MAIL_KEEP_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            help="Keep mail of this many days (default: DRIEHOEK_MAIL_KEEP_DAYS).",
        )

    def handle(self, *args, **options):
        days = settings.DRIEHOEK_MAIL_KEEP_DAYS if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError("--days cannot be negative.")
        self.stdout.write(f"Deleting sent and failed e-mail older than {days} day(s) …")
        deleted = purge_old_mail(keep_days=days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {deleted['sent']} sent and {deleted['failed']} failed e-mail(s) deleted."
            )
        )
