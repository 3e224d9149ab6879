"""The organisations pages, by topic; ``urls.py`` reaches them through this module."""

from .manage import approvals, decide, edit, register_tenant
from .members import invitation, invitation_revoke, member_remove, member_role, members
from .public import detail, directory, mine, regions
from .region_members import region, region_member_remove
from .search import search
from .successions import record_merger, record_split
from .work_area import work_area, work_area_add, work_area_remove, work_area_update

__all__ = [
    "approvals",
    "decide",
    "detail",
    "directory",
    "edit",
    "invitation",
    "invitation_revoke",
    "member_remove",
    "member_role",
    "members",
    "mine",
    "record_merger",
    "record_split",
    "region",
    "region_member_remove",
    "regions",
    "register_tenant",
    "search",
    "work_area",
    "work_area_add",
    "work_area_remove",
    "work_area_update",
]
