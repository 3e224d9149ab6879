"""A work area: add one gemeente or several at once, change the homes, remove one at a time
(there is no way to empty a work area with one click)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import require

from ..models import Organisation, OrganisationKind, OrganisationStatus, WorkArea


def _gemeente(gemeente: Organisation | int | None) -> Organisation | None:
    if gemeente is None or isinstance(gemeente, Organisation):
        return gemeente
    return Organisation.objects.filter(pk=gemeente).first()


def _check_homes(homes: int | None) -> None:
    if homes is not None and homes < 0:
        raise ServiceError(_("The number of homes cannot be negative."), field="homes")


@transaction.atomic
def work_area_add(
    *, actor, organisation: Organisation, gemeente: Organisation | int | None, homes=None
) -> WorkArea:
    """Add one gemeente (that exists today) to the organisation's work area."""
    require(actor, "organisations.edit_work_area", organisation)
    found = _gemeente(gemeente)
    if found is None or found.kind != OrganisationKind.GEMEENTE:
        raise ServiceError(_("Choose a municipality from the list."), field="gemeente")
    if not found.is_current or found.status != OrganisationStatus.ACTIVE:
        raise ServiceError(
            _("%(name)s no longer exists. Choose a municipality that exists today.")
            % {"name": found.name},
            field="gemeente",
        )
    _check_homes(homes)
    if WorkArea.objects.filter(organisation=organisation, gemeente=found).exists():
        raise ServiceError(
            _("%(name)s is in the work area already.") % {"name": found.name}, field="gemeente"
        )
    area = WorkArea.objects.create(organisation=organisation, gemeente=found, homes=homes)
    audit.log(
        action="organisations.work_area.added",
        actor=actor,
        organisation=organisation,
        target=organisation,
        data={"gemeente": found.name, "homes": homes},
    )
    return area


def _names(gemeenten: Sequence[Organisation]) -> str:
    return ", ".join(g.name for g in gemeenten)


@transaction.atomic
def work_area_add_many(
    *, actor, organisation: Organisation, gemeenten: Sequence[Organisation | int]
) -> list[WorkArea]:
    """Add several gemeenten (that exist today, not in the work area yet) in one go: all or
    nothing, one audit event that names them. The homes are filled in afterwards."""
    require(actor, "organisations.edit_work_area", organisation)
    ids = [g.pk if isinstance(g, Organisation) else int(g) for g in gemeenten]
    if not ids:
        raise ServiceError(_("Choose at least one municipality."), field="gemeenten")
    # Locks the organisation so two people adding at once cannot add the same gemeente twice.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    found = list(Organisation.objects.filter(pk__in=ids).order_by("name", "pk"))
    if len(found) != len(set(ids)) or any(g.kind != OrganisationKind.GEMEENTE for g in found):
        raise ServiceError(_("Choose municipalities from the list."), field="gemeenten")
    gone = [g for g in found if not g.is_current or g.status != OrganisationStatus.ACTIVE]
    if gone:
        raise ServiceError(
            ngettext(
                "%(names)s no longer exists. Choose municipalities that exist today.",
                "%(names)s no longer exist. Choose municipalities that exist today.",
                len(gone),
            )
            % {"names": _names(gone)},
            field="gemeenten",
        )
    present = set(
        WorkArea.objects.filter(organisation=organisation, gemeente__in=found).values_list(
            "gemeente_id", flat=True
        )
    )
    if present:
        raise ServiceError(
            _("Already in the work area: %(names)s. Untick them and try again.")
            % {"names": _names([g for g in found if g.pk in present])},
            field="gemeenten",
        )
    areas = WorkArea.objects.bulk_create(
        [WorkArea(organisation=organisation, gemeente=g) for g in found]
    )
    audit.log(
        action="organisations.work_area.added_several",
        actor=actor,
        organisation=organisation,
        target=organisation,
        data={"added": _names(found), "count": len(found)},
    )
    return areas


def _area(organisation: Organisation, gemeente: Organisation | int | None) -> WorkArea:
    found = _gemeente(gemeente)
    area = (
        WorkArea.objects.select_for_update()
        .select_related("gemeente")
        .filter(organisation=organisation, gemeente=found)
        .first()
        if found is not None
        else None
    )
    if area is None:
        raise ServiceError(_("This municipality is not in the work area."), field="gemeente")
    return area


@transaction.atomic
def work_area_update(
    *, actor, organisation: Organisation, gemeente: Organisation | int | None, homes
) -> WorkArea:
    """Change the number of homes the organisation has in one gemeente of its work area."""
    require(actor, "organisations.edit_work_area", organisation)
    _check_homes(homes)
    area = _area(organisation, gemeente)
    if area.homes != homes:
        old = area.homes
        area.homes = homes
        area.save(update_fields=["homes"])
        audit.log(
            action="organisations.work_area.homes_changed",
            actor=actor,
            organisation=organisation,
            target=organisation,
            data={"gemeente": area.gemeente.name, "from": old, "to": homes},
        )
    return area


@transaction.atomic
def work_area_remove(
    *, actor, organisation: Organisation, gemeente: Organisation | int | None
) -> None:
    """Take one gemeente out of the organisation's work area."""
    require(actor, "organisations.edit_work_area", organisation)
    area = _area(organisation, gemeente)
    name, homes = area.gemeente.name, area.homes
    area.delete()
    audit.log(
        action="organisations.work_area.removed",
        actor=actor,
        organisation=organisation,
        target=organisation,
        data={"gemeente": name, "homes": homes},
    )
