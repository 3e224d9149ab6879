from django.core.management.base import BaseCommand

from driehoek.organisations.reference import load_reference_data


class Command(BaseCommand):
    help = "Load gemeenten (2015 and current), woningcorporaties and woningmarktregio's. Safe to re-run."

    def handle(self, *args, **options):
        self.stdout.write(
            "Loading reference data (sources: driehoek/organisations/data/SOURCES.md)"
        )
        report = load_reference_data(progress=self.stdout.write)
        for name, counts in report.parts.items():
            self.stdout.write(f"{name}: {counts}")
        if report.changed:
            self.stdout.write(
                self.style.SUCCESS(f"Done: {report.changed} records added or updated.")
            )
        else:
            self.stdout.write(self.style.SUCCESS("Done: reference data was already up to date."))
