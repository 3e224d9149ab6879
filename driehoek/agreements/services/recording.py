"""Recording the past: agreements made before the platform, as they happened.

Every date recorded here is the real date of what happened (a bod sent, a decision signed, a
submission, a dispute filed); next to it the record keeps who entered it and when
("vastgelegd achteraf"). Deadlines and "late" flags are judged against the recorded dates.
A recorded date is refused when it lies in the future, before 2015, before the cycle (from
1 January of the year before the cycle year) or before what it follows (a decision before the
final text, a submission before the conclusion). A refusal changes nothing.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from driehoek.core import audit, uploads
from driehoek.core.audit_text import register as register_audit_text
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Organisation, Role
from driehoek.organisations.selectors import has_role

from .. import lifecycle
from ..models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    Bod,
    BodStatus,
    Cycle,
    Decision,
    Dispute,
    DisputeStatus,
    Signature,
)
from .base import MIN_YEAR
from .cycles import cycle_create
from .parties import agreement_create, bods_check
from .preparation import _bod_locked

SOURCE_MAX_BYTES = 20 * 1024 * 1024
RECORDED = "agreements.agreement.recorded"

register_audit_text(
    {
        "agreements.bod.sent_recorded": gettext_lazy("Bod {target} sent on {date} (recorded)"),
        RECORDED: gettext_lazy("Agreement {target} recorded as it happened ({kind})"),
        "agreements.version.final_recorded": gettext_lazy(
            "Version {number} recorded as the signed text of {date}"
        ),
        "agreements.version.signed_recorded": gettext_lazy(
            "{organisation} signed version {number} on {date} (recorded)"
        ),
        "agreements.version.declined_recorded": gettext_lazy(
            "{organisation} declined version {number} on {date} (recorded)"
        ),
        "agreements.agreement.submission_recorded": gettext_lazy(
            "Agreement {target} submitted on {date} (recorded)"
        ),
        "agreements.dispute.recorded": gettext_lazy(
            "Dispute filed on {date} by {organisation} (recorded)"
        ),
        "agreements.agreement.bods_linked": gettext_lazy("Bods answered: {bods}"),
        "agreements.cycle.participant_added": gettext_lazy("{organisation} joined cycle {target}"),
        "agreements.cycle.participant_removed": gettext_lazy(
            "{organisation} no longer takes part in cycle {target}"
        ),
    }
)


# Dates --------------------------------------------------------------------------------------


def moment(day: date) -> datetime:
    """A recorded day as a moment: midday in the project's time zone (so the day never shifts)."""
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def _fmt(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def check_past_date(day: date | None, field: str, *, not_before: date | None = None) -> date:
    """A recorded date: given, not in the future, not before 2015 and not before
    ``not_before`` (the start of the cycle, or what the event follows)."""
    if day is None:
        raise ServiceError(_("Enter the date it happened."), field=field)
    if day > timezone.localdate():
        raise ServiceError(
            _("This date is in the future. Enter the date it really happened."), field=field
        )
    if day < date(MIN_YEAR, 1, 1):
        raise ServiceError(
            _("Driehoek records agreements from 2015 on. Enter a date from 1 January 2015."),
            field=field,
        )
    if not_before is not None and day < not_before:
        raise ServiceError(
            _("This date is before %(date)s, and that is not possible here. Enter a later date.")
            % {"date": _fmt(not_before)},
            field=field,
        )
    return day


def cycle_start(cycle: Cycle) -> date:
    """The first day anything of a cycle can happen: 1 January of the year before it."""
    return max(date(cycle.year - 1, 1, 1), date(MIN_YEAR, 1, 1))


def _check_cycle_date(day: date | None, field: str, cycle: Cycle) -> date:
    day = check_past_date(day, field)
    start = cycle_start(cycle)
    if day < start:
        raise ServiceError(
            _("This date is before cycle %(year)s started: enter a date from %(date)s on.")
            % {"year": cycle.year, "date": _fmt(start)},
            field=field,
        )
    return day


def _may_record_for(actor, organisations) -> None:
    """Staff record for anyone; an editor records for the organisations they edit for."""
    if actor is not None and actor.is_authenticated and actor.is_staff:
        return
    if actor is None or not actor.is_authenticated:
        raise ServiceError(_("Sign in to record what happened."))
    if not any(has_role(actor, o, Role.EDITOR) for o in organisations):
        raise ServiceError(
            _("You can only record this for an organisation you are an editor of."),
            field="parties",
        )


# The bod ------------------------------------------------------------------------------------


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


# The agreement ------------------------------------------------------------------------------


def _store_source(agreement: Agreement, document) -> None:
    original = getattr(document, "name", "") or ""
    document = uploads.check_upload(
        document, extensions=("pdf",), max_bytes=SOURCE_MAX_BYTES, field="source_document"
    )
    if document is None:
        return
    agreement.source_document.save(document.name, document, save=False)
    agreement.source_document_name = original.rsplit("/", 1)[-1][:200]
    agreement.save(update_fields=["source_document", "source_document_name", "updated_at"])


def _freeze_recorded(actor, agreement: Agreement, final_on: date) -> AgreementVersion:
    """The final version, as agreed outside the platform: no readiness step."""
    from .signing import build_snapshot, content_hash

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


def is_recorded(agreement: Agreement) -> bool:
    """Whether the agreement was recorded afterwards (made before the platform)."""
    return audit.AuditEvent.objects.filter(
        action=RECORDED, target_type=agreement._meta.label_lower, target_id=str(agreement.pk)
    ).exists()


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


# Signatures ---------------------------------------------------------------------------------


@transaction.atomic
def signature_record(
    *,
    actor,
    version: AgreementVersion,
    organisation: Organisation,
    signed_on: date,
    signer_name: str,
    decision: str = Decision.SIGNED,
    reason: str = "",
) -> Signature:
    """A party's decision on the final version, on the day it happened (recorded afterwards),
    then the agreement is concluded when every party that must sign has signed."""
    from .signing import _conclude_if_complete, content_hash

    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
    if decision not in Decision.values:
        raise ServiceError(_("Choose sign or decline."), field="decision")
    party = agreement.parties.filter(organisation=organisation).first()
    if party is None:
        raise ServiceError(
            _("%(org)s is not a party to this agreement.") % {"org": organisation},
            field="organisation",
        )
    if not version.is_final:
        raise ServiceError(
            _("This version is a negotiation round, not the final version for signing.")
        )
    latest = agreement.versions.order_by("-number").values_list("pk", flat=True).first()
    if latest != version.pk:
        raise ServiceError(
            _(
                "This version is outdated: a newer version exists or the negotiation was reopened. Open the latest version."
            )
        )
    lifecycle.check(agreement, "sign")
    if content_hash(version.snapshot) != version.content_hash:
        raise ServiceError(
            _(
                "The content of this version does not match its fingerprint. Signing is not possible; contact the administrator."
            )
        )
    check_past_date(signed_on, "signed_on")
    frozen_on = timezone.localdate(version.frozen_at)
    if signed_on < frozen_on:
        raise ServiceError(
            _("The decision cannot come before the final text of %(date)s. Enter a later date.")
            % {"date": _fmt(frozen_on)},
            field="signed_on",
        )
    if not signer_name or not signer_name.strip():
        raise ServiceError(_("Enter the name of the person who signed."), field="signer_name")
    if decision == Decision.DECLINED and not reason.strip():
        raise ServiceError(_("Give the reason for declining."), field="reason")
    if Signature.objects.filter(version=version, organisation=organisation).exists():
        raise ServiceError(
            _("%(org)s has already signed or declined this version.") % {"org": organisation},
            field="organisation",
        )
    recorder = actor if actor is not None and actor.is_authenticated else None
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                version=version,
                party=party,
                organisation=organisation,
                user=None,
                signer_name=signer_name.strip()[:200],
                decision=decision,
                reason=reason.strip(),
                content_hash=version.content_hash,
                signed_at=moment(signed_on),
                recorded_by=recorder,
                recorded_at=timezone.now(),
            )
    except IntegrityError:
        raise ServiceError(
            _("%(org)s has already signed or declined this version.") % {"org": organisation}
        ) from None
    audit.log(
        action="agreements.version.signed_recorded"
        if decision == Decision.SIGNED
        else "agreements.version.declined_recorded",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"number": version.number, "organisation": str(organisation), "date": _fmt(signed_on)},
    )
    if agreement.status == AgreementStatus.SIGNING:
        _conclude_if_complete(agreement, version, organisation=organisation, actor=actor)
        if agreement.status == AgreementStatus.CONCLUDED:
            # Concluded on the day of the last decision, not on the day it was entered.
            last = version.signatures.aggregate(m=Max("signed_at"))["m"]
            agreement.concluded_at = last
            agreement.save(update_fields=["concluded_at", "updated_at"])
    elif decision == Decision.DECLINED and not party.must_sign:
        agreement.concluded_with_tenant_refusal = True
        agreement.save(update_fields=["concluded_with_tenant_refusal", "updated_at"])
    return signature


