"""Negotiation: comments, positions, open points and proposals."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel, user_ref
from driehoek.organisations.models import Organisation

from .drafting import Agreement, Clause, Commitment


def target_keys(
    related_name: str,
) -> tuple[
    models.ForeignKey[Agreement, Agreement],
    models.ForeignKey[Commitment | None, Commitment | None],
    models.ForeignKey[Clause | None, Clause | None],
]:
    """The ``agreement``, ``commitment`` and ``clause`` keys of a model that is about one
    commitment or one clause of an agreement, with the given related name. A factory rather
    than fields on the abstract base: a pattern such as ``%(class)ss`` there would be recorded
    as a change of every key in the migrations."""

    def key(model, verbose_name, *, optional: bool) -> models.ForeignKey:
        return models.ForeignKey(
            model,
            verbose_name=verbose_name,
            null=optional,
            blank=optional,
            on_delete=models.CASCADE,
            related_name=related_name,
        )

    return (
        key(Agreement, _("agreement"), optional=False),
        key(Commitment, _("commitment"), optional=True),
        key(Clause, _("clause"), optional=True),
    )


class AboutCommitmentOrClause(models.Model):
    """A comment, a position or a proposal: about one commitment or one clause of an
    agreement. Each takes its ``agreement``, ``commitment`` and ``clause`` keys from
    ``target_keys`` with its own related name (``comments``, ``positions``, ``proposals``)."""

    class Meta:
        abstract = True

    @property
    def target(self):
        """The commitment or the clause it is about."""
        return self.commitment or self.clause  # type: ignore[attr-defined]


class PartyContribution(AboutCommitmentOrClause):
    """A comment or a position: said on behalf of a party. (A proposal names its party
    "proposed by", so it keeps its own key.)"""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Comment(PartyContribution):
    agreement, commitment, clause = target_keys("comments")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = user_ref(_("author"))
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


class Position(PartyContribution):
    agreement, commitment, clause = target_keys("positions")
    stance = models.CharField(_("position"), max_length=20, choices=Stance.choices)
    # The edit version of the commitment or clause when the position was given: a later text
    # change marks the position as given on the earlier text.
    text_version = models.PositiveIntegerField(_("given on text version"), null=True, blank=True)
    note = models.TextField(_("explanation"), blank=True)
    updated_by = user_ref(_("updated by"))
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


class Proposal(AboutCommitmentOrClause, TimeStampedModel):
    """A proposed change of a clause text, a commitment description or a target."""

    agreement, commitment, clause = target_keys("proposals")
    new_text = models.TextField(_("new text"), blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("new target"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    reason = models.TextField(_("reason"), blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    proposed_by = user_ref(_("proposed by"))
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = user_ref(_("decided by"), blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("Proposal %(target)s") % {"target": self.target}


class ProposalResponse(models.Model):
    """One party's answer to a proposal. The text changes only when every other signing party
    has accepted; a single rejection rejects the proposal."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="responses"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("party"), on_delete=models.PROTECT, related_name="+"
    )
    user = user_ref(_("answered by"))
    accept = models.BooleanField(_("accepted"))
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer to a proposal")
        verbose_name_plural = _("answers to proposals")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "organisation"], name="proposalresponse_once_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {'+' if self.accept else '-'}"
