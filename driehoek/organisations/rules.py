"""Who may do what with an organisation. The role data comes from ``selectors``
(``user_memberships`` is cached on the user, so these predicates cost no query per object).

Staff look after the platform: they may see every organisation's pages, administer any
organisation (members, invitations, details), approve registrations and set regions."""

from __future__ import annotations

import rules

from driehoek.core.permissions import register

from .models import ROLE_RANK, OrganisationStatus, Role
from .selectors import direct_role


@rules.predicate
def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


@rules.predicate
def is_member(user, organisation) -> bool:
    """Any role of its own in the organisation (not one inherited through a successor)."""
    return user is not None and direct_role(user, organisation) is not None


@rules.predicate
def is_admin(user, organisation) -> bool:
    role = direct_role(user, organisation) if user is not None else None
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[Role.ADMIN]


@rules.predicate
def is_active(user, organisation) -> bool:
    return organisation.status == OrganisationStatus.ACTIVE


@rules.predicate
def is_gemeente(user, organisation) -> bool:
    return organisation is not None and organisation.is_gemeente


@rules.predicate
def has_work_area(user, organisation) -> bool:
    """Corporaties and tenant bodies keep a work area; a gemeente is one."""
    return organisation is not None and not organisation.is_gemeente


administers = is_staff | is_admin

# The public page of an organisation: active ones for everyone, a registration waiting for
# approval (or rejected) only for its members and staff.
register("organisations.view", is_active | is_staff | is_member)
# The member list on the organisation's page.
register("organisations.view_members", is_staff | is_member)
# The administrator's pages: members, invitations, details, the audit history.
register("organisations.administer", administers)
register("organisations.manage_members", administers)
register("organisations.invite", administers)
register("organisations.edit", administers)
register("organisations.view_history", administers)
# Platform staff only.
register("organisations.approve", is_staff)
register("organisations.create", is_staff)
register("organisations.edit_region", is_staff)
# Mergers and splits (a split is of a gemeente only).
register("organisations.record_merger", is_staff)
register("organisations.record_split", is_staff & is_gemeente)
# The gemeenten where a corporatie or tenant body works: staff and its own administrators.
register("organisations.edit_work_area", has_work_area & administers)
