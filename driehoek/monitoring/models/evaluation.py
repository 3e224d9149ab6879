"""The tri-party yearly evaluation of an agreement."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from driehoek.agreements.models import Agreement, Theme
from driehoek.core.models import TimeStampedModel, user_ref
from driehoek.organisations.models import Organisation


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
    updated_by = user_ref(_("updated by"))
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
