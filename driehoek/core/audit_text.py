"""Human-readable descriptions of audit actions. Apps register theirs in AppConfig.ready()."""

from __future__ import annotations

from django.utils.functional import Promise

DESCRIPTIONS: dict[str, Promise | str] = {}


def register(descriptions: dict[str, Promise | str]) -> None:
    DESCRIPTIONS.update(descriptions)


def describe(action: str, target_repr: str, data: dict) -> str:
    text = DESCRIPTIONS.get(action)
    if text is None:
        return f"{action}: {target_repr}"
    try:
        return str(text).format(target=target_repr, **data)
    except (KeyError, IndexError, ValueError):
        return f"{text} ({target_repr})"
