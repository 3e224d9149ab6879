"""Mergers and splits, recorded by platform staff."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import require

from ..models import (
    TENANT_KINDS,
    Organisation,
    OrganisationKind,
    Succession,
    SuccessionKind,
    WorkArea,
)

EARLIEST = datetime.date(2000, 1, 1)


def kind_group(org: Organisation) -> str:
    """Organisations of one group may merge: a residents' committee counts as a tenant body."""
    return "tenants" if org.kind in TENANT_KINDS else org.kind


def _same_kind_message(org: Organisation) -> str:
    group = kind_group(org)
    if group == OrganisationKind.GEMEENTE:
        return _("A municipality can only merge into a municipality.")
    if group == OrganisationKind.CORPORATIE:
        return _("A housing association can only merge into a housing association.")
    if group == "tenants":
        return _("A tenant organisation can only merge into a tenant organisation.")
    return _("An organisation can only merge into an organisation of the same kind.")


def _check_date(date: datetime.date | None) -> None:
    if date is None:
        raise ServiceError(_("Fill in the date."), field="date")
    if date > timezone.localdate():
        raise ServiceError(
            _("The date is in the future. Record a merger or split once it has happened."),
            field="date",
        )
    if date < EARLIEST:
        raise ServiceError(_("Choose a date from 1 January 2000."), field="date")


def _lock(ids: list[int]) -> dict[int, Organisation]:
    rows = Organisation.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {o.pk: o for o in rows}


def _distinct(orgs: Sequence[Organisation]) -> list[Organisation]:
    seen: dict[int, Organisation] = {}
    for org in orgs:
        seen.setdefault(org.pk, org)
    return list(seen.values())


def _end(ids: list[int], *, date: datetime.date, successor: Organisation) -> None:
    Organisation.objects.filter(pk__in=ids).update(
        is_current=False,
        ended_on=date,
        successor=successor,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )


def _move_work_areas(*, field: str, old_ids: list[int], new_id: int) -> int:
    """Re-point the work-area rows of ``field`` (organisation or gemeente) from the old
    organisations to the new one; where the new one has the row already, add the homes."""
    other = "gemeente" if field == "organisation" else "organisation"
    existing = {
        getattr(a, f"{other}_id"): a for a in WorkArea.objects.filter(**{f"{field}_id": new_id})
    }
    moved = 0
    for area in WorkArea.objects.filter(**{f"{field}_id__in": old_ids}).order_by("pk"):
        key = getattr(area, f"{other}_id")
        if key == new_id or key in old_ids:
            continue
        target = existing.get(key)
        if target is None:
            setattr(area, f"{field}_id", new_id)
            area.save(update_fields=[field])
            existing[key] = area
        else:
            if area.homes is not None:
                target.homes = (target.homes or 0) + area.homes
                target.save(update_fields=["homes"])
            area.delete()
        moved += 1
    return moved


def _save(kind, pairs, date: datetime.date, actor) -> list[Succession]:
    """One ``Succession`` of ``kind`` per (predecessor, successor) pair, recorded by ``actor``."""
    recorded_by = actor if actor is not None and actor.is_authenticated else None
    return Succession.objects.bulk_create(
        [
            Succession(
                predecessor=old, successor=new, date=date, kind=kind, recorded_by=recorded_by
            )
            for old, new in pairs
        ]
    )


def _log(action: str, actor, organisations: Sequence[Organisation], data: dict) -> None:
    """The audit entry ``action`` in the log of each of ``organisations``, in that order."""
    for org in organisations:
        audit.log(action=action, actor=actor, organisation=org, target=org, data=data)


