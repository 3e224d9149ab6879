"""The QR code for check-in at the door: a signed token per sign-up (django.core.signing, no
column: the personal link's token is stored only as a hash, and it must not be shown at the door
anyway) and the QR image of the organiser's check-in page that holds it.

The token only opens the organiser page: whoever scans it must be logged in and organise the
community (``community.check_in``), everyone else gets 404."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.pil
import qrcode.image.svg
from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "driehoek.community.checkin"


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT)


def checkin_token(registration) -> str:
    """An unguessable token for this sign-up: its id, signed with the site's secret key."""
    return _signer().sign(str(registration.pk))


def registration_pk(token: str) -> int | None:
    """The sign-up id inside a valid token; None for a token that was not made here."""
    try:
        value = _signer().unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def checkin_url(registration) -> str:
    """The absolute address in the QR code (``DRIEHOEK_BASE_URL``)."""
    path = reverse(
        "community:checkin_scan",
        kwargs={"slug": registration.community.slug, "token": checkin_token(registration)},
    )
    return settings.BASE_URL + path


def qr_png(url: str) -> bytes:
    """The QR code as PNG (for the e-mail; Pillow comes with WeasyPrint)."""
    img = qrcode.make(url, image_factory=qrcode.image.pil.PilImage, box_size=8, border=4)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def qr_svg(url: str) -> str:
    """The QR code as inline SVG (for the personal page)."""
    img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    svg = buf.getvalue().decode()
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :].lstrip()
    return svg
