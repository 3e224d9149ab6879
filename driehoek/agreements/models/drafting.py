"""The agreement, its parties, clauses, commitments and targets."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel, user_ref
from driehoek.core.versioning import version_field
from driehoek.organisations.models import Organisation

from .preparation import Bod, BodLine, Cycle, Theme, WoonvisieGoal


class AgreementKind(models.TextChoices):
    FRAMEWORK = "kader", _("Multi-year framework")
    ANNUAL = "jaarschijf", _("Annual slice")
    ADDENDUM = "addendum", _("Addendum")
    REGIONAL = "regionaal", _("Regional agreement")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    NEGOTIATION = "negotiation", _("In negotiation")
    SIGNING = "signing", _("Ready for signing")
    CONCLUDED = "concluded", _("Concluded")
    SUBMITTED = "submitted", _("Submitted")


EDITABLE_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION)


class Agreement(TimeStampedModel):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=AgreementKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    title = models.CharField(_("title"), max_length=200)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    bod = models.ForeignKey(
        Bod,
        verbose_name=_("bod"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The bods of each of its corporaties that this agreement answers (``bod`` is the one it
    # was started from).
    bods = models.ManyToManyField(
        Bod, verbose_name=_("bods answered"), related_name="agreements", blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    concluded_with_tenant_refusal = models.BooleanField(
        _("concluded while a tenant organisation declined"), default=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = user_ref(_("submitted by"), blank=True)
    submission_note = models.TextField(_("submission note"), blank=True)
    # Recorded afterwards ("vastgelegd achteraf"): who entered a past date and when.
    submission_recorded_by = user_ref(_("recorded afterwards by"), blank=True)
    submission_recorded_at = models.DateTimeField(
        _("recorded afterwards at"), null=True, blank=True
    )
    # A signed document (PDF) as the source of an agreement recorded afterwards.
    source_document = models.FileField(
        _("signed document"), upload_to="agreements/sources/%Y/", blank=True
    )
    source_document_name = models.CharField(_("file name"), max_length=200, blank=True)
    # Woningwet art. 44a(1): the package goes to the minister (the Aw), the gemeenten and the
    # tenant bodies. Each recipient is recorded on its own.
    sent_to_minister_at = models.DateTimeField(
        _("sent to the minister (Aw) at"), null=True, blank=True
    )
    sent_to_gemeenten_at = models.DateTimeField(
        _("sent to the municipalities at"), null=True, blank=True
    )
    sent_to_tenants_at = models.DateTimeField(
        _("sent to the tenant organisations at"), null=True, blank=True
    )
    created_by = user_ref(_("created by"), blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement_detail", kwargs={"agreement_id": self.uuid})

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def is_demo(self) -> bool:
        return self.cycle.gemeente.is_demo

    @property
    def submission_is_late(self) -> bool:
        from django.utils import timezone

        when = timezone.localdate(self.submitted_at) if self.submitted_at else timezone.localdate()
        return when > self.cycle.submission_due and (
            self.submitted_at is not None or self.status != AgreementStatus.SUBMITTED
        )

    @property
    def submission_recipients(self) -> list[tuple[str, object]]:
        """(recipient, sent at or None) for each recipient of the submission package."""
        return [
            (_("the minister (Autoriteit woningcorporaties)"), self.sent_to_minister_at),
            (_("the municipalities"), self.sent_to_gemeenten_at),
            (_("the tenant organisations"), self.sent_to_tenants_at),
        ]

    @property
    def years(self) -> list[int]:
        return list(range(self.period_start, self.period_end + 1))


class AgreementParty(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="agreement_parties",
    )
    # A tenant organisation chooses: sign as a full party (default) or only take note.
    # Gemeenten and corporaties always sign.
    signs = models.BooleanField(_("signs as a full party"), default=True)
    # "Ready to sign": freezing a final version needs it from every signing party.
    ready_at = models.DateTimeField(_("ready to sign since"), null=True, blank=True)
    ready_by = user_ref(_("ready to sign according to"), blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["organisation__kind", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="agreementparty_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def must_sign(self) -> bool:
        """Gemeenten and corporaties must sign; a tenant organisation signs if it wishes."""
        return not self.organisation.is_tenant_body


class ClauseKey(models.TextChoices):
    DURATION = "duration", _("Duration")
    INTERIM_CHANGE = "interim_change", _("Interim change")
    SPECIAL_CIRCUMSTANCES = "special_circumstances", _("Special circumstances")
    SUPERVISORY_APPROVAL = "supervisory_approval", _("Supervisory board approval")
    MERGER = "merger", _("Merger and successor")
    REASONABLENESS = "reasonableness", _("Reasonableness and fairness")
    OTHER = "other", _("Other")


class Clause(models.Model):
    version = version_field()
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="clauses"
    )
    key = models.CharField(
        _("kind"), max_length=32, choices=ClauseKey.choices, default=ClauseKey.OTHER
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def discussion_key(self) -> str:
        return f"clause-{self.pk}"


class CommitmentKind(models.TextChoices):
    RESULT = "result", _("Result")
    PROCESS = "process", _("Process")
    REQUEST = "request", _("Request to the municipality")
    EFFORT = "effort", _("Effort")


class Commitment(TimeStampedModel):
    version = version_field()
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="commitments"
    )
    number = models.PositiveIntegerField(_("number"))
    reference = models.CharField(_("reference"), max_length=20)
    origin = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=CommitmentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible = models.ForeignKey(
        Organisation,
        verbose_name=_("responsible party"),
        on_delete=models.PROTECT,
        related_name="commitments_responsible",
    )
    counterparties = models.ManyToManyField(
        Organisation,
        verbose_name=_("counterparties"),
        related_name="commitments_counterparty",
        blank=True,
    )
    indicator = models.CharField(_("indicator"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    estimated_cost = models.DecimalField(
        _("estimated cost (euro)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    dependencies = models.TextField(_("dependencies"), blank=True)
    woonvisie_goal = models.ForeignKey(
        WoonvisieGoal,
        verbose_name=_("woonvisie goal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    bod_line = models.ForeignKey(
        BodLine,
        verbose_name=_("bod activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commitments",
    )
    summary_b1 = models.TextField(_("summary in plain language"), blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["number"]
        constraints = [
            # Its index serves the open-data sorts after the gemeente's name (organisation_name)
            # and the agreement's uuid (unique): an agreement's commitments by number.
            models.UniqueConstraint(
                fields=["agreement", "number"], name="commitment_unique_number"
            ),
            models.UniqueConstraint(
                fields=["agreement", "reference"], name="commitment_unique_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def discussion_key(self) -> str:
        return f"commitment-{self.pk}"


class CommitmentTarget(models.Model):
    commitment = models.ForeignKey(
        Commitment, verbose_name=_("commitment"), on_delete=models.CASCADE, related_name="targets"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "year"], name="commitmenttarget_unique_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"
