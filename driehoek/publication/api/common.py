"""What the open data endpoints share: the router, conditional requests (ETag,
Last-Modified, 304), paging, filters and the conversion of rows to the schemas."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.http import http_date
from ninja import Router
from ninja.errors import HttpError

from driehoek.core import stored
from driehoek.core.schemas import (  # noqa: F401  (re-exported: the API's documented headers)
    CACHE_CONTROL,
    CACHE_HEADERS,
    CONDITIONAL_PARAMETERS,
    NOT_MODIFIED,
    NOT_MODIFIED_DOC,
    ErrorOut,
    ValidationErrorOut,
)
from driehoek.organisations.models import Organisation, OrganisationKind, OrganisationStatus, Region

from .. import decisions, selectors
from .schemas import AgreementFilterQuery, Paging

router = Router(tags=["published agreements"])


def operation_id(name: str) -> str:
    """The OpenAPI operation id an endpoint had when the API was one module: clients generate
    their method names from it, so it stays."""
    return f"driehoek_publication_api_{name}"


ERRORS_LIST = {304: None, 404: ErrorOut, 422: ValidationErrorOut}
ERRORS_ONE = {304: None, 404: ErrorOut}


def published_get(
    path: str, out, *, errors: dict = ERRORS_ONE, summary: str, description: str | None = None
):
    """``router.get`` for an endpoint answered through ``not_modified``: ``out`` on 200 and
    ``errors`` besides (``ERRORS_LIST`` for the ones with query filters), the 304 and cache headers documented, and the operation id (see
    ``operation_id``) taken from the view's name."""

    def register(view):
        return router.get(
            path,
            response={200: out, **errors},
            summary=summary,
            description=description,
            openapi_extra=NOT_MODIFIED_DOC,
            operation_id=operation_id(view.__name__),
        )(view)

    return register


def _absolute(path: str) -> str:
    return settings.BASE_URL.rstrip("/") + path


def _num(value) -> float | None:
    return None if value is None else float(value)


def _org(o: Organisation) -> dict:
    return {"slug": o.slug, "name": o.name, "kind": o.kind, "code": o.code}


def not_modified(request, response: HttpResponse, *parts) -> HttpResponseNotModified | None:
    """Set ETag, Last-Modified and Cache-Control; a 304 when the client's copy is current.

    The validators follow the data version (``core.dataversion``: one primary-key read), raised
    by every write that changes public data."""
    version = stored.version_of(request)  # the page's count is cached on it (paging._count)
    stamp = version.changed_at
    key = "|".join([request.get_full_path(), *map(str, parts), version.token])
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if stamp is not None:
        headers["Last-Modified"] = http_date(stamp.timestamp())
    for k, v in headers.items():
        response[k] = v
    if not stored.client_is_current(request, etag, version):
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


def _narrowed(qs, **lookups):
    """``qs`` filtered on each lookup that has a value (an empty filter parameter filters
    nothing)."""
    return qs.filter(**{lookup: value for lookup, value in lookups.items() if value})


def _decision(d) -> dict:
    return {
        **_org(d.organisation),
        "signs": d.signs,
        "decision": d.code,
        "signed_on": d.signed_on,
        "recorded_at": d.recorded_at,
        "reason": d.reason,
        "successor": _org(d.successor) if d.successor is not None else None,
    }


def _dispute(x) -> dict:
    return {"status": x.status, "filed_on": x.filed_on, "recorded_at": x.recorded_at}


def _agreement(a) -> dict:
    found = decisions.published_decisions(a)
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
        "concluded_at": decisions.concluded_on(found, a.concluded_at),
        "concluded_with_tenant_refusal": a.concluded_with_tenant_refusal,
        "submitted_at": a.submitted_at,
        "submission_recorded_at": a.submission_recorded_at,
        "published_at": a.publication.published_at,
        "content_hash": a.publication.content_hash,
        "parties": [_decision(d) for d in found],
        "pending_disputes": [_dispute(x) for x in decisions.pending_disputes(a)],
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
    return qs.prefetch_related(
        "targets",
        "counterparties",
        Prefetch("progress_reports", queryset=selectors.confirmed_progress(), to_attr="confirmed"),
    )
