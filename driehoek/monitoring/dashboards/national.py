"""The national page: cached per data version, so a change shows on the next request."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone, translation

from driehoek.core import dataversion

from .base import Filters
from .scoped import national_coverage, scope_dashboard

# The key holds the data version, so this only bounds how long an unused entry is kept.
NATIONAL_CACHE_SECONDS = 600


def data_version() -> str:
    """The data version (``core.dataversion``): raised by every write that changes what the
    dashboards show, so a cached page is never older than the last change. One primary-key
    read."""
    return dataversion.current().token


def national_dashboard(filters: Filters) -> tuple[dict, dict]:
    """``(scope_dashboard(Q()), national_coverage())`` for the year, cached for
    NATIONAL_CACHE_SECONDS per language, filters and data version."""
    # Today is in the key too: lateness is judged against it.
    parts = [
        translation.get_language() or "",
        filters.year,
        filters.theme,
        filters.party,
        timezone.localdate(),
    ]
    key = (
        "monitoring:national:" + hashlib.sha256(repr([*parts, data_version()]).encode()).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = (scope_dashboard(Q(), filters), national_coverage(filters.year))
        cache.set(key, found, NATIONAL_CACHE_SECONDS)
    return found
