"""Who may record the past and change the parties at any stage (``core/permissions.py``).

Agreements made before the platform are recorded as they happened: the date a bod was sent,
a historic agreement with its final text, each party's decision with its real date, the
submission and a dispute's filing date. The parties' editors may record for their own
agreements; staff may record for any agreement (the one place where staff act: they enter
what happened, they do not decide for a party). Like ``rules.py``, no predicate makes a
query per object: the role data is cached on the user and the parties come prefetched.
"""

from __future__ import annotations

import rules

from driehoek.core.permissions import register
from driehoek.organisations.models import Role
from driehoek.organisations.selectors import user_memberships

from . import lifecycle
from .models import AgreementKind, AgreementStatus
from .rules import (
    CORPORATIE,
    GEMEENTE,
    _acts,
    acting_orgs,
    cycle_parties,
    is_bod_editor,
    is_party_editor,
    parties_changeable,
)


@rules.predicate
def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


@rules.predicate
def is_any_editor(user) -> bool:
    """An editor of some organisation (they record a historic agreement of their own)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(acting_orgs(user, user_memberships(user), Role.EDITOR))


@rules.predicate
def bod_not_sent(user, bod) -> bool:
    return bod is not None and not bod.is_sent


@rules.predicate
def may_be_signed(user, agreement) -> bool:
    """The final version waits for decisions: the agreement is signing or concluded."""
    return agreement is not None and lifecycle.allows(agreement, "sign")


@rules.predicate
def is_concluded(user, agreement) -> bool:
    return agreement is not None and agreement.status == AgreementStatus.CONCLUDED


@rules.predicate
def is_regional(user, agreement) -> bool:
    return agreement is not None and agreement.kind == AgreementKind.REGIONAL


@rules.predicate
def is_cycle_gemeente_admin(user, cycle) -> bool:
    return cycle is not None and _acts(user, [cycle.gemeente], Role.ADMIN, GEMEENTE)


@rules.predicate
def is_cycle_corporatie_editor(user, cycle) -> bool:
    return cycle is not None and _acts(user, cycle_parties(cycle), Role.EDITOR, CORPORATIE)


record_past = is_staff | is_party_editor

# Recording the past.
register("agreements.record_past", record_past)
register("agreements.record_agreement", is_staff | is_any_editor)
register("agreements.record_bod_sent", (is_staff | is_bod_editor) & bod_not_sent)
register("agreements.record_signature", record_past & may_be_signed)
register("agreements.record_submission", record_past & is_concluded)
register("agreements.record_dispute", record_past)
# Several bods, one agreement: the sent bods of its corporaties in the cycle.
register("agreements.link_bods", record_past)
# Parties change at any stage.
register("agreements.change_cycle_parties", is_staff | is_cycle_gemeente_admin)
register("agreements.add_region", is_party_editor & parties_changeable & is_regional)
