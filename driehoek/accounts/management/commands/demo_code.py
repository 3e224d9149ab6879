"""Print the current two-step sign-in code of a demo account (demo data only)."""

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the code an authenticator app would show now for a demo account."

    def add_arguments(self, parser):
        parser.add_argument("email", nargs="?", default="beheer@demo.driehoek.test")

    def handle(self, *args, **options):
        email = options["email"]
        device = (
            TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True)
            .select_related("user")
            .first()
        )
        if device is None:
            raise CommandError(
                f"{email} has no two-step sign-in device. Load the demo first: "
                "'.venv/bin/python manage.py load_demo'."
            )
        if not device.user.is_demo:
            raise CommandError(f"{email} is not a demo account: only demo codes are printed.")
        code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
        self.stdout.write(f"{code:0{device.digits}d}")
