"""The yearly cycle: cycle, woonvisie, interests, bod, agreement (parties, clauses,
commitments with targets per year), negotiation, versions, signatures, submission, disputes
and information requests.

Later apps (monitoring, publication) read Agreement, AgreementParty, Commitment,
CommitmentTarget and Signature: keep those stable.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from driehoek.core.immutable import ImmutableModel, ImmutableQuerySet
from driehoek.core.models import TimeStampedModel
from driehoek.core.versioning import version_field
from driehoek.organisations.models import Organisation

from .legal import add_months, in_dispute_window


class Theme(models.TextChoices):
    AVAILABILITY = "beschikbaarheid", _("Availability")
    AFFORDABILITY = "betaalbaarheid", _("Affordability")
    QUALITY = "kwaliteit_duurzaamheid", _("Quality and sustainability")
    SPECIAL_GROUPS = "bijzondere_doelgroepen", _("Special target groups")
    CARE = "wonen_welzijn_zorg", _("Housing, welfare and care")
    LIVEABILITY = "leefbaarheid", _("Liveability")
    COOPERATION = "samenwerking", _("Cooperation and process")
    SOCIAL_REAL_ESTATE = "maatschappelijk_vastgoed", _("Social real estate")
    MID_RENT = "middenhuur", _("Mid-rent")


class Cycle(TimeStampedModel):
    """One year of the cycle for one gemeente. Each cycle keeps its own dates: the law changes."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    participants = models.ManyToManyField(
        Organisation,
        verbose_name=_("housing associations and tenant organisations"),
        related_name="cycles_participating",
        blank=True,
    )
    ibw_due = models.DateField(_("financial indication (IBW) before"))
    bod_due = models.DateField(_("bod available on"))
    talks_started_on = models.DateField(_("talks started on"), null=True, blank=True)
    submission_due = models.DateField(_("submission before"))
    dispute_after_months = models.PositiveSmallIntegerField(
        _("dispute possible after (months of talks)"), default=6
    )
    dispute_filing_weeks = models.PositiveSmallIntegerField(
        _("dispute to be filed within (weeks)"), default=4
    )

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-year", "gemeente__name"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "year"], name="cycle_unique_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.gemeente} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("agreements:cycle_detail", kwargs={"cycle_id": self.uuid})

    @property
    def dispute_possible_from(self) -> date | None:
        """Talks without agreements this long: any party may start a dispute (Ww art. 44(4))."""
        if not self.talks_started_on:
            return None
        return add_months(self.talks_started_on, self.dispute_after_months)