# Submission ---------------------------------------------------------------------------------


@transaction.atomic
def submission_record(
    *, actor, agreement: Agreement, submitted_on: date, note: str = ""
) -> Agreement:
    """The package went to the minister, the gemeenten and the tenant organisations on
    ``submitted_on`` (Woningwet art. 44a), before the agreement was on the platform."""
    agreement = Agreement.objects.select_for_update().select_related("cycle").get(pk=agreement.pk)
    lifecycle.check(agreement, "submit")
    check_past_date(submitted_on, "submitted_on")
    concluded_on = timezone.localdate(agreement.concluded_at) if agreement.concluded_at else None
    if concluded_on and submitted_on < concluded_on:
        raise ServiceError(
            _(
                "The submission cannot come before the agreement was concluded (%(date)s). "
                "Enter a later date."
            )
            % {"date": _fmt(concluded_on)},
            field="submitted_on",
        )
    when = moment(submitted_on)
    lifecycle.apply(agreement, "submit")
    agreement.submitted_at = when
    agreement.submitted_by = None
    agreement.submission_note = note.strip()
    agreement.sent_to_minister_at = when
    agreement.sent_to_gemeenten_at = when
    agreement.sent_to_tenants_at = when
    agreement.submission_recorded_by = (
        actor if actor is not None and actor.is_authenticated else None
    )
    agreement.submission_recorded_at = timezone.now()
    agreement.save(
        update_fields=[
            "status",
            "submitted_at",
            "submitted_by",
            "submission_note",
            "sent_to_minister_at",
            "sent_to_gemeenten_at",
            "sent_to_tenants_at",
            "submission_recorded_by",
            "submission_recorded_at",
            "updated_at",
        ]
    )
    audit.log(
        action="agreements.agreement.submission_recorded",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"date": _fmt(submitted_on), "late": agreement.submission_is_late},
    )
    return agreement


