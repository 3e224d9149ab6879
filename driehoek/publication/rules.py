"""Who may decide on publishing a signed agreement. Every party decides on its own, through
its signatories and administrators; staff see the decision page but never decide for a party
(a staff user decides only where they hold such a role themselves)."""

from __future__ import annotations

import rules

from driehoek.core.permissions import register
from driehoek.organisations.models import Role
from driehoek.organisations.selectors import has_role

# Who may decide for a party.
DECIDING_ROLE = Role.SIGNATORY


@rules.predicate
def decides_for(user, organisation) -> bool:
    """Signatory or administrator of the organisation (memberships are cached on the user)."""
    return bool(
        user is not None and user.is_authenticated and has_role(user, organisation, DECIDING_ROLE)
    )


@rules.predicate
def decides_for_a_party(user, agreement) -> bool:
    """Decides for at least one party (``agreement.parties`` is prefetched by the selector)."""
    return any(decides_for(user, p.organisation) for p in agreement.parties.all())


# Consent to publish, and withdraw that consent, for one party (the object is the organisation).
register("publication.consent", decides_for)
register("publication.withdraw_consent", decides_for)
# Use the decision form of an agreement at all.
register("publication.decide", decides_for_a_party)
