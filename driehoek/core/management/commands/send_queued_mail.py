"""Enqueue every outgoing mail whose attempt is due (a safety net for cron, and the way retries
run with a task backend that cannot wait, e.g. the immediate one)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from driehoek.core.tasks import enqueue_due


class Command(BaseCommand):
    help = "Enqueue the delivery of every outgoing e-mail that is due."

    def handle(self, *args, **options):
        count = enqueue_due()
        self.stdout.write(f"{count} e-mail(s) enqueued")
