"""Writes for organisations and memberships: atomic, audited, mail after commit."""

from ..models import OrganisationKind
from .members import (
    invitation_accept,
    invitation_check,
    invitation_create,
    invitation_revoke,
    membership_change_role,
    membership_remove,
)
from .organisations import (
    organisation_create,
    organisation_decide,
    organisation_update,
    region_members_set,
    representation_set,
    tenant_body_register,
    unique_slug,
    work_area_set,
)

__all__ = [
    "OrganisationKind",
    "invitation_accept",
    "invitation_check",
    "invitation_create",
    "invitation_revoke",
    "membership_change_role",
    "membership_remove",
    "organisation_create",
    "organisation_decide",
    "organisation_update",
    "region_members_set",
    "representation_set",
    "tenant_body_register",
    "unique_slug",
    "work_area_set",
]
