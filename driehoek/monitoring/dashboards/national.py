"""The national page: cached for a short time, keyed on the latest change."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import Max, Q
from django.utils import translation

from driehoek.agreements.models import Agreement

from ..models import ProgressReport
from .base import Filters
from .scoped import national_coverage, scope_dashboard

NATIONAL_CACHE_SECONDS = 60


def data_version() -> str:
    """The latest change that moves the national figures: a progress report written (its
    ``updated_at`` is indexed; reviews, corrections and imports all move it) or an agreement
    changed (status, period). Two cheap queries. Changes that move neither (a commitment or a
    target edited on a concluded agreement) show once the cache entry expires."""
    # One MAX per query: SQLite answers a lone MAX of an indexed column from the index.
    report = ProgressReport.objects.aggregate(m=Max("updated_at"))["m"]
    agreement = Agreement.objects.aggregate(m=Max("updated_at"))["m"]
    return f"{report}|{agreement}"


def national_dashboard(filters: Filters) -> tuple[dict, dict]:
    """``(scope_dashboard(Q()), national_coverage())`` for the year, cached for
    NATIONAL_CACHE_SECONDS per language, filters and data version."""
    parts = [translation.get_language() or "", filters.year, filters.theme, filters.party]
    key = (
        "monitoring:national:" + hashlib.sha256(repr([*parts, data_version()]).encode()).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = (scope_dashboard(Q(), filters), national_coverage(filters.year))
        cache.set(key, found, NATIONAL_CACHE_SECONDS)
    return found
