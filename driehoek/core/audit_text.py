"""Human-readable descriptions of audit actions. Apps register theirs in AppConfig.ready().

A description registered as ``"<action>+<key>"`` is a variant: it is used instead of the
action's own description when the event's data holds a non-empty ``key`` (for instance
``"agreements.version.signed+successor"`` for a signature a successor gave for a predecessor).

A description that counts is registered with ``ngettext_lazy(singular, plural, "<key>")``: the
event's ``data[key]`` picks the singular or plural ("1 persoon", "3 mensen").
"""

from __future__ import annotations

from django.utils.functional import Promise

DESCRIPTIONS: dict[str, Promise | str] = {}


def register(descriptions: dict[str, Promise | str]) -> None:
    DESCRIPTIONS.update(descriptions)


def _text_for(action: str, data: dict) -> Promise | str | None:
    for key, value in data.items():
        if value not in (None, ""):
            variant = DESCRIPTIONS.get(f"{action}+{key}")
            if variant is not None:
                return variant
    return DESCRIPTIONS.get(action)


def describe(action: str, target_repr: str, data: dict) -> str:
    text = _text_for(action, data)
    if text is None:
        return f"{action}: {target_repr}"
    try:
        # A lazy text formats in the active language (a counted one picks its plural here).
        return text.format(target=target_repr, **data)  # type: ignore[union-attr]
    except (KeyError, IndexError, ValueError):
        return f"{text} ({target_repr})"
