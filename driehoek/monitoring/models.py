"""Monitoring: progress per commitment per period with three-way confirmation, annual
evaluation, the corporatie's financial room (reasonableness) and deadline notices.

Reads agreements' Agreement, AgreementParty, Commitment and CommitmentTarget; never changes
their schema.
"""

from __future__ import annotations

import calendar
import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from driehoek.agreements.models import Agreement, Commitment, Theme
from driehoek.core.models import TimeStampedModel
from driehoek.organisations.models import Organisation


class Frequency(models.TextChoices):
    QUARTER = "quarter", _("Per quarter")
    YEAR = "year", _("Per year")


def period_end(year: int, quarter: int | None) -> date:
    """Last day of a reporting period (a quarter, or the whole year when quarter is None)."""
    month = 12 if quarter is None else quarter * 3
    return date(year, month, calendar.monthrange(year, month)[1])


def period_label(year: int, quarter: int | None) -> str:
    return f"{year}" if quarter is None else f"{year} Q{quarter}"


class MonitoringSettings(TimeStampedModel):
    """How often the parties to one agreement report, and which periods are closed."""

    agreement = models.OneToOneField(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="monitoring_settings",
    )
    frequency = models.CharField(
        _("reporting frequency"), max_length=8, choices=Frequency.choices, default=Frequency.QUARTER
    )
    closed_until = models.DateField(
        _("periods closed up to and including"),
        null=True,
        blank=True,
        help_text=_(
            "Periods that end on or before this date can no longer be reported or changed."
        ),
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("report due (days after the period ends)"), default=30
    )

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return f"{self.agreement}: {self.get_frequency_display()}"

    def is_closed(self, year: int, quarter: int | None) -> bool:
        return self.closed_until is not None and period_end(year, quarter) <= self.closed_until


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    CANCELLED = "cancelled", _("Cancelled")


# Traffic light per status: (css modifier, readable light name)
LIGHTS = {
    ProgressStatus.ON_TRACK: "ok",
    ProgressStatus.ACHIEVED: "ok",
    ProgressStatus.AT_RISK: "warn",
    ProgressStatus.NOT_ACHIEVED: "error",
    ProgressStatus.CANCELLED: "none",
}


class ReviewState(models.TextChoices):
    AWAITING = "awaiting", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed by all parties")
    CONTESTED = "contested", _("Contested")


