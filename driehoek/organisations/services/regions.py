"""A region's member gemeenten kept by staff, a few at a time."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import require

from ..models import Organisation, OrganisationKind, Region


@transaction.atomic
def region_members_add(*, actor, region: Region, gemeenten: Sequence[Organisation]) -> int:
    """Add gemeenten (that exist today) to the region; those already in it are skipped."""
    require(actor, "organisations.edit_region", region)
    if not gemeenten:
        raise ServiceError(_("Choose at least one municipality."), field="members")
    for g in gemeenten:
        if g.kind != OrganisationKind.GEMEENTE:
            raise ServiceError(_("Only municipalities can be members."), field="members")
        if not g.is_current:
            raise ServiceError(
                _("%(name)s no longer exists. Choose a municipality that exists today.")
                % {"name": g.name},
                field="members",
            )
    present = set(
        region.members.filter(pk__in=[g.pk for g in gemeenten]).values_list("pk", flat=True)
    )
    new = [g for g in gemeenten if g.pk not in present]
    if new:
        region.members.add(*new)
        audit.log(
            action="organisations.region.members_added",
            actor=actor,
            target=region,
            data={"added": ", ".join(g.name for g in new)},
        )
    return len(new)


@transaction.atomic
def region_member_remove(*, actor, region: Region, gemeente: Organisation | int) -> None:
    """Take one gemeente out of the region."""
    require(actor, "organisations.edit_region", region)
    gemeente_id = gemeente if isinstance(gemeente, int) else gemeente.pk
    member = region.members.filter(pk=gemeente_id).first()
    if member is None:
        raise ServiceError(_("This municipality is not a member of the region."))
    region.members.remove(member)
    audit.log(
        action="organisations.region.member_removed",
        actor=actor,
        target=region,
        data={"removed": member.name},
    )
