"""Permission-aware reads for organisations. Views fetch through these, never directly."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .models import (
    ROLE_RANK,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Region,
    Role,
)


def organisation_list(
    *,
    kind: str = "",
    province: str = "",
    region: Region | None = None,
    q: str = "",
    include_historic: bool = False,
) -> QuerySet[Organisation]:
    qs = Organisation.objects.active().select_related("successor")
    if not include_historic:
        qs = qs.current()
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(province=province)
    if region is not None:
        qs = qs.filter(Q(regions=region) | Q(work_area__regions=region)).distinct()
    return qs.search(q).order_by("name", "pk")


def user_memberships(user) -> dict[int, Membership]:
    """The user's memberships keyed by organisation id (cached on the user object)."""
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_dh_memberships", None)
    if cache is None:
        cache = {m.organisation_id: m for m in Membership.objects.filter(user=user)}
        user._dh_memberships = cache
    return cache


def user_role(user, organisation: Organisation | int) -> str | None:
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    membership = user_memberships(user).get(org_id)
    return membership.role if membership else None


def has_role(user, organisation: Organisation | int, need: str) -> bool:
    role = user_role(user, organisation)
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[Role(need)]


def organisations_for_user(user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def organisation_get_public(*, user, slug: str) -> Organisation:
    """An organisation page: active ones for everyone; pending ones only for their members
    and staff."""
    try:
        org = Organisation.objects.select_related("successor").get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if org.status != OrganisationStatus.ACTIVE and not (
        user.is_staff or user_role(user, org) is not None
    ):
        raise Http404
    return org


def organisation_get_for_user(*, user, slug: str, need: str = Role.VIEWER) -> Organisation:
    """An organisation the user acts for: 404 for outsiders, 403 when the role is too weak.
    Staff may act as administrator of any organisation."""
    try:
        org = Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if user.is_authenticated and user.is_staff:
        return org
    role = user_role(user, org)
    if role is None:
        raise Http404
    if ROLE_RANK[Role(role)] < ROLE_RANK[Role(need)]:
        raise PermissionDenied
    return org


def region_list() -> QuerySet[Region]:
    return Region.objects.annotate(member_count=Count("members")).order_by("kind", "number", "name")


def region_get(*, slug: str) -> Region:
    try:
        return Region.objects.get(slug=slug)
    except Region.DoesNotExist:
        raise Http404 from None


def kinds_for_party(party: str) -> list[OrganisationKind]:
    """Helper for filters that speak of the three parties."""
    return {
        "gemeente": [OrganisationKind.GEMEENTE],
        "corporatie": [OrganisationKind.CORPORATIE],
        "huurders": [OrganisationKind.HUURDERS, OrganisationKind.BEWONERSCOMMISSIE],
    }.get(party, [])
