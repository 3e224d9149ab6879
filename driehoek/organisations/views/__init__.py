"""The organisations pages, by topic; ``urls.py`` reaches them through this module."""

from .manage import approvals, decide, edit, register_tenant
from .members import invitation, invitation_revoke, member_remove, member_role, members
from .public import detail, directory, mine, region, regions

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
    "region",
    "regions",
    "register_tenant",
]
