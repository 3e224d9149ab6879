"""Dashboard data: a fixed number of aggregate queries per page, whatever the data size.

Figures of different units are never added up: sums are per theme *and* unit. A commitment's
figure for a year is its latest report in that year (``is_latest``), cumulative for the year.

A package by topic (base, agreement, scoped, national, scopes); this module re-exports every
name so `driehoek.monitoring.dashboards.<name>` imports stay stable."""

from .agreement import (  # noqa: F401
    agreement_dashboard,
)
from .base import (  # noqa: F401
    NO_REPORT,
    STATUS_FILL,
    STATUS_ORDER,
    Filters,
    _fmt,
    bar_chart,
    light_of,
    status_chart,
    status_columns,
    status_label,
)
from .national import (  # noqa: F401
    NATIONAL_CACHE_SECONDS,
    data_version,
    national_dashboard,
)
from .scoped import (  # noqa: F401
    BREAKDOWN_SORTS,
    SCOPE_AGREEMENT_SORTS,
    _scope_commitments,
    agreements_in_scope,
    agreements_in_scope_qs,
    breakdown_matching,
    national_coverage,
    scope_dashboard,
)
from .scopes import (  # noqa: F401
    BY_GEMEENTE,
    NATIONAL,
    Scope,
    party_scope,
    region_scope,
    scope_figures,
)
