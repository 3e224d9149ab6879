"""Types shared by the API routers."""

from typing import Annotated

from pydantic import AfterValidator


def _no_nul(value: str) -> str:
    """PostgreSQL cannot store or compare text with NUL characters: refuse them (422)."""
    if "\x00" in value:
        raise ValueError("NUL character")
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
