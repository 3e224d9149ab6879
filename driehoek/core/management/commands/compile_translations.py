"""Compile every .po catalogue to .mo with polib, so no system gettext tools are needed."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's and apps' .po files (locale/ and driehoek/*/locale/)."

    def handle(self, *args, **options):
        roots = [
            Path(settings.BASE_DIR) / "locale",
            *Path(settings.BASE_DIR, "driehoek").glob("*/locale"),
        ]
        count = 0
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                count += 1
                self.stdout.write(f"  compiled {po_path.relative_to(settings.BASE_DIR)}")
        self.stdout.write(f"Translations: {count} catalogue(s) compiled, the rest were up to date.")
