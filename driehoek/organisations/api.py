"""Open data: organisations and regions (read-only)."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from driehoek.core.schemas import NOT_MODIFIED_DOC, ErrorOut, Text, ValidationErrorOut

from .models import Organisation, OrganisationKind, OrganisationStatus, Province, Region
from .selectors import organisation_list, region_list

router = Router(tags=["organisations"])

MAX_PAGE_SIZE = 200


class OrganisationLink(Schema):
    """Slug and name only (its own name: publication's OrganisationRef has kind and code)."""

    slug: str
    name: str


class OrganisationOut(Schema):
    slug: str = Field(..., description="Stable identifier, also used in page URLs.")
    name: str
    kind: OrganisationKind
    code: str = Field(..., description="CBS gemeentecode or L-number; empty when unknown.")
    province: str
    is_current: bool = Field(..., description="False for gemeenten that merged into another.")
    ended_on: date | None
    successor: OrganisationLink | None = Field(
        None, description="The gemeente it merged into (for historic gemeenten)."
    )
    source: str
    is_demo: bool
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class OrganisationPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[OrganisationOut]


class OrganisationFilters(Schema):
    kind: OrganisationKind | None = Field(None, description="Kind of organisation.")
    province: Province | None = None
    region: Text | None = Field(None, max_length=100, description="Slug of a region.")
    q: Text = Field("", max_length=100, description="Search in name or code.")
    include_historic: bool = Field(False, description="Also list gemeenten that no longer exist.")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE)


@router.get(
    "/organisations",
    response={200: OrganisationPage, 304: None, 404: ErrorOut, 422: ValidationErrorOut},
    openapi_extra=NOT_MODIFIED_DOC,
    summary="List organisations",
    description="Current organisations by default; filter by kind, province and region.",
)
def list_organisations(request, filters: Query[OrganisationFilters]):
    region = None
    if filters.region:
        region = Region.objects.filter(slug=filters.region).first()
        if region is None:
            raise HttpError(404, f"Onbekende regio: {filters.region}")
    qs = organisation_list(
        kind=filters.kind or "",
        province=filters.province or "",
        region=region,
        q=filters.q,
        include_historic=filters.include_historic,
    )
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    results = list(qs[start : start + filters.page_size])
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "results": results,
    }


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationOut, 304: None, 404: ErrorOut, 422: ValidationErrorOut},
    openapi_extra=NOT_MODIFIED_DOC,
    summary="One organisation",
)
def get_organisation(request, slug: Text):
    org = (
        Organisation.objects.select_related("successor")
        .filter(slug=slug, status=OrganisationStatus.ACTIVE)
        .first()
    )
    if org is None:
        raise Http404
    return org


class RegionOut(Schema):
    slug: str
    name: str
    kind: str
    number: int | None
    households: int | None
    expected_gemeenten: int | None
    member_count: int
    members: list[OrganisationLink]


@router.get(
    "/regions",
    response={200: list[RegionOut], 304: None},
    summary="List regions with member gemeenten",
    openapi_extra=NOT_MODIFIED_DOC,
)
def list_regions(request):
    return list(region_list().prefetch_related("members"))


@router.get(
    "/regions/{slug}",
    response={200: RegionOut, 304: None, 404: ErrorOut, 422: ValidationErrorOut},
    openapi_extra=NOT_MODIFIED_DOC,
    summary="One region",
)
def get_region(request, slug: Text):
    region = region_list().prefetch_related("members").filter(slug=slug).first()
    if region is None:
        raise Http404
    return region
