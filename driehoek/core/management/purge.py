"""The shape of a purge command: ``--days`` overrides a keep period from the settings."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class PurgeCommand(BaseCommand):
    #: The setting that holds the default number of days to keep.
    keep_setting = ""

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help=f"Days to keep (default: {self.keep_setting})."
        )

    def keep_days(self, options) -> int:
        days = getattr(settings, self.keep_setting) if options["days"] is None else options["days"]
        if days < 0:
            raise CommandError("--days cannot be negative.")
        return days
