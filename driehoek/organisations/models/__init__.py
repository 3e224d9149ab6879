"""The organisations app's models, by topic. Import them from here."""

from .memberships import (
    ROLE_RANK,
    Invitation,
    InvitationQuerySet,
    Membership,
    MembershipQuerySet,
    Role,
    _default_expiry,
    _new_token,
    hash_invitation_token,
)
from .organisations import (
    TENANT_KINDS,
    Organisation,
    OrganisationKind,
    OrganisationQuerySet,
    OrganisationStatus,
    Province,
    Region,
    RegionKind,
    TenantRepresentation,
    WorkArea,
)
from .successions import Succession, SuccessionKind

__all__ = [
    "ROLE_RANK",
    "TENANT_KINDS",
    "Invitation",
    "InvitationQuerySet",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "OrganisationKind",
    "OrganisationQuerySet",
    "OrganisationStatus",
    "Province",
    "Region",
    "RegionKind",
    "Role",
    "Succession",
    "SuccessionKind",
    "TenantRepresentation",
    "WorkArea",
    "_default_expiry",
    "_new_token",
    "hash_invitation_token",
]