# Disputes -----------------------------------------------------------------------------------


@transaction.atomic
def dispute_record(
    *,
    actor,
    agreement: Agreement,
    organisation: Organisation,
    arose_on: date,
    filed_on: date,
    description: str,
    status: str = DisputeStatus.FILED,
    status_note: str = "",
) -> Dispute:
    """A dispute filed with the minister on ``filed_on`` (recorded afterwards). Its term and
    the filing window are judged against that date."""
    if not agreement.parties.filter(organisation=organisation).exists():
        raise ServiceError(
            _("This organisation is not a party to the agreement."), field="organisation"
        )
    cycle = agreement.cycle
    _check_cycle_date(arose_on, "arose_on", cycle)
    _check_cycle_date(filed_on, "filed_on", cycle)
    if filed_on < arose_on:
        raise ServiceError(
            _("The dispute cannot be filed before it arose (%(date)s). Enter a later date.")
            % {"date": _fmt(arose_on)},
            field="filed_on",
        )
    if not description or not description.strip():
        raise ServiceError(
            _("Describe the dispute and the positions of the parties."), field="description"
        )
    if status not in DisputeStatus.values:
        raise ServiceError(_("Choose a status."), field="status")
    dispute = Dispute.objects.create(
        agreement=agreement,
        organisation=organisation,
        started_by=None,
        arose_on=arose_on,
        description=description.strip(),
        status=status,
        status_note=status_note.strip(),
        status_changed_on=filed_on,
        filed_on_recorded=filed_on,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
        recorded_at=timezone.now(),
    )
    audit.log(
        action="agreements.dispute.recorded",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={
            "organisation": str(organisation),
            "date": _fmt(filed_on),
            "outside_window": dispute.filed_outside_window,
            "after_term": dispute.filed_after_term,
        },
    )
    return dispute


# Several bods, one agreement -----------------------------------------------------------------


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


__all__ = [
    "AgreementKind",
    "agreement_bods_set",
    "agreement_record",
    "bod_record_sent",
    "check_past_date",
    "cycle_start",
    "dispute_record",
    "is_recorded",
    "moment",
    "recorded_version_freeze",
    "signature_record",
    "submission_record",
]
