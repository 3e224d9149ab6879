"""Sign-up limits behind a reverse proxy: one client is blocked, the others are not."""

import pytest
from django.test import override_settings

from driehoek.community.models import Registration

from .factories import CommunityFactory, MeetingFactory
from .test_views import form_data, signup_url

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


def post_from(client, community, forwarded, email):
    return client.post(
        signup_url(community),
        form_data(email=email),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@override_settings(DRIEHOEK_TRUSTED_PROXIES="10.0.0.0/24")
def test_burst_from_one_address_behind_the_proxy_does_not_block_another(client):
    community = CommunityFactory()
    MeetingFactory(community=community, capacity=200)
    statuses = [
        post_from(client, community, "198.51.100.1", f"burst{i}@example.org").status_code
        for i in range(31)
    ]
    assert statuses[:30] == [302] * 30
    assert statuses[30] == 400  # the 31st from the same client is refused
    r = post_from(client, community, "198.51.100.1", "late@example.org")
    assert r.status_code == 400 and "te veel pogingen" in r.content.decode()
    # Someone else behind the same proxy can still sign up.
    r = post_from(client, community, "198.51.100.2", "ander@example.org")
    assert r.status_code == 302
    assert Registration.objects.filter(email="ander@example.org").exists()
    assert not Registration.objects.filter(email="late@example.org").exists()


@override_settings(DRIEHOEK_TRUSTED_PROXIES="10.0.0.0/24")
def test_forwarded_header_from_an_untrusted_client_does_not_dodge_the_limit(client):
    community = CommunityFactory()
    MeetingFactory(community=community, capacity=200)
    statuses = [
        client.post(
            signup_url(community),
            form_data(email=f"spoof{i}@example.org"),
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}",  # a new "address" each time: ignored
        ).status_code
        for i in range(31)
    ]
    assert statuses[-1] == 400
    assert Registration.objects.count() == 30
