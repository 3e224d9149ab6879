"""Agreements, their commitments and the progress every party confirmed."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query

from driehoek.organisations.models import OrganisationKind

from .. import selectors
from . import paging
from .common import (
    ERRORS_LIST,
    _agreement,
    _commitment,
    _filters,
    _known_org,
    _narrowed,
    _progress,
    _with_commitment_details,
    not_modified,
    published_get,
)
from .schemas import (
    AgreementDetailOut,
    AgreementFilterQuery,
    AgreementPage,
    CommitmentFilterQuery,
    CommitmentOut,
    CommitmentPage,
    ProgressFilterQuery,
    ProgressPage,
)

# Agreements -----------------------------------------------------------------------------------


@published_get(
    "/agreements",
    AgreementPage,
    errors=ERRORS_LIST,
    summary="List published agreements",
    description=(
        "Signed agreements that the parties that signed decided to publish, ordered by "
        "gemeente, then newest period. Unknown gemeente, corporatie or region: 404. " + paging.DOC
    ),
)
def list_published_agreements(
    request, response: HttpResponse, filters: Query[AgreementFilterQuery]
):
    qs = selectors.with_decisions(selectors.published_agreements(_filters(filters)))
    if (refused := paging.refused(request, qs, filters)) is not None:
        return refused
    if (cached := not_modified(request, response)) is not None:
        return cached
    return paging.page(request, qs, filters, _agreement)


@published_get(
    "/agreements/{agreement_id}",
    AgreementDetailOut,
    summary="One published agreement with its articles, commitments, targets and confirmed progress",
)
def get_published_agreement(request, response: HttpResponse, agreement_id: str):
    agreement = selectors.published_agreement_get(agreement_id)
    if (cached := not_modified(request, response)) is not None:
        return cached
    data = _agreement(agreement)
    data["clauses"] = [
        {"title": c.title, "text": c.text} for c in selectors.published_clauses(agreement)
    ]
    commitments = _with_commitment_details(
        selectors.published_commitments().filter(agreement=agreement).order_by("number")
    )
    data["commitments"] = [_commitment(c) for c in commitments]
    return data


@published_get(
    "/agreements/{agreement_id}/commitments",
    list[CommitmentOut],
    summary="The commitments of one published agreement",
)
def list_agreement_commitments(request, response: HttpResponse, agreement_id: str):
    agreement = selectors.published_agreement_get(agreement_id)
    if (cached := not_modified(request, response)) is not None:
        return cached
    qs = _with_commitment_details(
        selectors.published_commitments().filter(agreement=agreement).order_by("number")
    )
    return [_commitment(c) for c in qs]


# Commitments ----------------------------------------------------------------------------------


@published_get(
    "/commitments",
    CommitmentPage,
    errors=ERRORS_LIST,
    summary="List commitments of published agreements",
    description=(
        "Filter on the agreement's gemeente, corporatie, region, province, year and status, "
        "and on the commitment's theme, kind and responsible party. Compare the same theme "
        "between gemeenten with `theme`. " + paging.DOC
    ),
)
def list_published_commitments(
    request, response: HttpResponse, filters: Query[CommitmentFilterQuery]
):
    agreement_filters = _filters(filters)
    theme = agreement_filters.theme
    agreement_filters.theme = ""
    agreements = selectors.published_agreements(agreement_filters)
    if filters.agreement:
        agreements = agreements.filter(uuid=selectors.parse_uuid(filters.agreement))
    qs = selectors.published_commitments().filter(agreement__in=agreements.values("pk"))
    qs = _narrowed(qs, theme=theme, kind=filters.kind, responsible__slug=filters.responsible)
    if (refused := paging.refused(request, qs, filters)) is not None:
        return refused
    if (cached := not_modified(request, response)) is not None:
        return cached
    return paging.page(request, _with_commitment_details(qs), filters, _commitment)


@published_get(
    "/commitments/{commitment_id}", CommitmentOut, summary="One commitment of a published agreement"
)
def get_published_commitment(request, response: HttpResponse, commitment_id: str):
    commitment = selectors.published_commitment_get(commitment_id)
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _commitment(commitment)


# Progress -------------------------------------------------------------------------------------


@published_get(
    "/progress",
    ProgressPage,
    errors=ERRORS_LIST,
    summary="List progress that every party confirmed",
    description=(
        "Progress reports that are awaiting confirmation or contested are never listed, ordered "
        "by commitment, then period. " + paging.DOC
    ),
)
def list_progress(request, response: HttpResponse, filters: Query[ProgressFilterQuery]):
    qs = selectors.confirmed_progress_list()
    if filters.agreement:
        qs = qs.filter(commitment__agreement__uuid=selectors.parse_uuid(filters.agreement))
    if filters.commitment:
        qs = qs.filter(commitment__uuid=selectors.parse_uuid(filters.commitment))
    if filters.gemeente:
        _known_org(filters.gemeente, OrganisationKind.GEMEENTE, "gemeente")
        agreements = selectors.published_agreements(
            selectors.AgreementFilters(gemeente=filters.gemeente)
        )
        qs = qs.filter(commitment__agreement__in=agreements.values("pk"))
    qs = _narrowed(qs, period_year=filters.year, status=filters.status)
    if (refused := paging.refused(request, qs, filters)) is not None:
        return refused
    if (cached := not_modified(request, response)) is not None:
        return cached
    return paging.page(request, qs, filters, _progress)
