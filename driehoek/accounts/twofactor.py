"""Two-factor sign-in with django-otp: a TOTP app plus ten single-use recovery codes.

The state of a session is recorded in two places:

- django-otp's own session key (``django_otp.login``) once a code was checked in this session;
  ``request.user.is_verified()`` then answers True (``OTPMiddleware``);
- ``SESSION_FLAG``, written at every log-in: ``"none"`` when the user had no confirmed device at
  that moment, ``"device"`` when they had one. ``StaffTwoFactorMiddleware`` reads it so a user
  without a device costs no query per request.
"""

from __future__ import annotations

import base64
import io
import secrets

import qrcode
import qrcode.image.svg
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.core.permissions import may

SESSION_FLAG = "_dh_two_factor"
PENDING_USER = "_dh_two_factor_pending_user"
PENDING_BACKEND = "_dh_two_factor_pending_backend"
PENDING_NEXT = "_dh_two_factor_pending_next"
NEW_CODES = "_dh_two_factor_new_codes"
RECOVERY_CODE_COUNT = 10


def has_device(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def may_use(user) -> bool:
    """Staff and signatories (and administrators): the rule ``accounts.set_up_two_factor``."""
    return may(user, "accounts.set_up_two_factor")


def must_use(user) -> bool:
    """Staff: they may not turn it off (the rule ``accounts.turn_off_two_factor``)."""
    return not may(user, "accounts.turn_off_two_factor")


def pending_totp(user) -> TOTPDevice:
    """The user's unconfirmed TOTP device (made on first use), shown on the set-up page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an app by hand."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// link as an inline SVG QR code (no image library needed)."""
    img = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    svg = buf.getvalue().decode()
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :].lstrip()
    return svg


def confirm(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm ``device`` with ``token``; returns fresh recovery codes, or None when wrong."""
    if not device.verify_token(token.replace(" ", "")):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return new_recovery_codes(device.user)


def new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="Herstelcodes", confirmed=True)
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=static, token=c) for c in codes])
    return [f"{c[:5]} {c[5:]}" for c in codes]


def match(user, token: str):
    """The confirmed device that accepts ``token`` (TOTP or a recovery code, used up), or None."""
    token = "".join(token.split())
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(token):
            return device
    return None


def turn_off(user) -> None:
    for device in devices_for_user(user, confirmed=None):
        device.delete()
