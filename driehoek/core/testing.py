"""Test helpers shared by the apps' tests (imported only from tests)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class UrlCase:
    """One URL in the authorization walk.

    ``expect`` maps a persona (anonymous, outsider, viewer, editor, signatory, admin, staff) to the
    HTTP status it must get; ``"*"`` is the default for personas not named. ``method`` is GET
    unless said otherwise; a POST case sends ``data`` (and must not change anything the other
    cases rely on: use a throwaway object, or expect refusals only).
    """

    name: str
    kwargs: dict = field(default_factory=dict)
    expect: dict[str, int] = field(default_factory=dict)
    method: str = "get"
    data: dict | None = None
    query: str = ""

    def status_for(self, persona: str) -> int:
        return self.expect.get(persona, self.expect.get("*", 200))


def axe_serious(results: dict) -> list[str]:
    """Serious or critical violations in an axe-core result, as readable lines."""
    lines = []
    for v in results.get("violations", []):
        if v.get("impact") in ("serious", "critical"):
            targets = ", ".join(str(n.get("target")) for n in v.get("nodes", [])[:3])
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {targets}")
    return lines
