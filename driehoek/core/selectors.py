"""Queries of core's own pages (views fetch through here)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import MailStatus, OutgoingMail

# The outbox page's status filter: "open" (default) is everything not yet sent.
MAIL_FILTERS = {
    "open": [MailStatus.QUEUED, MailStatus.SENDING, MailStatus.FAILED],
    "failed": [MailStatus.FAILED],
    "queued": [MailStatus.QUEUED, MailStatus.SENDING],
    "sent": [MailStatus.SENT],
}


def outgoing_mails(*, status: str = "open", search: str = "") -> QuerySet[OutgoingMail]:
    """The outbox list without the heavy columns (text, HTML, attachments)."""
    mails = OutgoingMail.objects.defer("body", "alternatives", "attachments", "headers")
    if status in MAIL_FILTERS:
        mails = mails.filter(status__in=MAIL_FILTERS[status])
    if search:
        mails = mails.filter(
            Q(subject__icontains=search) | Q(to__icontains=search) | Q(cc__icontains=search)
        )
    return mails.order_by("-created_at", "-id")


def outgoing_mail_counts() -> dict[str, int]:
    """How many mails are queued and failed (one query)."""
    row = OutgoingMail.objects.aggregate(
        queued=Count("pk", filter=Q(status__in=MAIL_FILTERS["queued"])),
        failed=Count("pk", filter=Q(status=MailStatus.FAILED)),
    )
    return {"queued": row["queued"] or 0, "failed": row["failed"] or 0}


def outgoing_mail_get(pk: int) -> OutgoingMail:
    return get_object_or_404(
        OutgoingMail.objects.defer("body", "alternatives", "attachments"), pk=pk
    )
