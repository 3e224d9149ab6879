"""Progress reports and the other parties' reviews of them."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from driehoek.agreements.models import Commitment
from driehoek.core.models import TimeStampedModel, user_ref
from driehoek.organisations.models import Organisation

from .periods import period_label


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    CANCELLED = "cancelled", _("Cancelled")


# Traffic light per status: (css modifier, readable light name)
LIGHTS: dict[str, str] = {
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
    reported_by = user_ref(_("reported by"), blank=True)
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
            # Also serves the open-data /progress sort (commitment, year, quarter, pk) and its
            # cursor's WHERE commitment_id >= …: PostgreSQL sorts a commitment's few reports as
            # it goes (incremental sort), 0.3-2 ms a page at national scale; a four-column
            # index measured no faster.
            models.Index(fields=["commitment", "period_year"], name="progress_commitment_year"),
            # Reports changed since a moment (kept from before core.dataversion).
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
    user = user_ref(_("user"))
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
