"""E-mail leaves through an outbox: ``EMAIL_BACKEND = "driehoek.core.mail.QueuedEmailBackend"``.

Every ``send_mail``, ``EmailMessage.send()`` or ``connection.send_messages()`` in the apps stores
the message as an :class:`~driehoek.core.models.OutgoingMail` row and enqueues the task
``core.tasks.send_outgoing_mail``; the task hands the message to the real transport,
``settings.DRIEHOEK_EMAIL_DELIVERY_BACKEND`` (SMTP in production, locmem in tests). A slow or
broken mail server therefore never slows a page or turns a saved sign-up into an error page.

The task is enqueued in the same transaction as the row when the task backend keeps its queue in
the database (or runs the task at once): both commit together or not at all. For other task
backends (a queue outside the database) it is enqueued after commit.
"""

from __future__ import annotations

import base64
import logging
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail import message as mail_message
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .models import OutgoingMail

logger = logging.getLogger(__name__)

QUEUED_BACKEND = "driehoek.core.mail.QueuedEmailBackend"


def delivery_backend() -> str:
    """The transport that really sends (never the outbox itself)."""
    path = settings.DRIEHOEK_EMAIL_DELIVERY_BACKEND
    if path == QUEUED_BACKEND:
        raise ImproperlyConfigured(
            "DRIEHOEK_EMAIL_DELIVERY_BACKEND must be a transport (e.g. SMTP), not the outbox"
        )
    return path


def _attachment(item) -> dict[str, str]:
    content: Any
    if isinstance(item, MIMEBase):
        filename = item.get_filename() or "attachment"
        content = item.get_payload(decode=True) or b""
        mimetype = item.get_content_type()
    else:
        filename, content, mimetype = item
        filename = filename or "attachment"
        mimetype = mimetype or "application/octet-stream"
    if isinstance(content, str):
        content = content.encode("utf-8")
    elif not isinstance(content, bytes):
        content = bytes(content)
    return {
        "filename": str(filename),
        "mimetype": str(mimetype),
        "content": base64.b64encode(content).decode("ascii"),
    }


def mail_from_message(message: EmailMessage) -> OutgoingMail:
    """An unsaved row holding everything needed to build ``message`` again."""
    headers = {str(k): str(v) for k, v in (message.extra_headers or {}).items()}
    message_id = next((v for k, v in headers.items() if k.lower() == "message-id"), "")
    if not message_id:
        message_id = mail_message.make_msgid(
            domain=str(getattr(mail_message, "DNS_NAME", "localhost"))
        )
    alternatives = [
        {"content": str(content), "mimetype": str(mimetype)}
        for content, mimetype in getattr(message, "alternatives", None) or []
    ]
    return OutgoingMail(
        from_email=str(message.from_email or settings.DEFAULT_FROM_EMAIL),
        to=[str(a) for a in message.to],
        cc=[str(a) for a in message.cc],
        bcc=[str(a) for a in message.bcc],
        reply_to=[str(a) for a in message.reply_to],
        subject=str(message.subject),
        body=str(message.body),
        alternatives=alternatives,
        attachments=[_attachment(a) for a in message.attachments],
        headers=headers,
        message_id=message_id,
    )


def message_from_mail(mail: OutgoingMail, connection=None) -> EmailMultiAlternatives:
    """The message as the apps made it, ready for the delivery backend."""
    headers = dict(mail.headers)
    if mail.message_id and not any(k.lower() == "message-id" for k in headers):
        headers["Message-ID"] = mail.message_id
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body,
        from_email=mail.from_email,
        to=mail.to,
        cc=mail.cc,
        bcc=mail.bcc,
        reply_to=mail.reply_to,
        headers=headers,
        connection=connection,
    )
    for alternative in mail.alternatives:
        message.attach_alternative(alternative["content"], alternative["mimetype"])
    for attachment in mail.attachments:
        content = base64.b64decode(attachment["content"])
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Stores each message and enqueues its delivery; answers how many it queued.

    A message without recipients is skipped, as the SMTP backend does. Storing happens in one
    transaction per call (a savepoint when the caller has one open): when the caller's
    transaction rolls back, nothing is sent.
    """

    def send_messages(self, email_messages) -> int:
        from .tasks import enqueue_delivery

        messages = [m for m in email_messages or [] if m.recipients()]
        if not messages:
            return 0
        try:
            with transaction.atomic():
                for message in messages:
                    mail = mail_from_message(message)
                    mail.save()
                    enqueue_delivery(mail.pk)
        except Exception:
            if not self.fail_silently:
                raise
            logger.exception("Could not queue %d e-mail(s)", len(messages))
            return 0
        return len(messages)


def purge_old_mail(*, now=None, keep_days: int | None = None) -> dict[str, int]:
    """Delete sent and failed outgoing mail older than ``keep_days`` (default
    ``DRIEHOEK_MAIL_KEEP_DAYS``): a stored message holds addresses and personal links, so it
    is kept only as long as staff need it to see what went out and retry what failed. Sent mail
    counts from when it was sent, failed mail from when it was queued. Mail still queued or
    being sent is never deleted. One DELETE per status: running it twice deletes nothing more."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import MailStatus

    days = settings.DRIEHOEK_MAIL_KEEP_DAYS if keep_days is None else keep_days
    cutoff = (now or timezone.now()) - timedelta(days=days)
    sent = OutgoingMail.objects.filter(status=MailStatus.SENT, sent_at__lt=cutoff).delete()[0]
    failed = OutgoingMail.objects.filter(status=MailStatus.FAILED, created_at__lt=cutoff).delete()[
        0
    ]
    return {"sent": sent, "failed": failed}
