"""Two-step sign-in: set up, sign in with a code or a recovery code, staff must use it."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from driehoek.accounts.testing import confirmed_device, current_code
from driehoek.organisations.models import Role
from driehoek.organisations.tests.factories import MembershipFactory

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def some_minutes_later(device):
    """django-otp slows down guessing after a wrong code; move that wrong code into the past,
    as if the user waited a few minutes before trying again."""
    from datetime import timedelta

    from django.utils import timezone

    type(device).objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=timezone.now() - timedelta(minutes=10)
    )


def password_step(client, user, next_url=""):
    data = {"username": user.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def logged_in(client):
    return "_auth_user_id" in client.session


def test_signatory_sets_up_two_factor_and_sees_recovery_codes_once(client):
    user = MembershipFactory(role=Role.SIGNATORY).user
    password_step(client, user)
    assert logged_in(client)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "Inloggen in twee stappen aanzetten" in page
    r = client.get(reverse("accounts:two_factor_setup"))
    page = r.content.decode()
    assert r.status_code == 200 and "<svg" in page and 'id="two-factor-secret"' in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # A wrong code: Dutch message, nothing switched on.
    r = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert r.status_code == 400 and "Deze code klopt niet" in r.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    some_minutes_later(device)
    r = client.post(reverse("accounts:two_factor_setup"), {"code": current_code(device)})
    assert r.status_code == 302 and r.url == reverse("accounts:two_factor_codes")
    device.refresh_from_db()
    assert device.confirmed
    page = client.get(reverse("accounts:two_factor_codes")).content.decode()
    codes = re.findall(r"<code>(\d{5} \d{5})</code>", page)
    assert len(codes) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    # Shown once only.
    assert client.get(reverse("accounts:two_factor_codes")).status_code == 302


def test_viewer_cannot_turn_it_on(client_for):
    user = MembershipFactory(role=Role.VIEWER).user
    assert client_for(user).get(reverse("accounts:two_factor_setup")).status_code == 403


def test_sign_in_needs_the_code_and_refuses_a_wrong_one_in_dutch(client):
    user = MembershipFactory(role=Role.SIGNATORY).user
    device = confirmed_device(user)
    target = reverse("accounts:profile")
    r = password_step(client, user, next_url=target)
    assert r.status_code == 302 and r.url == reverse("accounts:two_factor_verify")
    assert not logged_in(client)  # password alone is not enough
    assert client.get(target).status_code == 302
    r = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert r.status_code == 400 and "Deze code klopt niet" in r.content.decode()
    assert not logged_in(client)
    some_minutes_later(device)
    r = client.post(reverse("accounts:two_factor_verify"), {"code": current_code(device)})
    assert r.status_code == 302 and r.url == target
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(target).status_code == 200


def test_recovery_code_works_once(client):
    from driehoek.accounts import twofactor

    user = MembershipFactory(role=Role.ADMIN).user
    confirmed_device(user)
    code = twofactor.new_recovery_codes(user)[0]
    password_step(client, user)
    r = client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert r.status_code == 302 and logged_in(client)
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    r = client.post(reverse("accounts:two_factor_verify"), {"code": code})
    assert r.status_code == 400 and not logged_in(client)


def test_too_many_wrong_codes_are_refused_even_with_the_right_one(client):
    user = MembershipFactory(role=Role.SIGNATORY).user
    device = confirmed_device(user)
    password_step(client, user)
    for _ in range(5):
        client.post(reverse("accounts:two_factor_verify"), {"code": "999999"})
        some_minutes_later(device)
    r = client.post(reverse("accounts:two_factor_verify"), {"code": current_code(device)})
    assert r.status_code == 400 and "te vaak een verkeerde code" in r.content.decode()
    assert not logged_in(client)


def test_turn_off_needs_a_code(client):
    user = MembershipFactory(role=Role.SIGNATORY).user
    device = confirmed_device(user)
    password_step(client, user)
    client.post(reverse("accounts:two_factor_verify"), {"code": current_code(device)})
    r = client.post(reverse("accounts:two_factor_disable"), {"code": "000000"})
    assert r.status_code == 400 and TOTPDevice.objects.filter(user=user).exists()
    # The code used to log in cannot be replayed; a recovery code works.
    from driehoek.accounts import twofactor

    code = twofactor.new_recovery_codes(user)[0]
    r = client.post(reverse("accounts:two_factor_disable"), {"code": code})
    assert r.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    client.post(reverse("accounts:logout"))
    password_step(client, user)
    assert logged_in(client)  # password only again


def test_staff_without_device_must_set_it_up_first(client):
    staff = UserFactory(is_staff=True)
    r = password_step(client, staff)
    assert logged_in(client)
    for path in [reverse("organisations:mine"), reverse("accounts:profile"), "/beheer/"]:
        r = client.get(path)
        assert r.status_code == 302 and r.url == reverse("accounts:two_factor_setup"), path
    r = client.get(reverse("accounts:two_factor_setup"))
    assert "moet je inloggen in twee stappen gebruiken" in r.content.decode()
    device = TOTPDevice.objects.get(user=staff, confirmed=False)
    client.post(reverse("accounts:two_factor_setup"), {"code": current_code(device)})
    assert client.get(reverse("organisations:mine")).status_code == 200
    # Staff cannot turn it off.
    assert client.get(reverse("accounts:two_factor_disable")).status_code == 403


def test_admin_login_form_cannot_skip_the_code(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    confirmed_device(staff)
    r = client.get("/beheer/login/?next=/beheer/")
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:login"))
    r = client.post("/beheer/login/?next=/beheer/", {"username": staff.email, "password": PASSWORD})
    assert r.status_code == 302 and not logged_in(client)
    # A session that was logged in without the code (unpatched test login) is ended.
    from django.test import Client

    other = Client()
    other._login(staff, "django.contrib.auth.backends.ModelBackend")
    assert logged_in(other)
    r = other.get("/beheer/")
    assert r.status_code == 302 and r.url.startswith(reverse("accounts:login"))
    assert not logged_in(other)
