"""Versions and signatures."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from driehoek.core.immutable import ImmutableModel, ImmutableQuerySet
from driehoek.core.models import user_ref
from driehoek.organisations.models import Organisation

from .drafting import Agreement, AgreementParty


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
    frozen_by = user_ref(_("frozen by"))

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
    # Set when a member of a successor signed for ``organisation`` after it went up in that
    # successor (a merger or split): the decision stays the predecessor's, given by its successor.
    successor = models.ForeignKey(
        Organisation,
        verbose_name=_("signed by successor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = user_ref(_("signed by"))
    signer_name = models.CharField(_("name of the signatory"), max_length=200)
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    signed_at = models.DateTimeField(_("signed at"))
    # Recorded afterwards ("vastgelegd achteraf"): who entered a past date and when.
    recorded_by = user_ref(_("recorded afterwards by"), blank=True)
    recorded_at = models.DateTimeField(_("recorded afterwards at"), null=True, blank=True)

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
