"""A work area kept one gemeente at a time: add, change the homes, remove."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

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
