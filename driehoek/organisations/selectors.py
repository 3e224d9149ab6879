"""Permission-aware reads for organisations. Views fetch through these, never directly."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, QuerySet, When
from django.http import Http404

from driehoek.core.models import AuditEvent
from driehoek.core.permissions import may

# The succession reads live in ``lineage``; callers import them from here.
from .lineage import SuccessionInfo as SuccessionInfo
from .lineage import predecessor_ids as predecessor_ids
from .lineage import succession_for as succession_for
from .lineage import successor_of as successor_of
from .models import (
    ROLE_RANK,
    TENANT_KINDS,
    Invitation,
    Membership,
    Organisation,
    OrganisationKind,
    OrganisationQuerySet,
    OrganisationStatus,
    Region,
    Role,
    Succession,
    SuccessionKind,
    TenantRepresentation,
    WorkArea,
    hash_invitation_token,
)

# The directory's column headers (``core.listing``): whitelisted keys, name as tie-break.
DIRECTORY_SORTS = {
    "name": ("name",),
    "kind": ("kind", "name"),
    "province": ("province", "name"),
    "code": ("code", "name"),
}


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
    else:
        qs = qs.prefetch_related(
            Prefetch(
                "successions_as_predecessor",
                queryset=Succession.objects.filter(kind=SuccessionKind.SPLIT)
                .select_related("successor")
                .order_by("pk"),
                to_attr="split_rows",
            )
        )
    if kind:
        qs = qs.filter(kind=kind)
    if province:
        qs = qs.filter(province=province)
    if region is not None:
        qs = qs.filter(Q(regions=region) | Q(work_area__regions=region)).distinct()
    return qs.search(q).order_by("name", "pk")


def user_memberships(user) -> dict[int, Membership]:
    """The user's memberships keyed by organisation id (cached on the user object).

    A successor takes its predecessors' place: a member of an organisation that others went
    up in (a merger, a split) acts for those predecessors too, with the same role, so it may
    read their cycles and agreements, sign what they had not signed and report their progress.
    Those entries are unsaved ``Membership`` objects with ``inherited_from`` set to the
    successor's id; the organisations' own pages (members, administration) ignore them
    (``direct_role``). One query, and one more only when an organisation of the user has
    predecessors."""
    if not user.is_authenticated:
        return {}
    cache = getattr(user, "_dh_memberships", None)
    if cache is None:
        has_predecessors = Exists(
            Organisation.objects.filter(successor=OuterRef("organisation_id"))
        ) | Exists(Succession.objects.filter(successor=OuterRef("organisation_id")))
        own = list(Membership.objects.filter(user=user).annotate(succeeds=has_predecessors))
        cache = {m.organisation_id: m for m in own}
        successors = [m for m in own if m.succeeds]
        if successors:
            lineage = predecessor_ids(m.organisation_id for m in successors)
            for m in successors:
                for pk in sorted(lineage.get(m.organisation_id, ())):
                    if pk not in cache:
                        inherited = Membership(user=user, organisation_id=pk, role=m.role)
                        inherited.inherited_from = m.organisation_id  # type: ignore[attr-defined]
                        cache[pk] = inherited
        user._dh_memberships = cache
    return cache


def direct_role(user, organisation: Organisation | int) -> str | None:
    """The user's own role in the organisation, not one inherited through a successor."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    membership = user_memberships(user).get(org_id)
    if membership is None or getattr(membership, "inherited_from", None):
        return None
    return membership.role


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
    if not may(user, "organisations.view", org):
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


def organisation_get_for_member(*, user, slug: str) -> Organisation:
    """An organisation the user belongs to (staff: any): 404 for everyone else. What the user
    may do there is asked of the rules (``organisations.*``)."""
    return organisation_get_for_user(user=user, slug=slug)


def organisation_get(*, slug: str) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None


def organisation_fresh(organisation: Organisation) -> Organisation:
    """A second copy of the row, for a form to edit without touching the one in hand."""
    return Organisation.objects.get(pk=organisation.pk)


def memberships_of_user(user) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__full_name")


def open_invitations(organisation: Organisation) -> QuerySet[Invitation]:
    return organisation.invitations.open().select_related("invited_by")


def membership_get(*, organisation: Organisation, membership_id: int) -> Membership:
    try:
        return Membership.objects.select_related("user").get(
            pk=membership_id, organisation=organisation
        )
    except Membership.DoesNotExist:
        raise Http404 from None


def invitation_get(*, organisation: Organisation, invitation_id: int) -> Invitation:
    try:
        return Invitation.objects.get(pk=invitation_id, organisation=organisation)
    except Invitation.DoesNotExist:
        raise Http404 from None


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=hash_invitation_token(token))
        .first()
    )


def account_exists(email: str) -> bool:
    return get_user_model().objects.filter(email__iexact=email).exists()


def work_area_of(organisation: Organisation) -> QuerySet[Organisation]:
    """The gemeenten where the organisation is active."""
    return Organisation.objects.filter(
        pk__in=WorkArea.objects.filter(organisation=organisation).values("gemeente")
    ).order_by("name")


def active_in(gemeente: Organisation) -> QuerySet[Organisation]:
    """Active organisations that list the gemeente in their work area."""
    return Organisation.objects.filter(
        pk__in=WorkArea.objects.filter(gemeente=gemeente).values("organisation"),
        status=OrganisationStatus.ACTIVE,
    ).order_by("kind", "name")


