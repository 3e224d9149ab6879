"""Send one reminder per confirmed place before each meeting. Safe to run as often as you like
(e.g. every hour from cron): a place that had its reminder never gets a second one."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from driehoek.community.models import Community
from driehoek.community.services import fill_free_places, send_reminders


class Command(BaseCommand):
    help = "Send meeting reminders (idempotent) and fill places freed when a reservation ended."

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.stdout.write("Reminders …")
            sent = send_reminders(stdout=self.stdout)
            promoted = 0
            for community in Community.objects.all():
                promoted += fill_free_places(community=community)
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {sent} reminder(s) sent, {promoted} promoted from a waiting list."
            )
        )
