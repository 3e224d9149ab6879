"""What each scoped dashboard page counts, and its figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from driehoek.organisations.models import Organisation

from .base import Filters
from .national import national_dashboard
from .scoped import agreements_in_scope_qs, breakdown_matching, scope_dashboard


@dataclass
class Scope:
    """What a scoped dashboard counts: ``commitments`` (a Q on Commitment), ``agreements``
    (the same scope as a Q on Agreement, for the list), an optional breakdown per gemeente,
    or the national figures (cached, with the coverage of gemeenten)."""

    commitments: Q
    agreements: Q
    breakdown: str | None = None
    national: bool = False


BY_GEMEENTE = "agreement__cycle__gemeente"


def party_scope(organisation: Organisation, *, breakdown: str | None = None) -> Scope:
    """The agreements the organisation is party to (so regional agreements a gemeente signed
    count for it too)."""
    return Scope(
        Q(agreement__parties__organisation=organisation),
        Q(parties__organisation=organisation),
        breakdown=breakdown,
    )


def region_scope(region) -> Scope:
    return Scope(
        Q(agreement__cycle__gemeente__regions=region),
        Q(cycle__gemeente__regions=region),
        breakdown=BY_GEMEENTE,
    )


NATIONAL = Scope(Q(), Q(), national=True)


def scope_figures(scope: Scope, filters: Filters) -> dict:
    """The figures of a scoped dashboard page: ``data``, ``coverage`` (national only), the
    ``breakdown`` rows per gemeente (None without a breakdown) and the ``agreements`` in scope
    as a QuerySet (None on the national page); the two lists narrowed by ``filters.q``, for
    ``core.listing`` to sort and page."""
    if scope.national:
        data, coverage = national_dashboard(filters)
        return {"data": data, "coverage": coverage, "breakdown": None, "agreements": None}
    data = scope_dashboard(scope.commitments, filters, breakdown=scope.breakdown)
    breakdown = data.get("breakdown")
    return {
        "data": data,
        "coverage": None,
        "breakdown": None if breakdown is None else breakdown_matching(breakdown, filters.q),
        "agreements": agreements_in_scope_qs(scope.agreements, filters.year, q=filters.q),
    }
