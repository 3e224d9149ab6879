"""Agreements, their commitments and the progress every party confirmed."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query

from driehoek.organisations.models import OrganisationKind

from .. import selectors
from .common import (
    ERRORS_LIST,
    ERRORS_ONE,
    NOT_MODIFIED_DOC,
    _agreement,
    _commitment,
    _filters,
    _known_org,
    _page,
    _progress,
    _with_commitment_details,
    not_modified,
    operation_id,
    router,
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


@router.get(
    "/agreements",
    response={200: AgreementPage, **ERRORS_LIST},
    summary="List published agreements",
    description=(
        "Signed agreements that the parties that signed decided to publish, ordered by "
        "gemeente, then newest period. Unknown gemeente, corporatie or region: 404."
    ),
    openapi_extra=NOT_MODIFIED_DOC,
    operation_id=operation_id("list_published_agreements"),
)
def list_published_agreements(
    request, response: HttpResponse, filters: Query[AgreementFilterQuery]
):
    qs = selectors.with_decisions(selectors.published_agreements(_filters(filters)))
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _page(qs, filters, _agreement)


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **ERRORS_ONE},
    summary="One published agreement with its articles, commitments, targets and confirmed progress",
    openapi_extra=NOT_MODIFIED_DOC,
    operation_id=operation_id("get_published_agreement"),
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


@router.get(
    "/agreements/{agreement_id}/commitments",
    response={200: list[CommitmentOut], **ERRORS_ONE},
    summary="The commitments of one published agreement",
    openapi_extra=NOT_MODIFIED_DOC,
    operation_id=operation_id("list_agreement_commitments"),
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


@router.get(
    "/commitments",
    response={200: CommitmentPage, **ERRORS_LIST},
    summary="List commitments of published agreements",
    description=(
        "Filter on the agreement's gemeente, corporatie, region, province, year and status, "
        "and on the commitment's theme, kind and responsible party. Compare the same theme "
        "between gemeenten with `theme`."
    ),
    openapi_extra=NOT_MODIFIED_DOC,
    operation_id=operation_id("list_published_commitments"),
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
    if theme:
        qs = qs.filter(theme=theme)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.responsible:
        qs = qs.filter(responsible__slug=filters.responsible)
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _page(_with_commitment_details(qs), filters, _commitment)


@router.get(
    "/commitments/{commitment_id}",
    response={200: CommitmentOut, **ERRORS_ONE},
    summary="One commitment of a published agreement",
    openapi_extra=NOT_MODIFIED_DOC,
    operation_id=operation_id("get_published_commitment"),
)
def get_published_commitment(request, response: HttpResponse, commitment_id: str):
    commitment = selectors.published_commitment_get(commitment_id)
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _commitment(commitment)


# Progress -------------------------------------------------------------------------------------


@router.get(
    "/progress",
    response={200: ProgressPage, **ERRORS_LIST},
    summary="List progress that every party confirmed",
    description="Progress reports that are awaiting confirmation or contested are never listed.",
    openapi_extra=NOT_MODIFIED_DOC,
    operation_id=operation_id("list_progress"),
)
def list_progress(request, response: HttpResponse, filters: Query[ProgressFilterQuery]):
    qs = selectors.confirmed_progress().select_related("commitment__agreement")
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
    if filters.year:
        qs = qs.filter(period_year=filters.year)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _page(qs, filters, _progress)
