"""Who sees, on a region's page, the regional agreements their organisations take part in,
published or not (``core/permissions.py``). Which agreements: ``selectors.agreements_for_region``
(a party of theirs, or every one for staff). Everyone sees the published ones (publication).
Registered from ``rules.py``; reads the cached memberships only."""

from __future__ import annotations

import rules

from driehoek.core.permissions import register
from driehoek.organisations.selectors import user_memberships


@rules.predicate
def sees_own_regional_agreements(user, region=None) -> bool:
    """Staff, and a signed-in member of any organisation (also through a successor)."""
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff) or bool(user_memberships(user))


register("agreements.see_own_regional_agreements", sees_own_regional_agreements)
