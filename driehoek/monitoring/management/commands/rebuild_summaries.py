"""Rebuild the dashboards' summaries from the base tables (``monitoring.summaries``): after a
bulk load outside the services, or to check nothing drifted. Safe to run at any time: it
replaces every summary row in one transaction and raises the data version."""

from django.core.management.base import BaseCommand

from driehoek.core import dataversion
from driehoek.monitoring.summaries import rebuild_summaries


class Command(BaseCommand):
    help = "Rebuild the dashboard summaries from the agreements, targets and progress reports."

    def handle(self, *args, **options):
        rebuild_summaries(lambda line: self.stdout.write(f"  {line}"))
        dataversion.bump()
        self.stdout.write(self.style.SUCCESS("Dashboard summaries rebuilt."))
