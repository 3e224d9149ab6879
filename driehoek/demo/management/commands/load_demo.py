"""Load the demo: made-up organisations, people and agreements, all marked as demo.

Each app that has demo content provides ``driehoek.<app>.demo.load(stdout)``; they run in
dependency order. Safe to re-run: every loader looks up what it made before.
"""

from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_MODULES = [
    "driehoek.organisations.demo",
    "driehoek.community.demo",
    "driehoek.agreements.demo",
    "driehoek.agreements.demo_history",
    "driehoek.agreements.demo_merger",
    "driehoek.monitoring.demo",
    "driehoek.publication.demo",
]


class Command(BaseCommand):
    help = "Load the demo data (safe to re-run) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the logins.")

    def handle(self, *args, **options):
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name == name:
                    continue
                raise
            self.stdout.write(f"Demo: {name.rsplit('.', 2)[-2]} …")
            with transaction.atomic():
                module.load(self.stdout)
        if not options["quiet_logins"]:
            from driehoek.organisations.demo import demo_totp_secret, logins

            self.stdout.write("")
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo logins (password for all: {settings.DRIEHOEK_DEMO_PASSWORD})"
                )
            )
            for email, description in logins():
                self.stdout.write(f"  {email:<46} {description}")
            self.stdout.write(
                f"  Staff sign in with a second step: add the key {demo_totp_secret()} to an "
                "authenticator app, or run '.venv/bin/python manage.py demo_code' for the code."
            )
