"""The life of an agreement: which status it may move to, from where, and who may move it.

    draft, negotiation --freeze--> negotiation
    draft, negotiation --freeze_final--> signing
    signing --conclude--> concluded          (every party that must sign has signed)
    signing --reopen--> negotiation
    concluded --submit--> submitted

An addendum (of a concluded or submitted agreement) and next year's annual slice (of any
agreement) do not move the agreement itself: they make a new agreement, which starts as a
draft. Signing happens while the agreement is signing or concluded (a tenant organisation may
still sign or decline after the others concluded it).

``check`` refuses a transition from a status it does not start from with the message people
see today; ``apply`` checks and sets the new status (the caller saves). Who may ask for the
transition is the ``rule`` (see ``rules.py``); the rules use ``allows`` for the status part.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from driehoek.core.errors import ServiceError

from .models import Agreement, AgreementStatus

S = AgreementStatus


def _not_editable() -> str:
    return _(
        "This agreement is frozen for signing or signed and cannot be changed. "
        "Changes go through an addendum that all parties sign again."
    )


def _outdated() -> str:
    return _(
        "This version is outdated: a newer version exists or the negotiation was reopened. Open the latest version."
    )


def _not_signing() -> str:
    return _("Only an agreement that is waiting for signatures can be reopened.")


def _not_concluded_addendum() -> str:
    return _(
        "An addendum can only be made to a concluded agreement. Change the draft itself instead."
    )


def _submitted_already() -> str:
    return _("This agreement was submitted already.")


def _not_concluded() -> str:
    return _("Only a concluded agreement can be submitted.")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    # None: the agreement keeps its status (the transition makes a new agreement, or records
    # something without moving it).
    target: str | None
    # The rule (rules.py) that says who may ask for it; None for what follows by itself.
    rule: str | None
    refused: Callable[[], str]
    # A more precise message for some statuses it does not start from.
    refused_from: dict[str, Callable[[], str]] = field(default_factory=dict)


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        # A negotiation round: freeze a version that is not final.
        Transition(
            "freeze",
            (S.DRAFT, S.NEGOTIATION),
            S.NEGOTIATION,
            "agreements.freeze_version",
            _not_editable,
        ),
        # The final version is frozen: the parties sign it.
        Transition(
            "freeze_final",
            (S.DRAFT, S.NEGOTIATION),
            S.SIGNING,
            "agreements.freeze_version",
            _not_editable,
        ),
        # A party signs or declines the final version (the status moves by "conclude").
        Transition("sign", (S.SIGNING, S.CONCLUDED), None, "agreements.sign_version", _outdated),
        # Every party that must sign has signed the final version.
        Transition("conclude", (S.SIGNING,), S.CONCLUDED, None, _outdated),
        # A required party declined: negotiate again; the new final version is signed again.
        Transition("reopen", (S.SIGNING,), S.NEGOTIATION, "agreements.reopen", _not_signing),
        # The corporatie records that the package went to the three recipients.
        Transition(
            "submit",
            (S.CONCLUDED,),
            S.SUBMITTED,
            "agreements.submit",
            _not_concluded,
            {S.SUBMITTED: _submitted_already},
        ),
        # A new agreement (draft) that changes a concluded one.
        Transition(
            "addendum",
            (S.CONCLUDED, S.SUBMITTED),
            None,
            "agreements.make_addendum",
            _not_concluded_addendum,
        ),
        # A new agreement (draft) for next year, from any agreement.
        Transition("next_slice", tuple(S.values), None, "agreements.next_slice", _not_editable),
    )
}


def transition(name: str) -> Transition:
    try:
        return TRANSITIONS[name]
    except KeyError:
        raise LookupError(f"No agreement transition named {name!r}") from None


def allows(agreement: Agreement, name: str) -> bool:
    """Whether the agreement's status is one the transition starts from."""
    return agreement.status in transition(name).sources


def check(agreement: Agreement, name: str) -> None:
    """Raise ServiceError (the message people know) unless the transition may start from the
    agreement's status."""
    t = transition(name)
    if agreement.status not in t.sources:
        message = t.refused_from.get(agreement.status, t.refused)
        raise ServiceError(message())


def apply(agreement: Agreement, name: str) -> Agreement:
    """Check the transition and set the new status (not saved: the caller saves it together
    with what else changes)."""
    check(agreement, name)
    target = transition(name).target
    if target is not None:
        agreement.status = target
    return agreement