@transaction.atomic
def record_merger(
    *,
    actor,
    predecessors: Sequence[Organisation],
    successor: Organisation | None,
    date: datetime.date | None,
) -> list[Succession]:
    """One or more organisations merged into ``successor`` (which exists already) on ``date``.
    The predecessors end (``is_current`` off, ``ended_on``, ``successor``); their work areas
    move to the successor (homes added where both had the gemeente); for gemeenten, the work
    areas of other organisations in the old gemeenten move to the new gemeente too."""
    require(actor, "organisations.record_merger", successor)
    olds = _distinct(predecessors)
    if not olds:
        raise ServiceError(
            _("Choose at least one organisation that went up in the successor."),
            field="predecessors",
        )
    if successor is None:
        raise ServiceError(_("Choose the organisation they merged into."), field="successor")
    _check_date(date)
    assert date is not None
    locked = _lock([o.pk for o in olds] + [successor.pk])
    successor = locked[successor.pk]
    olds = [locked[o.pk] for o in olds]
    if not successor.is_current:
        raise ServiceError(
            _("%(name)s no longer exists. Choose an organisation that exists today.")
            % {"name": successor.name},
            field="successor",
        )
    for old in olds:
        if old.pk == successor.pk:
            raise ServiceError(
                _("%(name)s cannot merge into itself. Choose another successor.")
                % {"name": old.name},
                field="successor",
            )
        if not old.is_current:
            raise ServiceError(
                _("%(name)s already no longer exists; its succession was recorded before.")
                % {"name": old.name},
                field="predecessors",
            )
        if kind_group(old) != kind_group(successor):
            raise ServiceError(_same_kind_message(old), field="successor")
    old_ids = [o.pk for o in olds]
    _end(old_ids, date=date, successor=successor)
    moved = _move_work_areas(field="organisation", old_ids=old_ids, new_id=successor.pk)
    if successor.is_gemeente:
        moved += _move_work_areas(field="gemeente", old_ids=old_ids, new_id=successor.pk)
    rows = _save(SuccessionKind.MERGER, [(old, successor) for old in olds], date, actor)
    data = {
        "predecessors": ", ".join(o.name for o in olds),
        "successor": successor.name,
        "date": date.isoformat(),
        "work_areas_moved": moved,
    }
    _log("organisations.succession.merger_recorded", actor, [successor, *olds], data)
    return rows


@transaction.atomic
def record_split(
    *,
    actor,
    predecessor: Organisation,
    successors: Sequence[Organisation],
    date: datetime.date | None,
) -> list[Succession]:
    """A gemeente was split over several gemeenten on ``date``. The first successor is the
    main one (the largest part): the old gemeente's ``successor`` points to it; the
    ``Succession`` rows name every successor. Work areas in the old gemeente are left for
    staff to divide."""
    require(actor, "organisations.record_split", predecessor)
    news = _distinct(successors)
    if len(news) < 2:
        raise ServiceError(
            _("Choose at least two municipalities. With one successor it is a merger."),
            field="successors",
        )
    _check_date(date)
    assert date is not None
    locked = _lock([predecessor.pk] + [o.pk for o in news])
    predecessor = locked[predecessor.pk]
    news = [locked[o.pk] for o in news]
    if not predecessor.is_gemeente:
        raise ServiceError(_("Only a municipality can be split."))
    if not predecessor.is_current:
        raise ServiceError(
            _("%(name)s already no longer exists; its succession was recorded before.")
            % {"name": predecessor.name}
        )
    for new in news:
        if new.pk == predecessor.pk:
            raise ServiceError(
                _("%(name)s cannot be split into itself. Choose other municipalities.")
                % {"name": new.name},
                field="successors",
            )
        if not new.is_current:
            raise ServiceError(
                _("%(name)s no longer exists. Choose an organisation that exists today.")
                % {"name": new.name},
                field="successors",
            )
        if not new.is_gemeente:
            raise ServiceError(
                _("A municipality can only be split over municipalities."), field="successors"
            )
    _end([predecessor.pk], date=date, successor=news[0])
    rows = _save(SuccessionKind.SPLIT, [(predecessor, new) for new in news], date, actor)
    data = {
        "predecessor": predecessor.name,
        "successors": ", ".join(o.name for o in news),
        "date": date.isoformat(),
    }
    _log("organisations.succession.split_recorded", actor, [predecessor, *news], data)
    return rows
