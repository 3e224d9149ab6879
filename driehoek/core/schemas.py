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
