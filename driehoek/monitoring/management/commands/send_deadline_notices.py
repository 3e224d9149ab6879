"""Daily (cron): notices for cycle dates coming up and overdue progress reports. Idempotent."""

from datetime import date

from django.core.management.base import BaseCommand

from driehoek.monitoring.notices import send_notices


class Command(BaseCommand):
    help = "Give notices (on screen and by e-mail) for cycle dates coming up and overdue progress reports."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD), for testing.")

    def handle(self, *args, **options):
        today = date.fromisoformat(options["today"]) if options["today"] else None
        made = send_notices(today=today)
        self.stdout.write(f"{len(made)} new notice(s).")
