"""The outbox page for staff (core:mail_queue): what waits or failed, why, and retry now."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.models import MailStatus, OutgoingMail

pytestmark = pytest.mark.django_db


def failed_mail(**fields) -> OutgoingMail:
    values = {
        "from_email": "noreply@example.org",
        "to": ["mislukt@example.org"],
        "subject": "Bevestig je aanmelding",
        "body": "Tekst",
        "status": MailStatus.FAILED,
        "attempts": 6,
        "last_error": "SMTPRecipientsRefused: mislukt@example.org: 550 Mailbox unavailable",
    }
    values.update(fields)
    return OutgoingMail.objects.create(**values)


@pytest.fixture
def staff(client_for):
    return client_for(UserFactory(is_staff=True))


def test_staff_see_failed_mail_with_the_reason_and_retry_it(staff, outbox):
    mail_row = failed_mail()
    failed_mail(to=["gelukt@example.org"], status=MailStatus.SENT, last_error="")
    page = staff.get(reverse("core:mail_queue"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "mislukt@example.org" in html and "550 Mailbox unavailable" in html
    assert "gelukt@example.org" not in html  # sent mail is not shown by default
    assert "Nu opnieuw proberen" in html

    r = staff.post(reverse("core:mail_retry", kwargs={"pk": mail_row.pk}))
    assert r.status_code == 302 and r["Location"] == reverse("core:mail_queue")
    mail_row.refresh_from_db()
    assert mail_row.status == MailStatus.SENT and mail_row.attempts == 7
    assert [m.to for m in mail.outbox] == [["mislukt@example.org"]]
    assert "mislukt@example.org" not in staff.get(reverse("core:mail_queue")).content.decode()


def test_a_retry_that_fails_again_is_failed_at_once(staff, outbox, settings):
    settings.DRIEHOEK_EMAIL_DELIVERY_BACKEND = "driehoek.core.tests.test_mail_outbox.Broken"
    mail_row = failed_mail()
    staff.post(reverse("core:mail_retry", kwargs={"pk": mail_row.pk}))
    mail_row.refresh_from_db()
    assert mail_row.status == MailStatus.FAILED and mail_row.attempts == 7
    assert "Connection refused" in mail_row.last_error


def test_a_sent_mail_is_not_sent_again(staff, outbox):
    mail_row = failed_mail(status=MailStatus.SENT, last_error="")
    staff.post(reverse("core:mail_retry", kwargs={"pk": mail_row.pk}))
    assert mail.outbox == []


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("status=failed", "mislukt@", "wacht@"),
        ("status=queued", "wacht@", "mislukt@"),
        ("status=sent", "gelukt@", "mislukt@"),
        ("status=all&q=gelukt", "gelukt@", "wacht@"),
        ("q=Welkom", "wacht@", "mislukt@"),
    ],
)
def test_filters(staff, query, shown, hidden):
    failed_mail()
    failed_mail(to=["wacht@example.org"], subject="Welkom", status=MailStatus.QUEUED, last_error="")
    failed_mail(to=["gelukt@example.org"], status=MailStatus.SENT, last_error="")
    html = staff.get(reverse("core:mail_queue") + "?" + query).content.decode()
    assert shown in html and hidden not in html


def test_the_page_costs_the_same_queries_for_many_mails(staff):
    failed_mail()
    staff.get(reverse("core:mail_queue"))
    with CaptureQueriesContext(connection) as few:
        staff.get(reverse("core:mail_queue"))
    for i in range(60):
        failed_mail(to=[f"m{i}@example.org"])
    with CaptureQueriesContext(connection) as many:
        page = staff.get(reverse("core:mail_queue"))
    assert len(many) == len(few) and len(few) <= 12
    assert page.context["page_obj"].paginator.num_pages == 2


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_only_staff_may_see_or_retry(client_for, who):
    from driehoek.organisations.tests.factories import MembershipFactory

    user = None if who == "anonymous" else MembershipFactory(role="admin").user
    client = client_for(user)
    mail_row = failed_mail()
    page = client.get(reverse("core:mail_queue"))
    retry = client.post(reverse("core:mail_retry", kwargs={"pk": mail_row.pk}))
    if who == "anonymous":
        assert page.status_code == retry.status_code == 302
        assert page["Location"].startswith(reverse("accounts:login"))
    else:
        assert page.status_code == retry.status_code == 403
    mail_row.refresh_from_db()
    assert mail_row.status == MailStatus.FAILED and mail_row.attempts == 6
