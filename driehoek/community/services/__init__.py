"""Writes for the Community of Practice: atomic, audited, mail after commit.

Seats are held from the moment a sign-up is confirmed through the link in the e-mail (double
opt-in). Before that nothing is held. Every allocation locks the meeting row
(``select_for_update``) before counting confirmed seats, so a meeting never goes over capacity,
also when many people confirm at the same moment. A freed place goes to the first person on the
waiting list who fits (first come, first served) in the same transaction.

Callers use ``services.<name>``: every service is re-exported here from its topic module."""

from .limits import (
    CONFIRM_VALID_DAYS,
    RATE_LIMIT_PER_EMAIL,
    RATE_LIMIT_PER_IP,
    RATE_LIMIT_WINDOW,
    check_rate_limit,
)
from .mail import personal_url
from .meetings import (
    community_create,
    meeting_save,
    message_send,
    organiser_save,
    seat_check_in,
    send_reminders,
)
from .privacy import (
    anonymise_expired,
    purge_unconfirmed,
    registration_erase,
    registration_export,
)
from .seats import fill_free_places
from .signup import (
    registration_cancel,
    registration_confirm,
    registration_create,
    registration_update,
    resend_link,
    seat_cancel,
    team_create,
)

__all__ = [
    "CONFIRM_VALID_DAYS",
    "RATE_LIMIT_PER_EMAIL",
    "RATE_LIMIT_PER_IP",
    "RATE_LIMIT_WINDOW",
    "anonymise_expired",
    "check_rate_limit",
    "community_create",
    "fill_free_places",
    "meeting_save",
    "message_send",
    "organiser_save",
    "personal_url",
    "purge_unconfirmed",
    "registration_cancel",
    "registration_confirm",
    "registration_create",
    "registration_erase",
    "registration_export",
    "registration_update",
    "resend_link",
    "seat_cancel",
    "seat_check_in",
    "send_reminders",
    "team_create",
]
