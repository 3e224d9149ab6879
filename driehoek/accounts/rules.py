"""Who may use two-step sign-in. Staff and signatories (and administrators, who can do what
signatories can) may turn it on; staff must use it, so they may not turn it off."""

from __future__ import annotations

import rules

from driehoek.core.permissions import register
from driehoek.organisations.models import Role
from driehoek.organisations.selectors import has_role, user_memberships


@rules.predicate
def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


@rules.predicate
def signs_somewhere(user) -> bool:
    """Signatory or administrator of at least one organisation (memberships are cached)."""
    if user is None or not user.is_authenticated:
        return False
    return any(has_role(user, org_id, Role.SIGNATORY) for org_id in user_memberships(user))


register("accounts.set_up_two_factor", is_staff | signs_somewhere)
register("accounts.turn_off_two_factor", ~is_staff)
