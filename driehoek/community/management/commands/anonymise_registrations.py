"""Anonymise sign-ups after the retention period (last meeting + Community.retention_days) and
delete sign-ups that were never confirmed within the confirmation link's validity."""

from django.core.management.base import BaseCommand

from driehoek.community.services import anonymise_expired, purge_unconfirmed


class Command(BaseCommand):
    help = "Anonymise Community of Practice sign-ups whose retention period has passed."

    def handle(self, *args, **options):
        self.stdout.write("Anonymising sign-ups after the retention period …")
        count = anonymise_expired(stdout=self.stdout)
        purged = purge_unconfirmed(stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {count} sign-up(s) anonymised, {purged} unconfirmed sign-up(s) deleted."
            )
        )