class ProgressReport(TimeStampedModel):
    """The responsible party's figure for one commitment in one period.

    ``realised`` is the position at the end of the period, cumulative over the year, in the
    commitment's unit. ``is_latest`` marks the report of the latest period in its year (the one
    dashboards count); ``review_state`` is derived from the ReportReview rows by the services.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("commitment"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
    )
    period_year = models.PositiveSmallIntegerField(_("year"))
    period_quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, help_text=_("Empty for the whole year.")
    )
    realised = models.DecimalField(_("realised"), max_digits=14, decimal_places=2)
    status = models.CharField(_("status"), max_length=16, choices=ProgressStatus.choices)
    explanation = models.TextField(_("explanation"), blank=True)
    evidence_file = models.FileField(
        _("evidence (file)"), upload_to="monitoring/evidence/%Y/", blank=True
    )
    evidence_url = models.URLField(_("evidence (link)"), blank=True)
    reported_by_org = models.ForeignKey(
        Organisation,
        verbose_name=_("reported by (organisation)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_state = models.CharField(
        _("confirmation"), max_length=12, choices=ReviewState.choices, default=ReviewState.AWAITING
    )
    is_latest = models.BooleanField(_("latest report of its year"), default=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["period_year", "period_quarter", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "period_year", "period_quarter"],
                condition=Q(period_quarter__isnull=False),
                name="progressreport_unique_quarter",
            ),
            models.UniqueConstraint(
                fields=["commitment", "period_year"],
                condition=Q(period_quarter__isnull=True),
                name="progressreport_unique_year",
            ),
            models.CheckConstraint(
                condition=Q(period_quarter__isnull=True)
                | Q(period_quarter__gte=1, period_quarter__lte=4),
                name="progressreport_quarter_1_4",
            ),
        ]
        indexes = [
            models.Index(fields=["period_year", "is_latest"], name="progress_year_latest"),
            models.Index(fields=["commitment", "period_year"], name="progress_commitment_year"),
            # The national dashboard's cache key: the latest change (dashboards.data_version).
            models.Index(fields=["updated_at"], name="progress_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.reference} {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_year, self.period_quarter)

    @property
    def light(self) -> str:
        return LIGHTS.get(self.status, "none")

    def get_absolute_url(self) -> str:
        return reverse("monitoring:report_detail", kwargs={"report_id": self.uuid})


class ReviewDecision(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CONTESTED = "contested", _("Contested")


class ReportReview(models.Model):
    """Another party's confirmation or contest of a reported figure."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=_("progress report"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=12, choices=ReviewDecision.choices)
    reason = models.TextField(_("reason"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "organisation"], name="reportreview_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.get_decision_display()}"


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


class Evaluation(TimeStampedModel):
    """The joint annual evaluation of one agreement."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=12, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    carried_over_at = models.DateTimeField(
        _("unmet commitments carried over at"), null=True, blank=True
    )
    carried_over_to = models.ForeignKey(
        Agreement,
        verbose_name=_("carried over to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "year"], name="evaluation_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.agreement} – evaluatie {self.year}"

    def get_absolute_url(self) -> str:
        return reverse(
            "monitoring:evaluation", kwargs={"agreement_id": self.agreement.uuid, "year": self.year}
        )


class EvaluationTheme(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="themes"
    )
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    realised = models.TextField(_("what was realised"), blank=True)
    why_not = models.TextField(_("what was not realised, and why"), blank=True)
    lessons = models.TextField(_("lessons for next year"), blank=True)

    class Meta:
        verbose_name = _("evaluation per theme")
        verbose_name_plural = _("evaluations per theme")
        ordering = ["theme"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "theme"], name="evaluationtheme_unique")
        ]

    def __str__(self) -> str:
        return self.get_theme_display()


class EvaluationView(models.Model):
    """One party's own view on the year."""

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="views"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("our view"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("party view")
        verbose_name_plural = _("party views")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "organisation"], name="evaluationview_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class FinancialRoom(TimeStampedModel):
    """A corporatie's financial room for one year: the IBW amounts (alternatives, not
    additive) and its ratios with the norms of the Aw–WSW framework."""

    corporatie = models.ForeignKey(
        Organisation,
        verbose_name=_("housing association"),
        on_delete=models.CASCADE,
        related_name="financial_rooms",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    ibw_new_build = models.DecimalField(
        _("IBW: extra new-build investment (euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    ibw_improvement = models.DecimalField(
        _("IBW: extra improvement investment (euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    ibw_rent_moderation = models.DecimalField(
        _("IBW: rent moderation spending (euro)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    icr = models.DecimalField(_("ICR"), max_digits=6, decimal_places=2, null=True, blank=True)
    ltv = models.DecimalField(
        _("LTV on policy value (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    solvency = models.DecimalField(
        _("solvency (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    icr_norm = models.DecimalField(
        _("ICR norm (at least)"), max_digits=6, decimal_places=2, default=1.4
    )
    ltv_norm = models.DecimalField(
        _("LTV norm (at most, %)"), max_digits=6, decimal_places=2, default=70
    )
    solvency_norm = models.DecimalField(
        _("solvency norm (at least, %)"), max_digits=6, decimal_places=2, default=30
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("financial room")
        verbose_name_plural = _("financial room")
        ordering = ["corporatie__name", "year"]
        constraints = [
            models.UniqueConstraint(fields=["corporatie", "year"], name="financialroom_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.corporatie} {self.year}"

    @property
    def ibw_max(self):
        amounts = [
            a
            for a in (self.ibw_new_build, self.ibw_improvement, self.ibw_rent_moderation)
            if a is not None
        ]
        return max(amounts) if amounts else None


class NoticeKind(models.TextChoices):
    CYCLE_DATE = "cycle_date", _("Cycle date coming up")
    REPORT_OVERDUE = "report_overdue", _("Progress report overdue")


class SentNotice(models.Model):
    """A notice given once (unique key): shown on screen to the organisation's members and
    e-mailed to its editors and above when it was made."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="monitoring_notices",
    )
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    emailed_to = models.PositiveIntegerField(_("e-mails sent"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message[:80]


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be processed")
    VALIDATING = "validating", _("checking rows")
    SAVING = "saving", _("saving")
    DONE = "done", _("done")
    FAILED = "failed", _("not saved")


class ImportJob(TimeStampedModel):
    """One uploaded progress file on its way through the import (see imports.py).

    The file is kept only until it is processed. ``errors`` is a list of ``[row, message]``
    (row 0: the file as a whole); ``chunks`` the rows checked per part of CHUNK rows.
    ``updated_at`` is the heartbeat: every chunk moves it, so a job whose worker died can be
    found and handed out again by ``process_imports``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("agreement")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(_("file"), upload_to="monitoring/imports/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    chunks = models.JSONField(_("parts"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("reports created"), default=0)
    updated_count = models.PositiveIntegerField(_("reports corrected"), default=0)

    class Meta:
        verbose_name = _("progress import")
        verbose_name_plural = _("progress imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.SAVING)

    @property
    def ok(self) -> bool:
        return self.status == ImportStatus.DONE
