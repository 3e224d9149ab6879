"""Test helpers for two-factor sign-in (imported only from tests and conftest.py)."""

from __future__ import annotations

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user) -> TOTPDevice:
    """The user's confirmed TOTP device (made on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The TOTP code the device accepts now, as an authenticator app would show it."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def mark_verified(client, user) -> None:
    """Record in the test client's session (after force_login) that ``user`` gave a code, as
    ``django_otp.login`` does after a real second step. Tests only: production reaches this
    state through the code page alone."""
    device = confirmed_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
