"""Bulk downloads: every published dataset as one flat CSV or JSON table, streamed."""

from __future__ import annotations

from django.http import HttpResponse, StreamingHttpResponse

from driehoek.core.schemas import ValidationErrorOut

from ..bulk import DATASETS, stream_csv, stream_json
from .common import (
    CACHE_HEADERS,
    CONDITIONAL_PARAMETERS,
    NOT_MODIFIED,
    not_modified,
    operation_id,
    router,
)
from .schemas import DatasetName

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
    operation_id=operation_id("bulk_csv"),
)
def bulk_csv(request, response: HttpResponse, dataset: DatasetName):
    return _bulk(request, response, dataset, "csv")


@router.get(
    "/bulk/{dataset}.json",
    response={422: ValidationErrorOut},
    summary="Bulk download as JSON",
    description=BULK_DESCRIPTION + ". JSON: one array of objects with the same columns as the CSV.",
    openapi_extra=_bulk_doc("application/json", {"type": "array", "items": {"type": "object"}}),
    operation_id=operation_id("bulk_json"),
)
def bulk_json(request, response: HttpResponse, dataset: DatasetName):
    return _bulk(request, response, dataset, "json")
