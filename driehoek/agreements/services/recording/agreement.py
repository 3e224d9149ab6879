"""Recording a historic agreement, its final text, the date a bod was sent and the bods it answers."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Organisation

from ... import lifecycle
from ...models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    Bod,
    BodStatus,
    Cycle,
)
from ..base import MIN_YEAR
from ..cycles import cycle_create
from ..parties import agreement_create, bods_check
from ..preparation import _bod_locked
from .base import (
    RECORDED,
    _check_cycle_date,
    _fmt,
    _may_record_for,
    _store_source,
    check_past_date,
    is_recorded,
    moment,
)


@transaction.atomic
def bod_record_sent(*, actor, bod: Bod, sent_on: date) -> Bod:
    """The bod was sent on ``sent_on``, before it was on the platform."""
    bod = _bod_locked(bod)
    cycle = bod.cycle
    _check_cycle_date(sent_on, "sent_on", cycle)
    if not bod.lines.exists():
        raise ServiceError(
            _("Add the activities of the bod first: after sending it cannot be changed.")
        )
    bod.status = BodStatus.SENT
    bod.sent_at = moment(sent_on)
    bod.sent_by = None
    bod.sent_recorded_by = actor if actor is not None and actor.is_authenticated else None
    bod.sent_recorded_at = timezone.now()
    bod.save(
        update_fields=[
            "status",
            "sent_at",
            "sent_by",
            "sent_recorded_by",
            "sent_recorded_at",
            "updated_at",
        ]
    )
    audit.log(
        action="agreements.bod.sent_recorded",
        actor=actor,
        organisation=bod.corporaties.first(),
        target=bod,
        data={"date": _fmt(sent_on), "late": bod.is_late},
    )
    return bod


def _freeze_recorded(actor, agreement: Agreement, final_on: date) -> AgreementVersion:
    """The final version, as agreed outside the platform: no readiness step."""
    from ..signing import build_snapshot, content_hash

    snapshot = build_snapshot(agreement)
    number = (agreement.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        is_final=True,
        label=_("Signed text, recorded afterwards"),
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        frozen_at=moment(final_on),
        frozen_by=actor if actor is not None and actor.is_authenticated else None,
    )
    lifecycle.apply(agreement, "freeze_final")
    agreement.save(update_fields=["status", "updated_at"])
    audit.log(
        action="agreements.version.final_recorded",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"number": number, "date": _fmt(final_on), "hash": version.content_hash[:12]},
    )
    return version


@transaction.atomic
def agreement_record(
    *,
    actor,
    gemeente: Organisation,
    cycle_year: int,
    kind: str,
    title: str,
    period_start: int,
    period_end: int,
    parties,
    final_on: date,
    source_document=None,
    parent: Agreement | None = None,
    bods=(),
    freeze: bool = True,
) -> Agreement:
    """A historic agreement in one go: the cycle of that year (found or made), the agreement,
    its parties, the signed PDF as its source and, with ``freeze``, the final version with the
    content entered (the parties then record their decisions). Without ``freeze`` it stays a
    draft: add the commitments, then record the final version with ``recorded_version_freeze``."""
    if not gemeente.is_gemeente:
        raise ServiceError(_("A cycle belongs to a municipality."), field="gemeente")
    if not title or not title.strip():
        raise ServiceError(_("Enter the title of the agreement."), field="title")
    if cycle_year is None or not (MIN_YEAR <= int(cycle_year) <= timezone.localdate().year):
        raise ServiceError(
            _("Enter a cycle year from %(min)s to this year.") % {"min": MIN_YEAR},
            field="cycle_year",
        )
    parties = list(dict.fromkeys([gemeente, *parties]))
    _may_record_for(actor, parties)
    check_past_date(final_on, "final_on", not_before=date(int(cycle_year) - 1, 1, 1))
    cycle = Cycle.objects.filter(gemeente=gemeente, year=cycle_year).first()
    if cycle is None:
        cycle = cycle_create(
            actor=actor,
            gemeente=gemeente,
            year=int(cycle_year),
            participants=[p for p in parties if not p.is_gemeente],
        )
    else:
        cycle.participants.add(*[p for p in parties if not p.is_gemeente])
    bods = list(bods or ())
    agreement = agreement_create(
        actor=actor,
        cycle=cycle,
        kind=kind,
        title=title,
        period_start=period_start,
        period_end=period_end,
        parties=parties,
        parent=parent,
        bods=bods,
        standard_clauses=False,
    )
    if bods:
        agreement.bod = bods[0]
        agreement.save(update_fields=["bod", "updated_at"])
    _store_source(agreement, source_document)
    audit.log(
        action=RECORDED,
        actor=actor,
        organisation=gemeente,
        target=agreement,
        data={"kind": agreement.get_kind_display(), "date": _fmt(final_on)},
    )
    if freeze:
        _freeze_recorded(actor, agreement, final_on)
    return agreement


@transaction.atomic
def recorded_version_freeze(*, actor, agreement: Agreement, final_on: date) -> AgreementVersion:
    """The final version of an agreement recorded afterwards, once its content is entered."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not is_recorded(agreement):
        raise ServiceError(
            _(
                "Only an agreement recorded afterwards gets its final version this way. "
                "Other agreements go through ready to sign and the final freeze."
            )
        )
    lifecycle.check(agreement, "freeze_final")
    check_past_date(final_on, "final_on", not_before=date(agreement.cycle.year - 1, 1, 1))
    return _freeze_recorded(actor, agreement, final_on)


@transaction.atomic
def agreement_bods_set(*, actor, agreement: Agreement, bods) -> Agreement:
    """The bods this agreement answers: sent bods of its corporaties in its cycle."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    bods = bods_check(
        agreement.cycle,
        list(bods),
        list(
            AgreementParty.objects.filter(agreement=agreement).values_list(
                "organisation_id", flat=True
            )
        ),
    )
    agreement.bods.set(bods)
    if agreement.bod_id is None and bods:
        agreement.bod = bods[0]
        agreement.save(update_fields=["bod", "updated_at"])
    audit.log(
        action="agreements.agreement.bods_linked",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"bods": ", ".join(b.title for b in bods) or "–"},
    )
    return agreement
