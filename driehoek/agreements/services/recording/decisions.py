"""Recording each party's decision, the submission and a dispute with their real dates."""

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
    AgreementStatus,
    AgreementVersion,
    Decision,
    Dispute,
    DisputeStatus,
    Signature,
)
from ..signatures import signable_party, signature_create
from ..submission import submission_save
from .base import _check_cycle_date, _fmt, check_past_date, moment


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
    from ..signing import _conclude_if_complete

    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
    if decision not in Decision.values:
        raise ServiceError(_("Choose sign or decline."), field="decision")
    party = signable_party(agreement, version, organisation)
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
    signature = signature_create(
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
    submission_save(
        agreement,
        when=moment(submitted_on),
        by=None,
        note=note,
        submission_recorded_by=actor if actor is not None and actor.is_authenticated else None,
        submission_recorded_at=timezone.now(),
    )
    audit.log(
        action="agreements.agreement.submission_recorded",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"date": _fmt(submitted_on), "late": agreement.submission_is_late},
    )
    return agreement


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