class Woonvisie(TimeStampedModel):
    """The gemeente's housing policy (Woningwet art. 42)."""

    version = version_field()
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    gemeente = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="woonvisies",
    )
    title = models.CharField(_("title"), max_length=200)
    adopted_on = models.DateField(_("adopted on"))
    period_start = models.PositiveSmallIntegerField(_("valid from (year)"))
    period_end = models.PositiveSmallIntegerField(_("valid until (year)"))
    document = models.FileField(_("document"), upload_to="woonvisies/", blank=True)
    url = models.URLField(_("link to the document"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("woonvisie")
        verbose_name_plural = _("woonvisies")
        ordering = ["-adopted_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:woonvisie_detail", kwargs={"woonvisie_id": self.uuid})


class WoonvisieGoal(models.Model):
    woonvisie = models.ForeignKey(
        Woonvisie, verbose_name=_("woonvisie"), on_delete=models.CASCADE, related_name="goals"
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    text = models.TextField(_("goal"))

    class Meta:
        verbose_name = _("woonvisie goal")
        verbose_name_plural = _("woonvisie goals")
        ordering = ["theme", "pk"]

    def __str__(self) -> str:
        return f"{self.get_theme_display()}: {self.text[:80]}"


class Interest(TimeStampedModel):
    """A party's priority on a theme before the talks start."""

    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="interests"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    priority = models.PositiveSmallIntegerField(
        _("priority"),
        choices=[(1, _("High")), (2, _("Medium")), (3, _("Low"))],
        default=2,
    )
    text = models.TextField(_("what we want"))
    set_with_members = models.BooleanField(
        _("set together with our members"),
        default=False,
        help_text=_("For tenant organisations: the members helped choose these priorities."),
    )

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["organisation__name", "priority", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organisation", "theme"], name="interest_unique_theme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_theme_display()}"


class BodStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class Bod(TimeStampedModel):
    """The corporatie's overview of intended activities (Ww art. 43, BTIV art. 39)."""

    version = version_field()
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="bods"
    )
    title = models.CharField(_("title"), max_length=200)
    corporaties = models.ManyToManyField(
        Organisation, verbose_name=_("housing associations"), related_name="bods"
    )
    tenant_bodies = models.ManyToManyField(
        Organisation,
        verbose_name=_("tenant organisations"),
        related_name="bods_received",
        blank=True,
    )
    introduction = models.TextField(_("introduction"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=BodStatus.choices, default=BodStatus.DRAFT
    )
    consulted_on = models.DateField(_("tenants consulted on"), null=True, blank=True)
    consultation_note = models.TextField(_("outcome of the tenant consultation"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bod")
        verbose_name_plural = _("bods")
        ordering = ["-cycle__year", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("agreements:bod_detail", kwargs={"bod_id": self.uuid})

    @property
    def is_sent(self) -> bool:
        return self.status == BodStatus.SENT

    @property
    def is_late(self) -> bool:
        from django.utils import timezone

        if self.sent_at:
            return timezone.localdate(self.sent_at) > self.cycle.bod_due
        return timezone.localdate() > self.cycle.bod_due


class BodSection(models.Model):
    """The bod's explanation for one theme of BTIV art. 39."""

    bod = models.ForeignKey(
        Bod, verbose_name=_("bod"), on_delete=models.CASCADE, related_name="sections"
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    text = models.TextField(_("explanation"))

    class Meta:
        verbose_name = _("bod section")
        verbose_name_plural = _("bod sections")
        ordering = ["theme"]
        constraints = [
            models.UniqueConstraint(fields=["bod", "theme"], name="bodsection_unique_theme")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class BodLine(models.Model):
    """One concrete proposed activity in a bod."""

    bod = models.ForeignKey(
        Bod, verbose_name=_("bod"), on_delete=models.CASCADE, related_name="lines"
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    description = models.TextField(_("activity"))
    quantity = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    estimated_investment = models.DecimalField(
        _("estimated investment (euro)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("bod activity")
        verbose_name_plural = _("bod activities")
        ordering = ["theme", "year", "pk"]

    def __str__(self) -> str:
        return self.description[:80]


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
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    concluded_with_tenant_refusal = models.BooleanField(
        _("concluded while a tenant organisation declined"), default=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submission_note = models.TextField(_("submission note"), blank=True)
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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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


class Comment(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="comments"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    clause = models.ForeignKey(
        Clause,
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Stance(models.TextChoices):
    AGREE = "agree", _("Agree")
    AGREE_WITH_CHANGE = "agree_with_change", _("Agree with a change")
    DISAGREE = "disagree", _("Disagree")
    OPEN = "open", _("Open")


class Position(models.Model):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="positions"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="positions",
    )
    clause = models.ForeignKey(
        Clause,
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="positions",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    stance = models.CharField(_("position"), max_length=20, choices=Stance.choices)
    note = models.TextField(_("explanation"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "organisation"],
                condition=Q(commitment__isnull=False),
                name="position_unique_commitment",
            ),
            models.UniqueConstraint(
                fields=["clause", "organisation"],
                condition=Q(clause__isnull=False),
                name="position_unique_clause",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_stance_display()}"


class OpenPoint(TimeStampedModel):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="open_points"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="open_points",
    )
    title = models.CharField(_("open point"), max_length=200)
    owner = models.ForeignKey(
        Organisation, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("open point")
        verbose_name_plural = _("open points")
        ordering = ["resolved_at", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Proposal(TimeStampedModel):
    """A proposed change of a clause text, a commitment description or a target."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="proposals"
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    clause = models.ForeignKey(
        Clause,
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    new_text = models.TextField(_("new text"), blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("new target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        target = self.commitment or self.clause
        return f"{_('Proposal')} {target}"


class AgreementVersion(ImmutableModel):
    """A frozen round of the agreement. A frozen version never changes."""

    objects = ImmutableQuerySet.as_manager()

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    is_final = models.BooleanField(_("final version for signing"), default=False)
    label = models.CharField(_("label"), max_length=200, blank=True)
    snapshot = models.JSONField(_("content"))
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["agreement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "number"], name="agreementversion_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agreement} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "agreements:version_detail",
            kwargs={"agreement_id": self.agreement.uuid, "number": self.number},
        )


class Decision(models.TextChoices):
    SIGNED = "signed", _("Signed")
    DECLINED = "declined", _("Declined")


class Signature(ImmutableModel):
    objects = ImmutableQuerySet.as_manager()

    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    party = models.ForeignKey(
        AgreementParty, verbose_name=_("party"), on_delete=models.PROTECT, related_name="signatures"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signer_name = models.CharField(_("name of the signatory"), max_length=200)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "organisation"], name="signature_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_decision_display()}"


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
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    arose_on = models.DateField(_("the dispute arose on"))
    description = models.TextField(_("description of the dispute"))
    status = models.CharField(
        _("status"), max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.FILED
    )
    status_note = models.TextField(_("advice or ruling"), blank=True)
    status_changed_on = models.DateField(_("status date"), null=True, blank=True)

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

        return timezone.localdate(self.created_at)

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
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

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
