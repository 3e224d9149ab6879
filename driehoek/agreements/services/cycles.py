"""The cycle: its parties, dates and the start of talks."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import (
    Organisation,
    OrganisationKind,
    TenantRepresentation,
    WorkArea,
)

from ..legal import default_dates
from ..models import (
    Cycle,
)
from .base import _check_year, _log_about


def default_participants(gemeente: Organisation) -> list[Organisation]:
    ids = set(WorkArea.objects.filter(gemeente=gemeente).values_list("organisation_id", flat=True))
    corporatie_ids = set(
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.CORPORATIE).values_list(
            "pk", flat=True
        )
    )
    ids |= set(
        TenantRepresentation.objects.filter(corporatie_id__in=corporatie_ids).values_list(
            "tenant_body_id", flat=True
        )
    )
    return list(
        Organisation.objects.filter(pk__in=ids)
        .exclude(kind__in=[OrganisationKind.GEMEENTE, OrganisationKind.OTHER])
        .order_by("name")
    )


def _check_cycle_dates(year: int, dates: dict) -> None:
    for key in ("ibw_due", "bod_due", "submission_due"):
        if not dates.get(key):
            raise ServiceError(_("Enter a date."), field=key)
    if dates["bod_due"].year != year:
        raise ServiceError(_("The bod date must fall in the cycle year."), field="bod_due")
    if dates["submission_due"] <= dates["bod_due"]:
        raise ServiceError(
            _("The submission date must come after the bod date."), field="submission_due"
        )
    talks = dates.get("talks_started_on")
    if talks and talks < date(year - 1, 1, 1):
        raise ServiceError(
            _("The talks cannot have started before the cycle year."), field="talks_started_on"
        )
    if talks and talks > timezone.localdate():
        raise ServiceError(
            _("The talks cannot have started in the future."), field="talks_started_on"
        )
    if dates.get("dispute_after_months") is not None and not (
        1 <= dates["dispute_after_months"] <= 24
    ):
        raise ServiceError(
            _("Enter a number of months between 1 and 24."), field="dispute_after_months"
        )
    if dates.get("dispute_filing_weeks") is not None and not (
        1 <= dates["dispute_filing_weeks"] <= 52
    ):
        raise ServiceError(
            _("Enter a number of weeks between 1 and 52."), field="dispute_filing_weeks"
        )


@transaction.atomic
def cycle_create(*, actor, gemeente: Organisation, year: int, participants=None, **dates) -> Cycle:
    if not gemeente.is_gemeente:
        raise ServiceError(_("A cycle belongs to a municipality."), field="gemeente")
    _check_year(year)
    values = {**default_dates(year), **{k: v for k, v in dates.items() if v not in (None, "")}}
    _check_cycle_dates(year, values)
    if Cycle.objects.filter(gemeente=gemeente, year=year).exists():
        raise ServiceError(
            _("There is already a cycle for %(gemeente)s in %(year)s.")
            % {"gemeente": gemeente, "year": year},
            field="year",
        )
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(gemeente=gemeente, year=year, **values)
    except IntegrityError:
        raise ServiceError(
            _("There is already a cycle for this municipality and year."), field="year"
        ) from None
    cycle.participants.set(default_participants(gemeente) if participants is None else participants)
    audit.log(
        action="agreements.cycle.created",
        actor=actor,
        organisation=gemeente,
        target=cycle,
        data={"year": year},
    )
    return cycle


CYCLE_FIELDS = (
    "ibw_due",
    "bod_due",
    "talks_started_on",
    "submission_due",
    "dispute_after_months",
    "dispute_filing_weeks",
)


@transaction.atomic
def cycle_update(*, actor, cycle: Cycle, participants=None, **fields) -> Cycle:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    values = {k: getattr(cycle, k) for k in CYCLE_FIELDS}
    values.update({k: v for k, v in fields.items() if k in CYCLE_FIELDS})
    _check_cycle_dates(cycle.year, values)
    changed = [k for k in CYCLE_FIELDS if getattr(cycle, k) != values[k]]
    for key in changed:
        setattr(cycle, key, values[key])
    if changed:
        cycle.save(update_fields=[*changed, "updated_at"])
    if participants is not None:
        cycle.participants.set(participants)
        changed.append("participants")
    if changed:
        audit.log(
            action="agreements.cycle.updated",
            actor=actor,
            organisation=cycle.gemeente,
            target=cycle,
            data={"fields": ", ".join(changed)},
        )
    return cycle


@transaction.atomic
def talks_start(*, actor, cycle: Cycle, on: date) -> Cycle:
    return cycle_update(actor=actor, cycle=cycle, talks_started_on=on)


PARTICIPANT_KINDS = (
    OrganisationKind.CORPORATIE,
    OrganisationKind.HUURDERS,
    OrganisationKind.BEWONERSCOMMISSIE,
)


@transaction.atomic
def cycle_participant_add(*, actor, cycle: Cycle, organisation: Organisation) -> Cycle:
    """An organisation that became active in the gemeente after the cycle started joins it."""
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if organisation.kind not in PARTICIPANT_KINDS:
        raise ServiceError(
            _("Only a housing association or a tenant organisation takes part in a cycle."),
            field="organisation",
        )
    if not organisation.is_current:
        raise ServiceError(
            _("%(org)s no longer exists; add its successor instead.") % {"org": organisation},
            field="organisation",
        )
    if cycle.participants.filter(pk=organisation.pk).exists():
        raise ServiceError(
            _("%(org)s already takes part in this cycle.") % {"org": organisation},
            field="organisation",
        )
    cycle.participants.add(organisation)
    _log_about(
        "agreements.cycle.participant_added",
        organisation,
        actor=actor,
        target=cycle,
        under=cycle.gemeente,
    )
    return cycle


@transaction.atomic
def cycle_participant_remove(*, actor, cycle: Cycle, organisation: Organisation) -> Cycle:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    participants = list(cycle.participants.all())
    if organisation.pk not in {o.pk for o in participants}:
        raise ServiceError(
            _("%(org)s does not take part in this cycle.") % {"org": organisation},
            field="organisation",
        )
    others = [o for o in participants if o.pk != organisation.pk]
    if organisation.is_corporatie and not any(o.is_corporatie for o in others):
        raise ServiceError(
            _("%(org)s is the last housing association: a cycle needs at least one.")
            % {"org": organisation},
            field="organisation",
        )
    if cycle.agreements.filter(parties__organisation=organisation).exists():
        raise ServiceError(
            _(
                "%(org)s is a party to an agreement in this cycle. Remove it from that "
                "agreement first."
            )
            % {"org": organisation},
            field="organisation",
        )
    cycle.participants.remove(organisation)
    _log_about(
        "agreements.cycle.participant_removed",
        organisation,
        actor=actor,
        target=cycle,
        under=cycle.gemeente,
    )
    return cycle
