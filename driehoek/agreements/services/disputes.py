"""Disputes and information requests."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.dates import day_month, long_date
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import (
    Organisation,
)

from .. import notices
from ..legal import dispute_window, in_dispute_window
from ..models import (
    Agreement,
    Cycle,
    Dispute,
    DisputeStatus,
    InformationRequest,
)
from .base import MIN_YEAR, _actor_id
from .negotiation import _check_party


def _day_month(md: tuple[int, int]) -> str:
    return day_month(date(2000, *md))


def dispute_filing_warnings(*, cycle: Cycle, filed_on: date, arose_on: date | None = None) -> list:
    """Plain warnings when a dispute is filed outside the usual window or after the term.
    They never block: the minister decides whether a dispute is admissible."""
    warnings = []
    start, end = dispute_window()
    if not in_dispute_window(filed_on):
        warnings.append(
            _(
                "Filing date %(date)s falls outside the filing window of %(start)s to %(end)s. "
                "Driehoek records the dispute anyway: the minister decides whether it is "
                "admissible."
            )
            % {
                "date": long_date(filed_on),
                "start": _day_month(start),
                "end": _day_month(end),
            }
        )
    if arose_on is not None:
        deadline = arose_on + timedelta(weeks=cycle.dispute_filing_weeks)
        if filed_on > deadline:
            warnings.append(
                _(
                    "Filing date %(date)s is more than %(n)s weeks after the dispute arose "
                    "(%(arose)s): the term ended on %(deadline)s. Driehoek records the dispute "
                    "anyway: the minister decides whether it is admissible."
                )
                % {
                    "date": long_date(filed_on),
                    "n": cycle.dispute_filing_weeks,
                    "arose": long_date(arose_on),
                    "deadline": long_date(deadline),
                }
            )
    return warnings


@transaction.atomic
def dispute_start(
    *, actor, agreement: Agreement, organisation: Organisation, arose_on: date, description: str
) -> Dispute:
    _check_party(agreement, organisation)
    if arose_on > timezone.localdate():
        raise ServiceError(
            _("The date the dispute arose cannot be in the future."), field="arose_on"
        )
    if arose_on.year < MIN_YEAR:
        raise ServiceError(_("This date is not possible."), field="arose_on")
    if not description.strip():
        raise ServiceError(
            _("Describe the dispute and the positions of the parties."), field="description"
        )
    dispute = Dispute.objects.create(
        agreement=agreement,
        organisation=organisation,
        started_by=actor,
        arose_on=arose_on,
        description=description.strip(),
        status_changed_on=timezone.localdate(),
    )
    audit.log(
        action="agreements.dispute.started",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={
            "organisation": str(organisation),
            "outside_window": dispute.filed_outside_window,
            "after_term": dispute.filed_after_term,
        },
    )
    notices.schedule(notices.dispute_started, dispute.pk, _actor_id(actor))
    return dispute


@transaction.atomic
def dispute_update(
    *, actor, dispute: Dispute, status: str, note: str = "", on: date | None = None
) -> Dispute:
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if status not in DisputeStatus.values:
        raise ServiceError(_("Choose a status."), field="status")
    if dispute.status in (DisputeStatus.RULED, DisputeStatus.WITHDRAWN):
        raise ServiceError(_("This dispute is closed: the ruling was given or it was withdrawn."))
    on = on or timezone.localdate()
    if on < dispute.arose_on or on > timezone.localdate():
        raise ServiceError(
            _("The date must be between the start of the dispute and today."), field="on"
        )
    old = dispute.get_status_display()
    dispute.status = status
    dispute.status_note = note.strip() or dispute.status_note
    dispute.status_changed_on = on
    dispute.save(update_fields=["status", "status_note", "status_changed_on", "updated_at"])
    audit.log(
        action="agreements.dispute.status_changed",
        actor=actor,
        organisation=dispute.organisation,
        target=dispute.agreement,
        data={"old": str(old), "new": str(dispute.get_status_display())},
    )
    return dispute


@transaction.atomic
def inforequest_create(
    *, actor, cycle: Cycle, requester: Organisation, corporatie: Organisation, question: str
) -> InformationRequest:
    if not (requester.is_gemeente or requester.is_tenant_body):
        raise ServiceError(
            _("A municipality or tenant organisation asks for information."), field="requester"
        )
    if not corporatie.is_corporatie or not cycle.participants.filter(pk=corporatie.pk).exists():
        raise ServiceError(_("Choose a housing association in this cycle."), field="corporatie")
    if not question.strip():
        raise ServiceError(_("Write your question."), field="question")
    req = InformationRequest.objects.create(
        cycle=cycle,
        requester=requester,
        corporatie=corporatie,
        question=question.strip(),
        asked_by=actor,
    )
    audit.log(
        action="agreements.inforequest.created", actor=actor, organisation=requester, target=req
    )
    notices.schedule(notices.inforequest_asked, req.pk, _actor_id(actor))
    return req


@transaction.atomic
def inforequest_answer(*, actor, request: InformationRequest, answer: str) -> InformationRequest:
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_at:
        raise ServiceError(_("This request was answered already."))
    if not answer.strip():
        raise ServiceError(_("Write the answer."), field="answer")
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.answered_by = actor
    request.save(update_fields=["answer", "answered_at", "answered_by", "updated_at"])
    audit.log(
        action="agreements.inforequest.answered",
        actor=actor,
        organisation=request.corporatie,
        target=request,
        data={"days": request.response_days},
    )
    notices.schedule(notices.inforequest_answered, request.pk, _actor_id(actor))
    return request
