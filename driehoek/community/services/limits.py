"""Sign-up limits: how long a confirmation link stays valid, and the rate limit per e-mail
address and per client address."""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext as _

from driehoek.core import ratelimit
from driehoek.core.errors import ServiceError

CONFIRM_VALID_DAYS = 7
RATE_LIMIT_WINDOW = 60 * 60
RATE_LIMIT_PER_EMAIL = 5
RATE_LIMIT_PER_IP = 30

# --- rate limit -------------------------------------------------------------------------------


def check_rate_limit(*, email: str, ip: str) -> None:
    """Limit sign-ups per e-mail address and per client address (``core.clientip``), never
    globally: a burst from one client blocks that client only."""
    email_key = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    window = RATE_LIMIT_WINDOW
    too_many = ratelimit.hit(
        f"community:email:{email_key}", limit=RATE_LIMIT_PER_EMAIL, window=window
    )
    if ip:
        too_many = (
            ratelimit.hit(f"community:ip:{ip}", limit=RATE_LIMIT_PER_IP, window=window) or too_many
        )
    if too_many:
        raise ServiceError(
            _("There were too many sign-up attempts. Please try again in an hour."),
            code="rate_limited",
        )
