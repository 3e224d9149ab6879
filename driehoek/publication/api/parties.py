"""Parties to published agreements, and the yearly cycles."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Query

from driehoek.organisations.models import Organisation, OrganisationKind

from .. import selectors
from .common import (
    ERRORS_LIST,
    _absolute,
    _known_org,
    _org,
    _page,
    not_modified,
    published_get,
)
from .schemas import CycleFilterQuery, CycleOut, CyclePage, PartyFilterQuery, PartyPage

# Parties and cycles ---------------------------------------------------------------------------


def _party(o) -> dict:
    return {
        **_org(o),
        "province": o.province,
        "published_agreements": o.published_count,
        "url": _absolute(reverse("publication:organisation", kwargs={"slug": o.slug})),
    }


@published_get(
    "/parties",
    PartyPage,
    errors=ERRORS_LIST,
    summary="Organisations that are party to a published agreement",
)
def list_parties(request, response: HttpResponse, filters: Query[PartyFilterQuery]):
    qs = selectors.published_parties(kind=filters.kind or "")
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _page(qs, filters, _party)


def _cycle(c) -> dict:
    return {
        "id": str(c.uuid),
        "year": c.year,
        "gemeente": _org(c.gemeente),
        "participants": [_org(o) for o in c.participants.all()],
        "ibw_due": c.ibw_due,
        "bod_due": c.bod_due,
        "submission_due": c.submission_due,
        "published_agreements": [str(a.uuid) for a in c.published],
    }


def _with_cycle_details(qs):
    return qs.prefetch_related(
        Prefetch(
            "participants",
            queryset=Organisation.objects.active().order_by("name"),
        ),
        Prefetch(
            "agreements",
            queryset=selectors.published_agreements().order_by("pk"),
            to_attr="published",
        ),
    )


@published_get(
    "/cycles",
    CyclePage,
    errors=ERRORS_LIST,
    summary="Yearly cycles with their statutory dates",
    description="Dates and parties only; nothing of the negotiation is public.",
)
def list_cycles(request, response: HttpResponse, filters: Query[CycleFilterQuery]):
    qs = selectors.public_cycles()
    if filters.gemeente:
        _known_org(filters.gemeente, OrganisationKind.GEMEENTE, "gemeente")
        qs = qs.filter(Q(gemeente__slug=filters.gemeente) | Q(gemeente__code=filters.gemeente))
    if filters.year:
        qs = qs.filter(year=filters.year)
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _page(_with_cycle_details(qs), filters, _cycle)


@published_get("/cycles/{cycle_id}", CycleOut, summary="One cycle")
def get_cycle(request, response: HttpResponse, cycle_id: str):
    cycle = (
        _with_cycle_details(selectors.public_cycles())
        .filter(uuid=selectors.parse_uuid(cycle_id))
        .first()
    )
    if cycle is None:
        raise Http404
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _cycle(cycle)
