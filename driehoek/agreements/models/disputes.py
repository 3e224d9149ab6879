"""Disputes and information requests."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel, user_ref
from driehoek.organisations.models import Organisation

from ..legal import in_dispute_window
from .drafting import Agreement
from .preparation import Cycle


class DisputeStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    ADVICE_REQUESTED = "advice_requested", _("Advice requested")
    ADVISED = "advised", _("Advice given")
    RULED = "ruled", _("Binding ruling given")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Dispute(TimeStampedModel):
    """Geschil artikel 44 Woningwet."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="disputes"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    started_by = user_ref(_("started by"))
    arose_on = models.DateField(_("the dispute arose on"))
    description = models.TextField(_("description of the dispute"))
    status = models.CharField(
        _("status"), max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.FILED
    )
    status_note = models.TextField(_("advice or ruling"), blank=True)
    status_changed_on = models.DateField(_("status date"), null=True, blank=True)
    # The day it was filed with the minister, when recorded afterwards (else: created_at).
    filed_on_recorded = models.DateField(_("filed on (recorded afterwards)"), null=True, blank=True)
    # Recorded afterwards ("vastgelegd achteraf"): who entered a past date and when.
    recorded_by = user_ref(_("recorded afterwards by"), blank=True)
    recorded_at = models.DateTimeField(_("recorded afterwards at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Geschil artikel 44 Woningwet – {self.agreement}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:dispute_detail", kwargs={"dispute_id": self.uuid})

    @property
    def filing_deadline(self) -> date:
        return self.arose_on + timedelta(weeks=self.agreement.cycle.dispute_filing_weeks)

    @property
    def filed_on(self) -> date:
        from django.utils import timezone

        return self.filed_on_recorded or timezone.localdate(self.created_at)

    @property
    def filed_after_term(self) -> bool:
        return self.filed_on > self.filing_deadline

    @property
    def filed_outside_window(self) -> bool:
        return not in_dispute_window(self.filed_on)


class InformationRequest(TimeStampedModel):
    """Woningwet art. 44b: a gemeente or tenant organisation asks a corporatie for information."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        Cycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="information_requests",
    )
    requester = models.ForeignKey(
        Organisation, verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    corporatie = models.ForeignKey(
        Organisation,
        verbose_name=_("housing association"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    question = models.TextField(_("question"))
    asked_by = user_ref(_("asked by"))
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = user_ref(_("answered by"), blank=True)

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.question[:80]

    def get_absolute_url(self) -> str:
        return reverse("agreements:inforequest_detail", kwargs={"request_id": self.uuid})

    @property
    def response_days(self) -> int | None:
        if not self.answered_at:
            return None
        return (self.answered_at - self.created_at).days
