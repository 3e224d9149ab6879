"""Purging old outgoing mail (core.mail.purge_old_mail, manage.py purge_outgoing_mail): sent and
failed mail past the keep period goes (it holds addresses and personal links), mail on its way
out never does, and a second run finds nothing."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from driehoek.core.mail import purge_old_mail
from driehoek.core.models import MailStatus, OutgoingMail

pytestmark = pytest.mark.django_db


def _mail(status, *, age_days: float, sent_days: float | None = None) -> OutgoingMail:
    now = timezone.now()
    return OutgoingMail.objects.create(
        from_email="driehoek@example.org",
        to=["iemand@example.org"],
        subject=f"{status} {age_days}",
        status=status,
        created_at=now - timedelta(days=age_days),
        sent_at=None if sent_days is None else now - timedelta(days=sent_days),
    )


def _purge(**options) -> str:
    out = io.StringIO()
    call_command("purge_outgoing_mail", stdout=out, **options)
    return out.getvalue()


def test_sent_and_failed_mail_past_the_keep_period_goes(clock, settings):
    clock.travel_to("2026-12-01T09:00")
    settings.DRIEHOEK_MAIL_KEEP_DAYS = 30
    old_sent = _mail(MailStatus.SENT, age_days=40, sent_days=31)
    late_sent = _mail(MailStatus.SENT, age_days=40, sent_days=29)  # queued long, sent lately
    old_failed = _mail(MailStatus.FAILED, age_days=31)
    new_failed = _mail(MailStatus.FAILED, age_days=29)
    queued = _mail(MailStatus.QUEUED, age_days=90)  # still to be sent: never deleted
    sending = _mail(MailStatus.SENDING, age_days=90)
    out = _purge()
    assert "Done: 1 sent and 1 failed e-mail(s) deleted." in out
    left = set(OutgoingMail.objects.values_list("pk", flat=True))
    assert left == {late_sent.pk, new_failed.pk, queued.pk, sending.pk}
    assert old_sent.pk not in left and old_failed.pk not in left
    assert purge_old_mail() == {"sent": 0, "failed": 0}


def test_the_keep_period_comes_from_the_setting_or_the_option(clock, settings):
    clock.travel_to("2026-12-01T09:00")
    settings.DRIEHOEK_MAIL_KEEP_DAYS = 60
    _mail(MailStatus.SENT, age_days=40, sent_days=40)
    assert "older than 60 day(s)" in _purge()
    assert OutgoingMail.objects.count() == 1
    _purge(days=39)
    assert OutgoingMail.objects.count() == 0
    with pytest.raises(CommandError):
        _purge(days=-1)
