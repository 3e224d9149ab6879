"""Reads about mergers and splits: who went up in whom. Re-exported by ``selectors``.

Two sources describe a succession: the ``Succession`` rows that staff record in the product,
and the ``successor`` link of the reference data (the gemeente mergers since 2015, which have
no ``Succession`` row). Both are read here, so callers need not know the difference."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from .models import Organisation, Succession, SuccessionKind


@dataclass(frozen=True)
class SuccessionInfo:
    """What is known of one organisation's place in mergers and splits.

    ``successors``: where it went up in (empty while it exists), the first one is the main
    successor. ``predecessors``: the organisations that went up in it. Each item is a
    ``Succession`` (unsaved for reference-data links, ``pk`` None) with ``predecessor``,
    ``successor``, ``date`` and ``kind``."""

    organisation: Organisation
    successors: list[Succession] = field(default_factory=list)
    predecessors: list[Succession] = field(default_factory=list)

    @property
    def ended_on(self) -> date | None:
        return self.organisation.ended_on

    @property
    def is_split(self) -> bool:
        return any(s.kind == SuccessionKind.SPLIT for s in self.successors)

    @property
    def main_successor(self) -> Organisation | None:
        return self.successors[0].successor if self.successors else None


def _org_id(org_or_id: Organisation | int) -> int:
    return org_or_id if isinstance(org_or_id, int) else org_or_id.pk


def successor_of(org_or_id: Organisation | int) -> Organisation | None:
    """The organisation that exists today and that ``org_or_id`` went up in, following the
    chain (A → B → C gives C); for a split, the main successor. None when the organisation
    exists today itself, or no successor is known. One query per link of the chain, plus one."""
    org_id = _org_id(org_or_id)
    seen: set[int] = set()
    current: Organisation | None = None
    while org_id not in seen:
        seen.add(org_id)
        row = (
            Organisation.objects.filter(pk=org_id)
            .only("pk", "is_current", "successor_id", "name", "slug", "kind")
            .first()
        )
        if row is None or row.is_current:
            current = row
            break
        next_id = row.successor_id
        if next_id is None:
            # A recorded succession without the link on the row (should not happen).
            next_id = (
                Succession.objects.filter(predecessor_id=org_id)
                .order_by("pk")
                .values_list("successor_id", flat=True)
                .first()
            )
        if next_id is None:
            return None
        org_id = next_id
    if current is None or current.pk == _org_id(org_or_id):
        return None
    return Organisation.objects.get(pk=current.pk)


def _edges() -> dict[int, set[int]]:
    """successor id → ids of its direct predecessors, from both sources (two queries)."""
    edges: dict[int, set[int]] = {}
    links = Organisation.objects.filter(successor__isnull=False).values_list("successor_id", "pk")
    for successor_id, pk in links:
        edges.setdefault(successor_id, set()).add(pk)
    for successor_id, pk in Succession.objects.values_list("successor_id", "predecessor_id"):
        edges.setdefault(successor_id, set()).add(pk)
    return edges


def predecessor_ids(org_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each given organisation id, the ids of every organisation that went up in it,
    directly or through a chain (A and B merged into C, C later into D: D gets {A, B, C}).
    A gemeente that was split counts for each of its successors. Every given id is a key
    (an empty set when nothing went up in it). Two queries, whatever the number of ids."""
    wanted = list(dict.fromkeys(org_ids))
    if not wanted:
        return {}
    edges = _edges()
    result: dict[int, set[int]] = {}
    for org_id in wanted:
        found: set[int] = set()
        todo = list(edges.get(org_id, ()))
        while todo:
            pk = todo.pop()
            if pk in found or pk == org_id:
                continue
            found.add(pk)
            todo.extend(edges.get(pk, ()))
        result[org_id] = found
    return result


def succession_for(org: Organisation) -> SuccessionInfo:
    """The mergers and splits ``org`` took part in, as predecessor and as successor, from both
    sources, oldest first. At most four queries."""
    recorded = list(
        Succession.objects.filter(predecessor=org).select_related("successor").order_by("pk")
    )
    if not recorded and org.successor_id and not org.is_current:
        recorded = [
            Succession(
                predecessor=org,
                successor=org.successor,
                date=org.ended_on or date.min,
                kind=SuccessionKind.MERGER,
            )
        ]
    elif recorded and org.successor_id:
        # The main successor (the one on the row) first.
        recorded.sort(key=lambda s: s.successor_id != org.successor_id)
    incoming = list(
        Succession.objects.filter(successor=org).select_related("predecessor").order_by("date")
    )
    known = {s.predecessor_id for s in incoming}
    for old in Organisation.objects.filter(successor=org).exclude(pk__in=known).order_by("name"):
        incoming.append(
            Succession(
                predecessor=old,
                successor=org,
                date=old.ended_on or date.min,
                kind=SuccessionKind.MERGER,
            )
        )
    incoming.sort(key=lambda s: (s.date, s.predecessor.name))
    return SuccessionInfo(organisation=org, successors=recorded, predecessors=incoming)
