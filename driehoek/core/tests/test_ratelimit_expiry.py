"""The rate limit's counter keeps the expiry it got at the first hit of its window (issue 14,
point 6): later hits count up without stretching it, on the memory cache and on Redis."""

from __future__ import annotations

import os
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.test import override_settings

from driehoek.core import ratelimit

REDIS_URL = os.environ.get("DRIEHOEK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_available() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.3).ping()
    except Exception:
        return False
    return True


def test_memory_cache_keeps_the_first_expiry(clock):
    cache = caches["default"]
    cache.clear()
    moment = clock.travel_to(datetime(2026, 3, 15, 10, 0, tzinfo=UTC))
    start = time.time()  # the start of a 600 s window
    assert start % 600 == 0
    bucket, remaining = ratelimit._bucket("keep", 600, start)
    assert not ratelimit.hit("keep", limit=5, window=600, now=start)
    key = cache.make_key(bucket)
    first = cache._expire_info[key]
    clock.travel_to(moment + timedelta(seconds=30))
    for _ in range(3):
        ratelimit.hit("keep", limit=5, window=600, now=start + 30)
    assert cache._expire_info[key] == first
    assert ratelimit.count("keep", window=600, now=start + 30) == 4
    cache.clear()


def test_memory_cache_counts_again_after_the_counter_expired(clock):
    """incr on an expired entry raises; the hit then starts a new counter instead of failing."""
    cache = caches["default"]
    cache.clear()
    moment = clock.travel_to(datetime(2026, 3, 15, 10, 0, tzinfo=UTC))
    bucket, _ = ratelimit._bucket("gone", 60, 1200.0)
    cache.set(bucket, 7, 1)
    clock.travel_to(
        moment + timedelta(seconds=5)
    )  # the entry above has expired; add() makes a fresh one
    assert not ratelimit.hit("gone", limit=2, window=60, now=1200.0)
    assert ratelimit.count("gone", window=60, now=1200.0) == 1
    cache.clear()


@pytest.mark.skipif(not _redis_available(), reason=f"needs Redis at {REDIS_URL}")
def test_redis_counter_is_atomic_and_keeps_its_ttl():
    prefix = f"dh-test-{uuid.uuid4().hex[:8]}"
    redis_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=redis_cache):
        cache = caches["default"]
        client = cache._cache.get_client(None, write=True)
        now = 3600 * 2000.0 + 10  # 10 s into a 60 s window: 51 s left
        bucket, remaining = ratelimit._bucket("r", 60, now)
        name = cache.make_and_validate_key(bucket)
        try:
            results = [ratelimit.hit("r", limit=3, window=60, now=now) for _ in range(5)]
            assert results == [False, False, False, True, True]
            assert ratelimit.count("r", window=60, now=now) == 5
            ttl = client.ttl(name)
            assert 0 < ttl <= remaining == 51
            # A later hit in the same window does not set the expiry again.
            client.expire(name, 7)
            ratelimit.hit("r", limit=3, window=60, now=now + 20)
            assert 0 < client.ttl(name) <= 7
        finally:
            client.delete(name)
