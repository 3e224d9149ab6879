"""Summaries maintained on write (issue 14, point 3): the dashboards' aggregates, kept up to
date in the transaction of every write that changes them (``monitoring.summaries``).

``AgreementSummary``: per monitored agreement and year of its period, the number of commitments
per theme, unit, kind of the responsible party, status and review state of the latest report
(empty: no report), with the sums of the targets and realised figures. The scoped dashboards
(gemeente, corporatie, huurders, region) sum these rows under a WHERE on the agreement.
``NationalSummary``: the same without the agreement (a few hundred rows per year), for the
national page. ``CoverageSummary``: per year and gemeente, its number of monitored agreements
covering the year (the national page's coverage)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.agreements.models import Agreement
from driehoek.organisations.models import Organisation


class SummaryFigures(models.Model):
    """The figures every summary row holds. ``report_n`` and ``target_n`` say whether the sums
    hold anything (a sum over no reports is "none", not 0)."""

    year = models.PositiveSmallIntegerField(_("year"))
    theme = models.CharField(_("theme"), max_length=32)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    responsible_kind = models.CharField(_("kind of the responsible party"), max_length=32)
    status = models.CharField(_("status"), max_length=16, blank=True)
    review_state = models.CharField(_("confirmation"), max_length=12, blank=True)
    n = models.PositiveIntegerField(_("commitments"), default=0)
    report_n = models.PositiveIntegerField(_("reports"), default=0)
    realised_sum = models.DecimalField(
        _("realised (sum)"), max_digits=20, decimal_places=2, default=0
    )
    target_n = models.PositiveIntegerField(_("targets"), default=0)
    target_sum = models.DecimalField(_("target (sum)"), max_digits=20, decimal_places=2, default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.year} {self.theme} {self.unit} {self.status or '-'}: {self.n}"


class AgreementSummary(SummaryFigures):
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("dashboard summary per agreement")
        verbose_name_plural = _("dashboard summaries per agreement")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "agreement",
                    "year",
                    "theme",
                    "unit",
                    "responsible_kind",
                    "status",
                    "review_state",
                ],
                name="agreementsummary_unique_key",
            )
        ]
        indexes = [models.Index(fields=["year", "agreement"], name="agreementsummary_year")]


class NationalSummary(SummaryFigures):
    class Meta:
        verbose_name = _("national dashboard summary")
        verbose_name_plural = _("national dashboard summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "theme", "unit", "responsible_kind", "status", "review_state"],
                name="nationalsummary_unique_key",
            )
        ]


class CoverageSummary(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    gemeente = models.ForeignKey(
        Organisation, verbose_name=_("gemeente"), on_delete=models.CASCADE, related_name="+"
    )
    agreements = models.PositiveIntegerField(_("agreements"), default=0)

    class Meta:
        verbose_name = _("coverage summary")
        verbose_name_plural = _("coverage summaries")
        constraints = [
            models.UniqueConstraint(fields=["year", "gemeente"], name="coveragesummary_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.gemeente_id}: {self.agreements}"
