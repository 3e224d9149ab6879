"""The corporatie's financial room per year."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel, user_ref
from driehoek.organisations.models import Organisation


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