def represented_by(tenant_body: Organisation) -> QuerySet[Organisation]:
    """The corporaties whose tenants the tenant body represents."""
    return Organisation.objects.filter(
        pk__in=TenantRepresentation.objects.filter(tenant_body=tenant_body).values("corporatie")
    ).order_by("name")


def tenant_bodies_of(corporatie: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=TenantRepresentation.objects.filter(corporatie=corporatie).values("tenant_body"),
        status=OrganisationStatus.ACTIVE,
    ).order_by("name")


def organisation_history(organisation: Organisation):
    return AuditEvent.objects.for_organisation(organisation).select_related("actor")[:50]


def pending_organisations() -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(status=OrganisationStatus.PENDING)
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("user"))
        )
        .order_by("created_at")
    )


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


def regions_of(organisation: Organisation) -> QuerySet[Region]:
    return organisation.regions.all()


def predecessors_of(organisation: Organisation) -> QuerySet[Organisation]:
    return organisation.predecessors.order_by("name")


def region_members(region: Region) -> QuerySet[Organisation]:
    return region.members.order_by("name")


def registrant(organisation: Organisation):
    """The one user who registered a new organisation (its first and only member)."""
    return organisation.memberships.select_related("user").get().user


PICK_LIMIT = 400


def organisation_by_id(pk: int) -> Organisation | None:
    return Organisation.objects.filter(pk=pk).first()


def same_kind(organisation: Organisation) -> OrganisationQuerySet:
    """Organisations that may merge with ``organisation``: a residents' committee counts as a
    tenant body."""
    if organisation.kind in TENANT_KINDS:
        return Organisation.objects.tenant_bodies()
    return Organisation.objects.filter(kind=organisation.kind)


def pick_candidates(
    organisation: Organisation, *, q: str = "", keep: Iterable[int] = ()
) -> list[Organisation]:
    """What a merger or split form offers: current, active organisations of the same kind
    that match ``q``, and always those in ``keep`` (already chosen). One query."""
    keep_ids = [int(k) for k in keep]
    matching = same_kind(organisation).current().active().search(q)
    qs = same_kind(organisation).filter(
        Q(pk__in=matching.values("pk")[:PICK_LIMIT]) | Q(pk__in=keep_ids)
    )
    return list(qs.order_by("name", "pk"))


# The work area's column headers (``core.listing``); rows without homes come last (first when
# turned round) on every database.
WORK_AREA_SORTS = {
    "name": ("gemeente__name",),
    "province": ("gemeente__province", "gemeente__name"),
    "homes": ("homes_missing", "homes", "gemeente__name"),
}


def work_area_rows(organisation: Organisation) -> QuerySet[WorkArea]:
    """The organisation's work area, one row per gemeente with its homes, by name."""
    return (
        WorkArea.objects.filter(organisation=organisation)
        .select_related("gemeente")
        .annotate(homes_missing=Case(When(homes__isnull=True, then=1), default=0))
        .order_by("gemeente__name", "pk")
    )


def work_area_row(organisation: Organisation, gemeente_id: int) -> WorkArea:
    try:
        return WorkArea.objects.select_related("gemeente").get(
            organisation=organisation, gemeente_id=gemeente_id
        )
    except WorkArea.DoesNotExist:
        raise Http404 from None


def gemeenten_to_add(organisation: Organisation, *, q: str = "") -> list[Organisation]:
    """Gemeenten that exist today, match ``q`` and are not in the work area yet. One query."""
    taken = WorkArea.objects.filter(organisation=organisation).values("gemeente")
    qs = Organisation.objects.current().active().gemeenten().exclude(pk__in=taken).search(q)
    return list(qs.order_by("name", "pk")[:PICK_LIMIT])


def gemeenten_to_pick(
    organisation: Organisation, *, q: str = "", keep: Iterable[int] = ()
) -> list[Organisation]:
    """The check boxes to add several: every gemeente that exists today, is not in the work
    area yet and matches ``q`` (or is in ``keep``: ticked already), by province. One query."""
    taken = WorkArea.objects.filter(organisation=organisation).values("gemeente")
    free = Organisation.objects.current().active().gemeenten().exclude(pk__in=taken)
    qs, keep_ids = free.search(q), [int(k) for k in keep]
    if keep_ids:
        qs = free.filter(Q(pk__in=qs.values("pk")) | Q(pk__in=keep_ids))
    return list(qs.order_by("province", "name", "pk"))


def gemeenten_outside_region(
    region: Region, *, q: str = "", keep: Iterable[int] = ()
) -> list[Organisation]:
    """Gemeenten that exist today, are not members of the region yet and match ``q`` (or
    are in ``keep``: already ticked). One query."""
    members = region.members.values("pk")
    outside = Organisation.objects.current().active().gemeenten().exclude(pk__in=members)
    matching = outside.search(q).values("pk")[:PICK_LIMIT]
    qs = outside.filter(Q(pk__in=matching) | Q(pk__in=[int(k) for k in keep]))
    return list(qs.order_by("name", "pk"))


def region_member(region: Region, gemeente_id: int) -> Organisation:
    member = region.members.filter(pk=gemeente_id).first()
    if member is None:
        raise Http404
    return member
