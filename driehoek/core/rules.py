"""Who may do what on the platform itself (not for a party)."""

from __future__ import annotations

import rules

from driehoek.core.permissions import register


@rules.predicate
def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


# The outgoing mail queue: staff see what waits or failed and send it again.
register("core.manage_mail", is_staff)
