"""The parties' decision to publish a signed agreement.

Each party to a concluded (signed) agreement consents on its own; when every party has
consented, a ``Publication`` is made. Only agreements with a Publication are public, through
``selectors.published_agreements()``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.agreements.models import Agreement, AgreementVersion
from driehoek.core.models import user_ref
from driehoek.organisations.models import Organisation


class PublicationConsent(models.Model):
    """One party agrees that the signed agreement may be published."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="publication_consents",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = user_ref(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("publication consent")
        verbose_name_plural = _("publication consents")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="publicationconsent_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.agreement}"


class Publication(models.Model):
    """A signed agreement that all parties decided to publish.

    ``version`` is the signed final version; ``content_hash`` its fingerprint, checked against
    the live content when publishing (so what is shown is exactly what was signed).
    """

    agreement = models.OneToOneField(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="publication"
    )
    version = models.ForeignKey(
        AgreementVersion,
        verbose_name=_("signed version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64)
    published_at = models.DateTimeField(_("published at"), db_index=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return str(self.agreement)
