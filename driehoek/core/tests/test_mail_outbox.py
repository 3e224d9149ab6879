"""The outbox (core.mail, core.tasks): every e-mail is stored and sent by a task, with retries;
a broken mail server never breaks the page that asked for the mail."""

from __future__ import annotations

import base64
import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction

from driehoek.community.models import Registration
from driehoek.community.tests.factories import CommunityFactory, MeetingFactory
from driehoek.community.tests.helpers import form_data, signup_url
from driehoek.core.models import MailStatus, OutgoingMail
from driehoek.core.tasks import MAX_ATTEMPTS, RETRY_DELAYS, enqueue_due, send_outgoing_mail
from driehoek.core.testing import amsterdam

from .smtp_server import SmtpServer

pytestmark = pytest.mark.django_db


def run(mail_id: int):
    """Run the delivery task (the immediate task backend runs it at once) and say what it did."""
    result = send_outgoing_mail.enqueue(mail_id)
    assert result.status == "SUCCESSFUL", result.errors
    return result.return_value


def test_every_part_of_a_message_survives_the_outbox(outbox):
    message = EmailMultiAlternatives(
        "Onderwerp é",
        "Platte tekst",
        "Afzender <afzender@example.org>",
        ["a@example.org"],
        cc=["c@example.org"],
        bcc=["b@example.org"],
        reply_to=["antwoord@example.org"],
        headers={"X-Driehoek": "ja"},
    )
    message.attach_alternative("<p>HTML</p>", "text/html")
    message.attach("bijeenkomst.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    message.attach("data.bin", b"\x00\x01\xff", "application/octet-stream")
    assert message.send() == 1

    row = OutgoingMail.objects.get()
    assert row.status == MailStatus.SENT and row.attempts == 1 and row.sent_at is not None
    assert row.to == ["a@example.org"] and row.cc == ["c@example.org"]
    assert row.bcc == ["b@example.org"] and row.reply_to == ["antwoord@example.org"]
    assert row.attachments[0]["filename"] == "bijeenkomst.ics"
    assert base64.b64decode(row.attachments[1]["content"]) == b"\x00\x01\xff"
    (sent,) = mail.outbox
    assert (sent.subject, sent.body, sent.from_email) == (
        "Onderwerp é",
        "Platte tekst",
        "Afzender <afzender@example.org>",
    )
    assert (sent.to, sent.cc, sent.bcc, sent.reply_to) == (
        ["a@example.org"],
        ["c@example.org"],
        ["b@example.org"],
        ["antwoord@example.org"],
    )
    assert sent.alternatives == [("<p>HTML</p>", "text/html")]
    assert [tuple(a) for a in sent.attachments] == [
        ("bijeenkomst.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar"),
        ("data.bin", b"\x00\x01\xff", "application/octet-stream"),
    ]
    assert sent.extra_headers["X-Driehoek"] == "ja"
    assert sent.extra_headers["Message-ID"] == row.message_id
    assert b"BEGIN:VCALENDAR" in sent.message().as_bytes()


def test_a_message_without_recipients_is_not_queued(outbox):
    assert EmailMultiAlternatives("x", "y", None, []).send() == 0
    assert not OutgoingMail.objects.exists()


def test_sign_up_with_the_mail_server_down_succeeds_and_is_sent_once_it_is_up(
    smtp_settings, client, clock, django_capture_on_commit_callbacks
):
    clock.travel_to(amsterdam(2026, 3, 15, 10, 0))
    community = CommunityFactory()
    MeetingFactory(community=community)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(signup_url(community), form_data())
    assert r.status_code == 302
    assert Registration.objects.filter(email="hanneke@example.org").exists()
    queued = OutgoingMail.objects.get()
    assert queued.to == ["hanneke@example.org"]
    assert queued.status == MailStatus.QUEUED and queued.attempts == 1
    assert "ConnectionRefusedError" in queued.last_error
    assert queued.next_attempt_at == clock.now + timedelta(minutes=1)

    with SmtpServer(port=smtp_settings.EMAIL_PORT) as server:
        assert run(queued.pk) == "not due"  # its retry is not due yet
        assert server.messages == []
        clock.travel_to(clock.now + timedelta(minutes=1))
        assert run(queued.pk) == "sent"
        assert run(queued.pk) == "already sent"
        assert enqueue_due() == 0
    (received,) = server.messages
    assert received.recipients == ["hanneke@example.org"]
    assert received.message["Subject"] == queued.subject
    assert received.message["Message-ID"] == queued.message_id
    queued.refresh_from_db()
    assert queued.status == MailStatus.SENT and queued.attempts == 2
    assert queued.sent_at == clock.now and queued.next_attempt_at is None


def test_a_refusing_server_means_retries_with_backoff_then_failed_with_the_reason(
    smtp_settings, clock
):
    start = clock.travel_to(amsterdam(2026, 3, 15, 10, 0))
    with SmtpServer(port=smtp_settings.EMAIL_PORT, refuse=True) as server:
        assert send_mail("Uitnodiging", "Tekst", None, ["iemand@example.org"]) == 1
        row = OutgoingMail.objects.get()
        waits = []
        for attempt in range(1, MAX_ATTEMPTS):
            row.refresh_from_db()
            assert row.status == MailStatus.QUEUED and row.attempts == attempt
            assert "550" in row.last_error and "iemand@example.org" in row.last_error
            waits.append(row.next_attempt_at - clock.now)
            clock.travel_to(row.next_attempt_at)
            assert run(row.pk) == ("retry" if attempt < MAX_ATTEMPTS - 1 else "failed")
    assert waits == RETRY_DELAYS
    assert [timedelta(minutes=m) for m in (1, 5, 30, 120, 720)] == RETRY_DELAYS
    row.refresh_from_db()
    assert row.status == MailStatus.FAILED and row.attempts == MAX_ATTEMPTS
    assert row.next_attempt_at is None and row.sent_at is None
    assert row.last_error.startswith("SMTPRecipientsRefused: iemand@example.org: 550")
    assert clock.now - start == sum(RETRY_DELAYS, timedelta())
    assert server.messages == []
    assert run(row.pk) == "already failed"


def test_a_deleted_mail_ends_its_task_quietly(outbox, caplog, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    send_mail("Weg", "Tekst", None, ["iemand@example.org"])
    row = OutgoingMail.objects.get()
    row.delete()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with caplog.at_level(logging.INFO, logger="driehoek.core.tasks"):
        assert run(row.pk) == "gone"
    assert "is gone" in caplog.text
    assert mail.outbox == []


def test_the_database_task_queue_commits_with_the_mail(outbox, clock, settings):
    """With the database task backend the task row is written in the mail's own transaction,
    and a retry becomes a task that waits (run_after) until the next attempt."""
    from django_tasks_db.models import DBTaskResult

    clock.travel_to(amsterdam(2026, 3, 15, 10, 0))
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with transaction.atomic():
        send_mail("Binnen", "Tekst", None, ["a@example.org"])
        assert DBTaskResult.objects.count() == 1
        transaction.set_rollback(True)
    assert not OutgoingMail.objects.exists() and not DBTaskResult.objects.exists()

    send_mail("Buiten", "Tekst", None, ["a@example.org"])
    row = OutgoingMail.objects.get()
    task_row = DBTaskResult.objects.get()
    assert task_row.task_path == "driehoek.core.tasks.send_outgoing_mail"
    assert task_row.args_kwargs == {"args": [row.pk], "kwargs": {}}

    settings.DRIEHOEK_EMAIL_DELIVERY_BACKEND = "driehoek.core.tests.test_mail_outbox.Broken"
    assert send_outgoing_mail.call(row.pk) == "retry"
    waiting = DBTaskResult.objects.exclude(pk=task_row.pk).get()
    row.refresh_from_db()
    assert waiting.run_after == row.next_attempt_at == clock.now + RETRY_DELAYS[0]


def test_other_task_backends_get_the_task_after_commit(
    outbox, settings, django_capture_on_commit_callbacks
):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Na commit", "Tekst", None, ["a@example.org"])
        assert default_task_backend.results == []
    (result,) = default_task_backend.results
    assert result.args == [OutgoingMail.objects.get().pk]


def test_a_mail_whose_sender_died_is_taken_up_again(outbox, clock, settings):
    clock.travel_to(amsterdam(2026, 3, 15, 10, 0))
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    send_mail("Hangt", "Tekst", None, ["a@example.org"])
    row = OutgoingMail.objects.get()
    OutgoingMail.objects.filter(pk=row.pk).update(
        status=MailStatus.SENDING, claimed_until=clock.now + timedelta(minutes=15)
    )
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert run(row.pk) == "being sent"
    assert enqueue_due() == 0
    clock.travel_to(clock.now + timedelta(minutes=16))
    assert enqueue_due() == 1
    row.refresh_from_db()
    assert row.status == MailStatus.SENT and len(mail.outbox) == 1


class Broken:
    """A delivery backend whose mail server is never reachable."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")
