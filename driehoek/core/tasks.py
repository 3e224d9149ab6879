"""Work of core that runs outside the request: delivering the outbox (see ``core.mail``).

``send_outgoing_mail(mail_id)`` claims the row under a row lock (``select_for_update``), sends
outside that short transaction and records the outcome. A mail already sent, being sent by
another worker, not yet due, or deleted is left alone, so a task that runs twice sends nothing
twice. A failed attempt is tried again after 1 min, 5 min, 30 min, 2 h and 12 h (a new task with
``run_after``); after the last one the mail is marked failed with the reason, for staff to see
on the outbox page (``core:mail_queue``) and retry.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

from .models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

# The wait before attempt 2, 3, …; after the last attempt the mail is failed.
RETRY_DELAYS = [
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# How long one send may hold its claim; a worker that died while sending is taken over after it.
CLAIM_LEASE = timedelta(minutes=15)
# What a mail server or the network may answer; anything else is a fault in the message itself.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)
ERROR_LENGTH = 2000


def _same_transaction(backend) -> bool:
    """Whether the task queue commits with our own rows (or runs the task at once)."""
    return isinstance(backend, DatabaseBackend | ImmediateBackend)


def enqueue_delivery(mail_id: int, *, run_after: datetime | None = None) -> bool:
    """Enqueue the delivery of one mail; with the task backend's queue in the database in the
    current transaction (an outbox), otherwise after commit. A later attempt (``run_after``) on
    a backend that cannot defer is left to ``manage.py send_queued_mail``. True when enqueued."""
    backend = task_backends[send_outgoing_mail.backend]
    job = send_outgoing_mail
    if run_after is not None:
        if not backend.supports_defer:
            return False
        job = job.using(run_after=run_after)
    if _same_transaction(backend):
        job.enqueue(mail_id)
    else:
        transaction.on_commit(lambda: job.enqueue(mail_id))
    return True


@task()
def send_outgoing_mail(mail_id: int) -> str:
    return deliver(mail_id)


def _claim(mail_id: int) -> OutgoingMail | str:
    """The row, marked as being sent; or why it is left alone."""
    now = timezone.now()
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None:
            logger.info("Outgoing mail %s is gone (deleted): nothing to send", mail_id)
            return "gone"
        if mail.status in (MailStatus.SENT, MailStatus.FAILED):
            return f"already {mail.status}"
        if mail.status == MailStatus.SENDING and mail.claimed_until and mail.claimed_until > now:
            return "being sent"
        if mail.next_attempt_at and mail.next_attempt_at > now:
            return "not due"
        mail.status = MailStatus.SENDING
        mail.attempts += 1
        mail.claimed_until = now + CLAIM_LEASE
        mail.save(update_fields=["status", "attempts", "claimed_until"])
    return mail


def deliver(mail_id: int) -> str:
    """Send one queued mail through ``DRIEHOEK_EMAIL_DELIVERY_BACKEND``; what happened, in a word."""
    from .mail import delivery_backend, message_from_mail

    claimed = _claim(mail_id)
    if isinstance(claimed, str):
        return claimed
    mail = claimed
    try:
        connection = get_connection(delivery_backend(), fail_silently=False)
        connection.send_messages([message_from_mail(mail, connection)])
    except TRANSIENT_ERRORS as exc:
        return _failed_attempt(mail, exc, retry=True)
    except Exception as exc:  # a message that cannot be built or encoded: retrying won't help
        logger.exception("Outgoing mail %s cannot be sent", mail.pk)
        return _failed_attempt(mail, exc, retry=False)
    now = timezone.now()
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT, sent_at=now, next_attempt_at=None, claimed_until=None
    )
    return "sent"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        parts = [
            f"{address}: {code} {_text(answer)}"
            for address, (code, answer) in exc.recipients.items()
        ]
        text = "; ".join(parts)
    elif isinstance(exc, smtplib.SMTPResponseException):
        text = f"{exc.smtp_code} {_text(exc.smtp_error)}"
    else:
        text = str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"[:ERROR_LENGTH]


def _text(answer) -> str:
    return answer.decode("utf-8", "replace") if isinstance(answer, bytes) else str(answer)


def _failed_attempt(mail: OutgoingMail, exc: BaseException, *, retry: bool) -> str:
    reason = _reason(exc)
    now = timezone.now()
    with transaction.atomic():
        if retry and mail.attempts < MAX_ATTEMPTS:
            next_at = now + RETRY_DELAYS[mail.attempts - 1]
            OutgoingMail.objects.filter(pk=mail.pk).update(
                status=MailStatus.QUEUED,
                last_error=reason,
                next_attempt_at=next_at,
                claimed_until=None,
            )
            enqueue_delivery(mail.pk, run_after=next_at)
            outcome = "retry"
        else:
            OutgoingMail.objects.filter(pk=mail.pk).update(
                status=MailStatus.FAILED,
                last_error=reason,
                next_attempt_at=None,
                claimed_until=None,
            )
            outcome = "failed"
    logger.warning("Outgoing mail %s, attempt %s: %s (%s)", mail.pk, mail.attempts, reason, outcome)
    return outcome


def retry_now(mail: OutgoingMail) -> None:
    """One more attempt at once (staff's "retry now"); the caller checked the permission."""
    with transaction.atomic():
        OutgoingMail.objects.filter(pk=mail.pk).exclude(status=MailStatus.SENT).update(
            status=MailStatus.QUEUED, next_attempt_at=None, claimed_until=None
        )
        enqueue_delivery(mail.pk)


def enqueue_due(now: datetime | None = None, *, limit: int = 500) -> int:
    """Enqueue every mail whose attempt is due (or whose sender died); for task backends that
    cannot defer, and as a safety net run from cron: ``manage.py send_queued_mail``."""
    from django.db.models import Q

    now = now or timezone.now()
    due = OutgoingMail.objects.filter(
        Q(status=MailStatus.QUEUED, next_attempt_at__isnull=True)
        | Q(status=MailStatus.QUEUED, next_attempt_at__lte=now)
        | Q(status=MailStatus.SENDING, claimed_until__lte=now)
    ).values_list("pk", flat=True)
    pks = list(due[:limit])
    for pk in pks:
        with transaction.atomic():
            enqueue_delivery(pk)
    return len(pks)
