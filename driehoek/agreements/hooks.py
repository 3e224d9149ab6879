"""Callbacks other apps register for agreements' writes (agreements imports none of them).

``agreement_changed(ids)``: an agreement's status (or anything else another app keeps a
summary of) changed. Services call it inside their transaction, after the write, so a
registered callback (monitoring's dashboard summaries, ``monitoring.apps``) updates its rows in
the same transaction. A service that moves an agreement into or out of a concluded/submitted
status, or changes its commitments or targets while it is, must call it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

AgreementChanged = Callable[[list[int]], None]

_AGREEMENT_CHANGED: list[AgreementChanged] = []


def register_agreement_changed(fn: AgreementChanged) -> None:
    if fn not in _AGREEMENT_CHANGED:
        _AGREEMENT_CHANGED.append(fn)


def agreement_changed(agreement_ids: Iterable[int]) -> None:
    ids = sorted(set(agreement_ids))
    if not ids:
        return
    for fn in _AGREEMENT_CHANGED:
        fn(ids)
