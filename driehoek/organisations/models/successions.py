"""Mergers and splits: which organisation went up in which, and when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import user_ref

from .organisations import Organisation


class SuccessionKind(models.TextChoices):
    MERGER = "merger", _("Merger")
    SPLIT = "split", _("Split")


class Succession(models.Model):
    """One predecessor went up (wholly, or for a split partly) in one successor on ``date``.
    A merger of three organisations is three rows with the same successor; a split of one
    gemeente over two successors is two rows with the same predecessor."""

    predecessor = models.ForeignKey(
        Organisation,
        verbose_name=_("predecessor"),
        on_delete=models.PROTECT,
        related_name="successions_as_predecessor",
    )
    successor = models.ForeignKey(
        Organisation,
        verbose_name=_("successor"),
        on_delete=models.PROTECT,
        related_name="successions_as_successor",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=SuccessionKind.choices)
    recorded_by = user_ref(_("recorded by"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        ordering = ["date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_pair"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="succession_not_onto_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor} ({self.date:%Y-%m-%d})"
