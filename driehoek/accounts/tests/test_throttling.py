"""Failed logins lock out per account and per address; password-reset mails are limited."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def login(client, email, password, ip):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_wrong_passwords_lock_the_account_and_say_when_to_try_again(client):
    user = UserFactory()
    statuses = [login(client, user.email, "fout", "198.51.100.1").status_code for _ in range(4)]
    assert statuses == [200] * 4  # the form again, with its message
    r = login(client, user.email, "fout", "198.51.100.1")
    assert r.status_code == 429
    page = r.content.decode()
    assert "Te veel pogingen" in page and "Probeer het over 15 minuten opnieuw" in page
    # Even the right password is refused now, also from elsewhere (per account).
    r = login(client, user.email, PASSWORD, "198.51.100.99")
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another account from another address is not affected.
    other = UserFactory()
    r = login(client, other.email, PASSWORD, "198.51.100.2")
    assert r.status_code == 302 and client.session["_auth_user_id"] == str(other.pk)


def test_wrong_passwords_from_one_address_lock_that_address(client):
    users = [UserFactory() for _ in range(5)]
    for u in users:
        login(client, u.email, "fout", "203.0.113.7")
    victim = UserFactory()
    assert login(client, victim.email, PASSWORD, "203.0.113.7").status_code == 429
    assert login(client, victim.email, PASSWORD, "203.0.113.8").status_code == 302


@override_settings(DRIEHOEK_TRUSTED_PROXIES="10.0.0.1")
def test_lockout_follows_the_client_behind_the_proxy(client):
    for i in range(5):
        client.post(
            reverse("accounts:login"),
            {"username": f"niemand{i}@example.org", "password": "fout"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.66",
        )
    user = UserFactory()
    r = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.67",
    )
    assert r.status_code == 302  # a different client behind the same proxy logs in


def reset(client, email, ip="198.51.100.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


@override_settings(PASSWORD_RESET_LIMIT_PER_EMAIL=3, PASSWORD_RESET_LIMIT_PER_IP=10)
def test_reset_mails_per_email_address_are_limited(client):
    user = UserFactory()
    statuses = [reset(client, user.email, ip=f"198.51.100.{i}").status_code for i in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3
    # An unknown address gets the very same answer: nothing tells whether an account exists.
    unknown = [reset(client, "onbekend@example.org", ip=f"203.0.113.{i}") for i in range(4)]
    assert [r.status_code for r in unknown] == [302, 302, 302, 429]
    assert "te vaak een nieuw wachtwoord gevraagd" in unknown[-1].content.decode()
    assert len(mail.outbox) == 3


@override_settings(PASSWORD_RESET_LIMIT_PER_EMAIL=3, PASSWORD_RESET_LIMIT_PER_IP=10)
def test_reset_mails_per_client_address_are_limited(client):
    users = [UserFactory() for _ in range(11)]
    statuses = [reset(client, u.email, ip="198.51.100.9").status_code for u in users]
    assert statuses == [302] * 10 + [429]
    assert len(mail.outbox) == 10
    assert reset(client, users[-1].email, ip="198.51.100.10").status_code == 302
    assert len(mail.outbox) == 11
