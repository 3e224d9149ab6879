"""Open data API of what the parties published: agreements, parties, commitments, progress,
cycles, and bulk downloads. Read-only, no login. Every read goes through ``selectors``.

Identifiers are stable: UUIDs for agreements, commitments, progress reports and cycles; slugs
(and CBS gemeentecodes / L-numbers) for organisations. Lists are paginated (``page_size`` at
most 200) and carry ETag and Last-Modified; send If-None-Match or If-Modified-Since to get
304 Not Modified.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Literal

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import http_date, parse_http_date_safe
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from driehoek.agreements.models import AgreementKind, CommitmentKind, Theme
from driehoek.core.schemas import ErrorOut, Text, ValidationErrorOut
from driehoek.organisations.models import (
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Province,
    Region,
)

from . import selectors
from .bulk import DATASETS, stream_csv, stream_json

router = Router(tags=["published agreements"])

MAX_PAGE_SIZE = 200
CACHE_CONTROL = "public, max-age=300"

DatasetName = Literal["agreements", "parties", "commitments", "targets", "progress", "cycles"]
PublicStatus = Literal["concluded", "submitted"]
ProgressStatusCode = Literal["on_track", "at_risk", "achieved", "not_achieved", "cancelled"]


AGREEMENT_EXAMPLE = "3f6c1c2e-8a0b-4d55-9a53-0d7f0c1e2a11"

# Schemas ---------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str = Field(
        ..., description="Stable identifier of the organisation.", examples=["utrecht"]
    )
    name: str = Field(..., examples=["Utrecht"])
    kind: OrganisationKind
    code: str = Field(
        ..., description="CBS gemeentecode or L-number; empty when unknown.", examples=["0344"]
    )


class AgreementOut(Schema):
    id: str = Field(
        ..., description="UUID of the agreement (stable).", examples=[AGREEMENT_EXAMPLE]
    )
    title: str = Field(..., examples=["Prestatieafspraken Utrecht 2025–2028"])
    kind: AgreementKind
    status: PublicStatus = Field(
        ..., description="concluded = signed; submitted = sent to the minister."
    )
    period_start: int = Field(..., examples=[2025])
    period_end: int = Field(..., examples=[2028])
    gemeente: OrganisationRef
    province: str
    cycle_id: str = Field(..., description="UUID of the yearly cycle.")
    cycle_year: int
    concluded_at: datetime | None = Field(..., description="When the last required party signed.")
    published_at: datetime = Field(..., description="When all parties agreed to publish.")
    content_hash: str = Field(..., description="SHA-256 fingerprint of the signed version.")
    parties: list[OrganisationRef]
    is_demo: bool = Field(..., description="True for made-up demo data.")
    url: str = Field(..., description="Public page.")
    pdf_url: str = Field(..., description="The signed agreement as accessible PDF.")


class TargetOut(Schema):
    year: int = Field(..., examples=[2025])
    value: float = Field(..., examples=[120.0])


class ProgressOut(Schema):
    id: str = Field(..., description="UUID of the progress report.")
    commitment_id: str
    agreement_id: str
    period_year: int = Field(..., examples=[2025])
    period_quarter: int | None = Field(
        ..., description="1–4, or null for the whole year.", examples=[2]
    )
    period_end: date
    realised: float = Field(
        ...,
        description="Position at the end of the period, cumulative over the year.",
        examples=[64.0],
    )
    status: ProgressStatusCode
    explanation: str
    updated_at: datetime


class CommitmentOut(Schema):
    id: str = Field(..., description="UUID of the commitment (stable).")
    agreement_id: str
    gemeente: OrganisationRef
    reference: str = Field(..., examples=["A-03"])
    number: int
    theme: Theme
    kind: CommitmentKind
    title: str = Field(..., examples=["120 sociale huurwoningen per jaar bouwen"])
    description: str
    summary_b1: str = Field(..., description="Summary in plain language (B1).")
    responsible: OrganisationRef
    counterparties: list[OrganisationRef]
    indicator: str
    unit: str = Field(..., examples=["woningen"])
    baseline: float | None
    estimated_cost: float | None = Field(..., description="Euro.")
    dependencies: str
    targets: list[TargetOut]
    progress: list[ProgressOut] = Field(..., description="Only progress every party confirmed.")


class ClauseOut(Schema):
    title: str
    text: str


class AgreementDetailOut(AgreementOut):
    clauses: list[ClauseOut]
    commitments: list[CommitmentOut]


class AgreementPage(Schema):
    count: int = Field(..., examples=[1])
    page: int = Field(..., examples=[1])
    page_size: int = Field(..., examples=[50])
    results: list[AgreementOut]


class CommitmentPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CommitmentOut]


class ProgressPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[ProgressOut]


class PartyOut(OrganisationRef):
    province: str
    published_agreements: int = Field(
        ..., description="Number of published agreements it is party to."
    )
    url: str


class PartyPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[PartyOut]


class CycleOut(Schema):
    id: str = Field(..., description="UUID of the cycle (stable).")
    year: int = Field(..., examples=[2025])
    gemeente: OrganisationRef
    participants: list[OrganisationRef]
    ibw_due: date = Field(..., description="Financial indication (IBW) due.")
    bod_due: date = Field(..., description="Bod available on.")
    submission_due: date = Field(..., description="Agreements submitted before.")
    published_agreements: list[str] = Field(..., description="UUIDs of its published agreements.")


class CyclePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CycleOut]


class Paging(Schema):
    page: int = Field(1, ge=1, le=100000, description="Page number, from 1.")
    page_size: int = Field(
        50, ge=1, le=MAX_PAGE_SIZE, description="Results per page (at most 200)."
    )


class AgreementFilterQuery(Paging):
    gemeente: Text | None = Field(
        None,
        max_length=100,
        description="Slug or CBS code of a gemeente that is a party.",
        # A parameter's `examples` must be a map in OpenAPI; `example` is copied as is.
        json_schema_extra={"example": "0344"},
    )
    corporatie: Text | None = Field(
        None, max_length=100, description="Slug or L-number of a corporatie that is a party."
    )
    region: Text | None = Field(None, max_length=100, description="Slug of a region.")
    province: Province | None = None
    theme: Theme | None = Field(
        None, description="Only agreements with a commitment on this theme."
    )
    year: int | None = Field(
        None, ge=2015, le=2100, description="Agreements that apply in this year."
    )
    status: PublicStatus | None = None
    q: Text = Field("", max_length=100, description="Search in title and gemeente name.")


class CommitmentFilterQuery(AgreementFilterQuery):
    agreement: Text | None = Field(None, max_length=64, description="UUID of an agreement.")
    kind: CommitmentKind | None = None
    responsible: Text | None = Field(
        None, max_length=100, description="Slug of the responsible party."
    )


class ProgressFilterQuery(Paging):
    agreement: Text | None = Field(None, max_length=64, description="UUID of an agreement.")
    commitment: Text | None = Field(None, max_length=64, description="UUID of a commitment.")
    gemeente: Text | None = Field(
        None, max_length=100, description="Slug or CBS code of a gemeente."
    )
    year: int | None = Field(None, ge=2015, le=2100)
    status: ProgressStatusCode | None = None


class PartyFilterQuery(Paging):
    kind: OrganisationKind | None = None


class CycleFilterQuery(Paging):
    gemeente: Text | None = Field(
        None, max_length=100, description="Slug or CBS code of the gemeente."
    )
    year: int | None = Field(None, ge=2015, le=2100)


# Helpers ---------------------------------------------------------------------------------------

ERRORS_LIST = {304: None, 404: ErrorOut, 422: ValidationErrorOut}
ERRORS_ONE = {304: None, 404: ErrorOut}
CACHE_HEADERS = {
    "ETag": {
        "description": "Changes whenever anything is published or confirmed progress changes.",
        "required": True,
        "schema": {"type": "string"},
    },
    "Cache-Control": {"required": True, "schema": {"type": "string", "const": CACHE_CONTROL}},
    "Last-Modified": {
        "description": "When something was last published (absent while nothing is).",
        "schema": {"type": "string"},
    },
}
CONDITIONAL_PARAMETERS = [
    {
        "in": "header",
        "name": "If-None-Match",
        "required": False,
        "description": "An ETag you have: 304 when it is still current.",
        "schema": {"type": "string"},
    },
    {
        "in": "header",
        "name": "If-Modified-Since",
        "required": False,
        "description": "An HTTP date: 304 when nothing changed since (ignored with If-None-Match).",
        "schema": {"type": "string"},
    },
]
NOT_MODIFIED = {
    "description": "Not modified since the ETag (If-None-Match) or date (If-Modified-Since) you sent.",
    "headers": CACHE_HEADERS,
}
NOT_MODIFIED_DOC = {
    "parameters": CONDITIONAL_PARAMETERS,
    "responses": {
        # Int keys, like the ones `response=` makes: a "304" string would be a second key
        # in the JSON document (Swagger UI refuses duplicated keys).
        200: {"headers": CACHE_HEADERS},
        304: NOT_MODIFIED,
    },
}


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _num(value) -> float | None:
    return None if value is None else float(value)


def _org(o: Organisation) -> dict:
    return {"slug": o.slug, "name": o.name, "kind": o.kind, "code": o.code}


def not_modified(request, response: HttpResponse, *parts) -> HttpResponseNotModified | None:
    """Set ETag, Last-Modified and Cache-Control; a 304 when the client's copy is current.

    The validators change whenever anything is published or confirmed progress changes."""
    stamp = selectors.last_changed()
    key = "|".join([request.get_full_path(), *map(str, parts), stamp.isoformat() if stamp else "-"])
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if stamp is not None:
        headers["Last-Modified"] = http_date(stamp.timestamp())
    for k, v in headers.items():
        response[k] = v
    match = False
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        match = "*" in tags or etag in tags
    elif stamp is not None and request.headers.get("If-Modified-Since"):
        since = parse_http_date_safe(request.headers["If-Modified-Since"])
        match = since is not None and int(stamp.timestamp()) <= since
    if not match:
        return None
    result = HttpResponseNotModified()
    for k, v in headers.items():
        result[k] = v
    return result


def _page(qs, paging: Paging, convert) -> dict:
    count = qs.count()
    start = (paging.page - 1) * paging.page_size
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "results": [convert(o) for o in qs[start : start + paging.page_size]],
    }


def _known_org(value: str | None, kind: str, label: str) -> None:
    if not value:
        return
    exists = (
        Organisation.objects.filter(kind=kind, status=OrganisationStatus.ACTIVE)
        .filter(slug=value)
        .exists()
        or Organisation.objects.filter(kind=kind, code=value).exists()
    )
    if not exists:
        raise HttpError(404, f"Onbekende {label}: {value}")


def _filters(f: AgreementFilterQuery) -> selectors.AgreementFilters:
    _known_org(f.gemeente, OrganisationKind.GEMEENTE, "gemeente")
    _known_org(f.corporatie, OrganisationKind.CORPORATIE, "corporatie")
    if f.region and not Region.objects.filter(slug=f.region).exists():
        raise HttpError(404, f"Onbekende regio: {f.region}")
    return selectors.AgreementFilters(
        gemeente=f.gemeente or "",
        corporatie=f.corporatie or "",
        region=f.region or "",
        province=f.province or "",
        theme=f.theme or "",
        year=f.year,
        status=f.status or "",
        q=f.q,
    )


def _agreement(a) -> dict:
    return {
        "id": str(a.uuid),
        "title": a.title,
        "kind": a.kind,
        "status": a.status,
        "period_start": a.period_start,
        "period_end": a.period_end,
        "gemeente": _org(a.cycle.gemeente),
        "province": a.cycle.gemeente.province,
        "cycle_id": str(a.cycle.uuid),
        "cycle_year": a.cycle.year,
        "concluded_at": a.concluded_at,
        "published_at": a.publication.published_at,
        "content_hash": a.publication.content_hash,
        "parties": [_org(p.organisation) for p in a.parties.all()],
        "is_demo": a.cycle.gemeente.is_demo,
        "url": _absolute(reverse("publication:agreement", kwargs={"agreement_id": a.uuid})),
        "pdf_url": _absolute(reverse("publication:agreement_pdf", kwargs={"agreement_id": a.uuid})),
    }


def _progress(r, agreement_id=None) -> dict:
    from driehoek.monitoring.models import period_end

    return {
        "id": str(r.uuid),
        "commitment_id": str(r.commitment.uuid),
        "agreement_id": str(agreement_id or r.commitment.agreement.uuid),
        "period_year": r.period_year,
        "period_quarter": r.period_quarter,
        "period_end": period_end(r.period_year, r.period_quarter),
        "realised": float(r.realised),
        "status": r.status,
        "explanation": r.explanation,
        "updated_at": r.updated_at,
    }


def _commitment(c) -> dict:
    agreement = c.agreement
    return {
        "id": str(c.uuid),
        "agreement_id": str(agreement.uuid),
        "gemeente": _org(agreement.cycle.gemeente),
        "reference": c.reference,
        "number": c.number,
        "theme": c.theme,
        "kind": c.kind,
        "title": c.title,
        "description": c.description,
        "summary_b1": c.summary_b1,
        "responsible": _org(c.responsible),
        "counterparties": [_org(o) for o in c.counterparties.all()],
        "indicator": c.indicator,
        "unit": c.unit,
        "baseline": _num(c.baseline),
        "estimated_cost": _num(c.estimated_cost),
        "dependencies": c.dependencies,
        "targets": [{"year": t.year, "value": float(t.value)} for t in c.targets.all()],
        "progress": [_progress(r, agreement.uuid) for r in c.confirmed],
    }


def _with_commitment_details(qs):
    from django.db.models import Prefetch

    return qs.prefetch_related(
        "targets",
        "counterparties",
        Prefetch("progress_reports", queryset=selectors.confirmed_progress(), to_attr="confirmed"),
    )


# Agreements -----------------------------------------------------------------------------------


@router.get(
    "/agreements",
    response={200: AgreementPage, **ERRORS_LIST},
    summary="List published agreements",
    description=(
        "Signed agreements that all parties decided to publish, ordered by gemeente, then "
        "newest period. Unknown gemeente, corporatie or region: 404."
    ),
    openapi_extra=NOT_MODIFIED_DOC,
)
def list_published_agreements(
    request, response: HttpResponse, filters: Query[AgreementFilterQuery]
):
    qs = selectors.with_parties(selectors.published_agreements(_filters(filters)))
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _page(qs, filters, _agreement)


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetailOut, **ERRORS_ONE},
    summary="One published agreement with its articles, commitments, targets and confirmed progress",
    openapi_extra=NOT_MODIFIED_DOC,
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


# Parties and cycles ---------------------------------------------------------------------------


def _party(o) -> dict:
    return {
        **_org(o),
        "province": o.province,
        "published_agreements": o.published_count,
        "url": _absolute(reverse("publication:organisation", kwargs={"slug": o.slug})),
    }


@router.get(
    "/parties",
    response={200: PartyPage, **ERRORS_LIST},
    summary="Organisations that are party to a published agreement",
    openapi_extra=NOT_MODIFIED_DOC,
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
    from django.db.models import Prefetch

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


@router.get(
    "/cycles",
    response={200: CyclePage, **ERRORS_LIST},
    summary="Yearly cycles with their statutory dates",
    description="Dates and parties only; nothing of the negotiation is public.",
    openapi_extra=NOT_MODIFIED_DOC,
)
def list_cycles(request, response: HttpResponse, filters: Query[CycleFilterQuery]):
    qs = selectors.public_cycles()
    if filters.gemeente:
        _known_org(filters.gemeente, OrganisationKind.GEMEENTE, "gemeente")
        from django.db.models import Q

        qs = qs.filter(Q(gemeente__slug=filters.gemeente) | Q(gemeente__code=filters.gemeente))
    if filters.year:
        qs = qs.filter(year=filters.year)
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _page(_with_cycle_details(qs), filters, _cycle)


@router.get(
    "/cycles/{cycle_id}",
    response={200: CycleOut, **ERRORS_ONE},
    summary="One cycle",
    openapi_extra=NOT_MODIFIED_DOC,
)
def get_cycle(request, response: HttpResponse, cycle_id: str):
    cycle = (
        _with_cycle_details(selectors.public_cycles())
        .filter(uuid=selectors.parse_uuid(cycle_id))
        .first()
    )
    if cycle is None:
        from django.http import Http404

        raise Http404
    if (cached := not_modified(request, response)) is not None:
        return cached
    return _cycle(cycle)


# Bulk downloads -------------------------------------------------------------------------------

BULK_DESCRIPTION = (
    "Everything published, one flat table per dataset, streamed. Datasets: "
    + "; ".join(
        f"`{d.name}`: {d.description} Columns: " + ", ".join(f"`{c}`" for c, _d in d.columns)
        for d in DATASETS.values()
    )
)


def _bulk(request, response: HttpResponse, dataset: str, fmt: str):
    if (cached := not_modified(request, response, fmt)) is not None:
        return cached
    ds = DATASETS[dataset]
    if fmt == "csv":
        result = StreamingHttpResponse(stream_csv(ds), content_type="text/csv; charset=utf-8")
    else:
        result = StreamingHttpResponse(stream_json(ds), content_type="application/json")
    result["Content-Disposition"] = f'attachment; filename="driehoek-{ds.name}.{fmt}"'
    for key in ("ETag", "Last-Modified", "Cache-Control"):
        if key in response:
            result[key] = response[key]
    return result


def _bulk_doc(content_type: str, schema: dict) -> dict:
    return {
        "parameters": CONDITIONAL_PARAMETERS,
        "responses": {
            200: {
                "description": "The dataset, streamed.",
                "headers": {
                    **CACHE_HEADERS,
                    "Content-Disposition": {
                        "description": 'attachment; filename="driehoek-<dataset>.<format>"',
                        "required": True,
                        "schema": {"type": "string"},
                    },
                },
                "content": {content_type: {"schema": schema}},
            },
            304: NOT_MODIFIED,
        },
    }


@router.get(
    "/bulk/{dataset}.csv",
    response={422: ValidationErrorOut},
    summary="Bulk download as CSV",
    description=BULK_DESCRIPTION
    + ". CSV: UTF-8, comma-separated, header row, empty cell for null.",
    openapi_extra=_bulk_doc("text/csv", {"type": "string"}),
)
def bulk_csv(request, response: HttpResponse, dataset: DatasetName):
    return _bulk(request, response, dataset, "csv")


@router.get(
    "/bulk/{dataset}.json",
    response={422: ValidationErrorOut},
    summary="Bulk download as JSON",
    description=BULK_DESCRIPTION + ". JSON: one array of objects with the same columns as the CSV.",
    openapi_extra=_bulk_doc("application/json", {"type": "array", "items": {"type": "object"}}),
)
def bulk_json(request, response: HttpResponse, dataset: DatasetName):
    return _bulk(request, response, dataset, "json")
