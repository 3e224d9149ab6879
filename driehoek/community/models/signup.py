"""Signing up: the personal link's token, teams, a person's sign-up and their seats.

Seats are held from the double opt-in confirmation: a sign-up that is not confirmed holds
nothing (see services.registration_confirm)."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from driehoek.core.models import TimeStampedModel, organisation_ref
from driehoek.organisations.models import Province

from .series import Community, Meeting, Party


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Team(TimeStampedModel):
    """A triangle that signs up together: gemeente, corporatie and tenants from one place."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="teams"
    )
    place = models.CharField(_("place"), max_length=200)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["place", "pk"]

    def __str__(self) -> str:
        return self.place


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    # A context of its own: another catalogue translates plain "Cancelled" otherwise.
    CANCELLED = "cancelled", pgettext_lazy("sign-up", "Cancelled")


class Registration(TimeStampedModel):
    """One person's sign-up for a community. The personal link carries a random token; only its
    SHA-256 hash is stored."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, null=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.PENDING,
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    organisation = organisation_ref(_("organisation"), related_name="community_registrations")
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    party = models.CharField(_("party"), max_length=16, choices=Party.choices)
    function = models.CharField(_("function"), max_length=150, blank=True)
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, blank=True)
    whole_series = models.BooleanField(_("whole series"), default=True)
    chosen_meetings = models.ManyToManyField(
        Meeting, verbose_name=_("chosen meetings"), related_name="+", blank=True
    )
    questions = models.ManyToManyField(
        "Question", verbose_name=_("questions brought"), related_name="brought_by", blank=True
    )
    needs = models.TextField(_("accessibility or dietary needs"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="registrations",
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "email"],
                condition=~Q(email=""),
                name="registration_one_per_email",
            )
        ]

    def __str__(self) -> str:
        # No personal data: this string ends up in the audit trail.
        return f"#{self.pk} ({self.community_id})"

    def set_token(self) -> str:
        token = new_token()
        self.token_hash = hash_token(token)
        return token

    @property
    def organisation_label(self) -> str:
        return self.organisation.name if self.organisation_id else self.organisation_name


class SeatStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Place confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("sign-up", "Cancelled")


class Seat(TimeStampedModel):
    """A registration's place at one meeting (or its place on the waiting list)."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="seats"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="seats"
    )
    status = models.CharField(_("status"), max_length=16, choices=SeatStatus.choices)
    waiting_since = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    attended_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["meeting__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "meeting"], name="seat_unique")
        ]
        indexes = [models.Index(fields=["meeting", "status"])]

    def __str__(self) -> str:
        return f"{self.registration} @ {self.meeting_id}"
