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
from .regions import region_member_remove, region_members_add
from .successions import kind_group, record_merger, record_split
from .work_area import work_area_add, work_area_add_many, work_area_remove, work_area_update

__all__ = [
    "OrganisationKind",
    "invitation_accept",
    "kind_group",
    "invitation_check",
    "invitation_create",
    "invitation_revoke",
    "membership_change_role",
    "membership_remove",
    "organisation_create",
    "organisation_decide",
    "organisation_update",
    "record_merger",
    "record_split",
    "region_member_remove",
    "region_members_add",
    "region_members_set",
    "representation_set",
    "tenant_body_register",
    "unique_slug",
    "work_area_add",
    "work_area_add_many",
    "work_area_remove",
    "work_area_set",
    "work_area_update",
]
