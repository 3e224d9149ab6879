"""The real client address behind a proxy, and rate-limit counters shared through the cache."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from driehoek.core import ratelimit
from driehoek.core.clientip import client_ip

rf = RequestFactory()


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


@override_settings(DRIEHOEK_TRUSTED_PROXIES="")
def test_without_trusted_proxies_the_header_is_ignored():
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(DRIEHOEK_TRUSTED_PROXIES="10.0.0.0/8, 192.0.2.7")
def test_header_is_honoured_only_from_a_trusted_proxy():
    assert client_ip(request("10.1.2.3", "198.51.100.1")) == "198.51.100.1"
    assert client_ip(request("192.0.2.7", "198.51.100.2")) == "198.51.100.2"
    # A client that is not our proxy cannot choose its address.
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(DRIEHOEK_TRUSTED_PROXIES="10.0.0.0/8")
def test_spoofed_entries_left_of_the_real_client_are_ignored():
    # The client sent "X-Forwarded-For: 1.2.3.4"; our proxies appended the real address.
    assert client_ip(request("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"
    # Garbage or a missing header: the proxy's own address, never an invented one.
    assert client_ip(request("10.0.0.2", "not-an-address")) == "10.0.0.2"
    assert client_ip(request("10.0.0.2")) == "10.0.0.2"


@override_settings(DRIEHOEK_TRUSTED_PROXIES="1")
def test_hop_count_takes_the_entry_appended_by_our_proxy():
    assert client_ip(request("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(request("10.0.0.2", "[2001:db8::5]:443")) == "2001:db8::5"
    assert client_ip(request("10.0.0.2")) == "10.0.0.2"


@override_settings(DRIEHOEK_TRUSTED_PROXIES="2")
def test_hop_count_two():
    assert client_ip(request("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"


@pytest.fixture
def clean_cache():
    cache.clear()
    yield
    cache.clear()


def test_counter_blocks_after_the_limit_and_keeps_its_window(clean_cache):
    start = 3600 * 1000.0
    assert [ratelimit.hit("k", limit=2, window=60, now=start + i) for i in range(4)] == [
        False,
        False,
        True,
        True,
    ]
    # Still the same window 59 s later; a new window starts after it.
    assert ratelimit.hit("k", limit=2, window=60, now=start + 59)
    assert not ratelimit.hit("k", limit=2, window=60, now=start + 60)
    assert not ratelimit.hit("other", limit=2, window=60, now=start)


@pytest.mark.django_db(transaction=True)
def test_database_cache_counts_atomically_by_slots():
    from django.core.management import call_command

    call_command("createcachetable", "driehoek_test_rl")
    db_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "driehoek_test_rl",
        }
    }
    with override_settings(CACHES=db_cache):
        from django.core.cache import caches
        from django.core.cache.backends.db import DatabaseCache

        assert isinstance(caches["default"], DatabaseCache)
        try:
            results = [ratelimit.hit("db", limit=3, window=600, now=6000.0) for _ in range(5)]
            assert results == [False, False, False, True, True]
            assert ratelimit.count("db", window=600, now=6000.0) == 3
        finally:
            caches["default"].clear()


@pytest.mark.django_db
def test_audit_event_records_the_forwarded_client(world, client_for, settings):
    """The audit log keeps the client a trusted proxy forwarded, not the proxy itself."""
    from django.urls import reverse

    from driehoek.core.models import AuditEvent

    settings.DRIEHOEK_TRUSTED_PROXIES = "10.0.0.1"
    client = client_for(world.users["admin"])
    response = client.post(
        reverse("organisations:members", kwargs={"slug": world.gemeente.slug}),
        {"email": "nieuw@example.org", "role": "viewer"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert response.status_code in (302, 303)
    event = AuditEvent.objects.filter(action__startswith="organisations.invitation").latest("id")
    assert event.client_address == "203.0.113.9"
    # Outside a request there is no client.
    from driehoek.core import audit

    outside = audit.log(action="core.test.logged", target=world.gemeente)
    assert outside.client_address is None
