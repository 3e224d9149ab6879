"""The demo staff account's second step: a fixed device, and a command that prints its code."""

import io

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.accounts.testing import current_code
from driehoek.accounts.tests.factories import UserFactory
from driehoek.organisations import demo


@pytest.mark.django_db
def test_demo_staff_device_and_code(clock):
    clock.travel_to("2026-03-15 10:00")
    staff = UserFactory(email=demo.STAFF_EMAIL, is_staff=True, is_demo=True)
    demo._demo_two_factor(staff)
    demo._demo_two_factor(staff)  # safe to re-run: still one device
    device = TOTPDevice.objects.get(user=staff, confirmed=True)
    out = io.StringIO()
    call_command("demo_code", stdout=out)
    assert out.getvalue().strip() == current_code(device)
    assert device.verify_token(out.getvalue().strip())
    assert demo.demo_totp_secret().isalnum()


@pytest.mark.django_db
def test_demo_code_refuses_real_accounts():
    user = UserFactory(is_staff=True, is_demo=False)
    TOTPDevice.objects.create(user=user, name="Echt", confirmed=True)
    with pytest.raises(CommandError, match="not a demo account"):
        call_command("demo_code", user.email)
    with pytest.raises(CommandError, match="no two-step"):
        call_command("demo_code", "nobody@example.org")
