"""The corporatie's financial room per year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel, user_ref
from driehoek.organisations.models import Organisation


def _euro(verbose_name) -> models.DecimalField:
    """An amount in euro, empty when not given."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=2, null=True, blank=True)


def _ratio(verbose_name, default=None) -> models.DecimalField:
    """A ratio or percentage: empty when not given, or (a norm) required with a ``default``."""
    if default is None:
        return models.DecimalField(
            verbose_name, max_digits=6, decimal_places=2, null=True, blank=True
        )
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=2, default=default)


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
    ibw_new_build = _euro(_("IBW: extra new-build investment (euro)"))
    ibw_improvement = _euro(_("IBW: extra improvement investment (euro)"))
    ibw_rent_moderation = _euro(_("IBW: rent moderation spending (euro)"))
    icr = _ratio(_("ICR"))
    ltv = _ratio(_("LTV on policy value (%)"))
    solvency = _ratio(_("solvency (%)"))
    icr_norm = _ratio(_("ICR norm (at least)"), default=1.4)
    ltv_norm = _ratio(_("LTV norm (at most, %)"), default=70)
    solvency_norm = _ratio(_("solvency norm (at least, %)"), default=30)
    note = models.TextField(_("note"), blank=True)
    updated_by = user_ref(_("updated by"))

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
