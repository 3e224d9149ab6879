"""Types shared by the API routers."""

from typing import Annotated

from ninja import Field, Schema
from pydantic import AfterValidator


def _no_nul(value: str) -> str:
    """PostgreSQL cannot store or compare text with NUL characters: refuse them (422)."""
    if "\x00" in value:
        raise ValueError("NUL character")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]


class ErrorOut(Schema):
    """Every API error: a Dutch sentence."""

    detail: str = Field(..., examples=["Niet gevonden."])


class ParameterError(Schema):
    parameter: str = Field(..., examples=["page_size"])
    message: str = Field(..., examples=["'page_size' mag hoogstens 200 zijn."])


class ValidationErrorOut(Schema):
    """422: the Dutch sentences together, and one per parameter."""

    detail: str = Field(..., examples=["'page_size' mag hoogstens 200 zijn."])
    errors: list[ParameterError]


# Conditional requests, as every open-data answer documents them (core.stored answers them).
CACHE_CONTROL = "public, max-age=300"
CACHE_HEADERS = {
    "ETag": {
        "description": "Changes whenever public data changes (the data version).",
        "required": True,
        "schema": {"type": "string"},
    },
    "Cache-Control": {"required": True, "schema": {"type": "string", "const": CACHE_CONTROL}},
    "Last-Modified": {
        "description": "When public data last changed.",
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
