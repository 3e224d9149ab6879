"""Submission to the three recipients."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import (
    Organisation,
)

from .. import hooks, lifecycle
from ..models import Agreement
from .negotiation import _check_party


def submission_save(agreement: Agreement, *, when, by, note: str, **recorded) -> None:
    """Move ``agreement`` to submitted: sent to all three recipients at ``when`` by ``by``,
    with ``note``; ``recorded`` sets more fields (who recorded it afterwards, and when)."""
    lifecycle.apply(agreement, "submit")
    agreement.submitted_at = when
    agreement.submitted_by = by
    agreement.submission_note = note.strip()
    agreement.sent_to_minister_at = when
    agreement.sent_to_gemeenten_at = when
    agreement.sent_to_tenants_at = when
    for name, value in recorded.items():
        setattr(agreement, name, value)
    agreement.save(
        update_fields=[
            "status",
            "submitted_at",
            "submitted_by",
            "submission_note",
            "sent_to_minister_at",
            "sent_to_gemeenten_at",
            "sent_to_tenants_at",
            *recorded,
            "updated_at",
        ]
    )
    hooks.agreement_changed([agreement.pk])


@transaction.atomic
def agreement_submit(
    *,
    actor,
    agreement: Agreement,
    organisation: Organisation,
    sent_to_minister: bool = False,
    sent_to_gemeenten: bool = False,
    sent_to_tenants: bool = False,
    note: str = "",
) -> Agreement:
    """Record that the corporatie sent the package to the minister (Aw), the gemeenten and the
    tenant bodies (Woningwet art. 44a(1)). All three recipients are required."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not organisation.is_corporatie:
        raise ServiceError(
            _("The housing association submits the agreements."), field="organisation"
        )
    _check_party(agreement, organisation)
    lifecycle.check(agreement, "submit")
    for field, sent in (
        ("sent_to_minister", sent_to_minister),
        ("sent_to_gemeenten", sent_to_gemeenten),
        ("sent_to_tenants", sent_to_tenants),
    ):
        if not sent:
            raise ServiceError(
                _(
                    "The package goes to the minister, the municipalities and the tenant "
                    "organisations (Woningwet art. 44a). Send it to this recipient first."
                ),
                field=field,
            )
    submission_save(agreement, when=timezone.now(), by=actor, note=note)
    audit.log(
        action="agreements.agreement.submitted",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"late": agreement.submission_is_late},
    )
    for label, _sent_at in agreement.submission_recipients:
        audit.log(
            action="agreements.agreement.package_sent",
            actor=actor,
            organisation=organisation,
            target=agreement,
            data={"recipient": str(label)},
        )
    return agreement
