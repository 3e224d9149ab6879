"""Fixed-window counters in the Django cache, shared by all app servers when the cache is.

``hit(key, limit=, window=)`` counts one attempt and says whether the limit is exceeded. The
window is part of the key (``<key>:<window number>``), so a counter never outlives its window
and no write can stretch it. Counting is atomic on every backend:

- Redis increments atomically: ``SET NX EX`` (the window's expiry) and ``INCR`` in one
  transaction, so the expiry set at the first hit is kept and no counter lives on without one;
- the per-process memory cache: ``add`` with the expiry, then ``incr``, which keeps it;
- other backends (the database cache) claim numbered slots with ``add``, which only one
  writer can win (the cache table's primary key), so two servers never count the same hit.
"""

from __future__ import annotations

import time

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache


def _bucket(key: str, window: int, now: float | None) -> tuple[str, int]:
    now = time.time() if now is None else now
    number = int(now // window)
    remaining = int((number + 1) * window - now) + 1
    return f"rl:{key}:{window}:{number}", remaining


def hit(key: str, *, limit: int, window: int, now: float | None = None) -> bool:
    """Count one attempt for ``key``; True when this attempt is over ``limit``."""
    bucket, remaining = _bucket(key, window, now)
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return _redis_hit(cache, bucket, remaining) > limit
    if isinstance(cache, LocMemCache):
        # incr keeps the expiry that add set; it raises when the entry expired in between.
        for _attempt in range(3):
            cache.add(bucket, 0, remaining)
            try:
                return cache.incr(bucket) > limit
            except ValueError:
                continue
        return False
    # Slot counting: slot i exists once i+1 hits were counted. A hint skips taken slots.
    start = cache.get(f"{bucket}:n", 0)
    slot = start
    while slot < limit:
        if cache.add(f"{bucket}:{slot}", 1, remaining):
            cache.set(f"{bucket}:n", slot + 1, remaining)
            return False
        slot += 1
    return True


def _redis_hit(cache: RedisCache, bucket: str, remaining: int) -> int:
    """One round trip, in one MULTI/EXEC: create the counter with the window's expiry if it is
    not there (SET NX EX), then INCR, which keeps that expiry. Django's own ``incr`` checks
    ``EXISTS`` first, and an INCR after the key expired in between would make a counter
    without an expiry."""
    name = cache.make_and_validate_key(bucket)
    client = getattr(cache, "_cache").get_client(name, write=True)  # noqa: B009 (private)
    pipe = client.pipeline(transaction=True)
    pipe.set(name, 0, ex=remaining, nx=True)
    pipe.incr(name)
    return int(pipe.execute()[1])


def count(key: str, *, window: int, now: float | None = None) -> int:
    """How many hits were counted in the current window (for tests and messages)."""
    bucket, _ = _bucket(key, window, now)
    cache = caches["default"]
    value = cache.get(bucket)
    if value is not None:
        return int(value)
    return int(cache.get(f"{bucket}:n", 0))
