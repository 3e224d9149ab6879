"""Community of Practice: a series of meetings, sign-ups with a waiting list, the questions
people bring and a knowledge base.

Seats are held from the double opt-in confirmation: a sign-up that is not confirmed holds
nothing (see services.registration_confirm)."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel
from driehoek.core.versioning import version_field
from driehoek.organisations.models import Province


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Party(models.TextChoices):
    GEMEENTE = "gemeente", _("Municipality")
    CORPORATIE = "corporatie", _("Housing association")
    HUURDERS = "huurders", _("Tenants")
    ANDERS = "anders", _("Other")


TRIANGLE = (Party.GEMEENTE, Party.CORPORATIE, Party.HUURDERS)


class Community(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(_("audience"), max_length=300, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_phone = models.CharField(_("contact phone number"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail address"))
    privacy_statement = models.TextField(
        _("privacy statement"),
        help_text=_("What you keep, why, and for how long. People must agree to it to sign up."),
    )
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        related_name="organised_communities",
        blank=True,
    )
    is_published = models.BooleanField(_("published"), default=True)
    signup_deadline = models.DateTimeField(_("sign-up closes at"), null=True, blank=True)
    retention_days = models.PositiveIntegerField(
        _("retention period (days)"),
        default=365,
        help_text=_("After the last meeting plus this many days, sign-ups are anonymised."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("send reminders this many days before a meeting"), default=2
    )
    reserved_party = models.CharField(
        _("party with reserved places"), max_length=16, choices=Party.choices, blank=True
    )
    reserved_percent = models.PositiveSmallIntegerField(
        _("share of places reserved (percent)"), default=0
    )
    reserved_until = models.DateTimeField(_("places reserved until"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:detail", kwargs={"slug": self.slug})

    def is_organiser(self, user) -> bool:
        from driehoek.core.permissions import may

        return may(user, "community.manage", self)

    def signup_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.signup_deadline is None or now < self.signup_deadline

    def reservation_active(self, now=None) -> bool:
        now = now or timezone.now()
        return bool(
            self.reserved_party
            and self.reserved_percent
            and (self.reserved_until is None or now < self.reserved_until)
        )


class Meeting(TimeStampedModel):
    version = version_field()
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="meetings"
    )
    uuid = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("community:meeting", kwargs={"slug": self.community.slug, "uuid": self.uuid})

    @property
    def is_past(self) -> bool:
        return self.starts_at <= timezone.now()


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Material(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="materials"
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to="community/materials/", blank=True)
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


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
    CANCELLED = "cancelled", _("Cancelled")


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
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="community_registrations",
    )
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
    CANCELLED = "cancelled", _("Cancelled")


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


class Question(TimeStampedModel):
    """A question the field struggles with: on the question agenda, brought by a participant
    (their own question) or added by an organiser."""

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(_("question"))
    is_agenda = models.BooleanField(
        _("on the question list"),
        default=False,
        help_text=_("People can choose questions on the list when they sign up."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("asked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_questions",
    )
    group = models.CharField(_("group"), max_length=150, blank=True)
    theme = models.CharField(_("theme"), max_length=150, blank=True)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("on the agenda of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    is_published = models.BooleanField(_("published in the knowledge base"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Visibility(models.TextChoices):
    ORGANISERS = "organisers", _("Only organisers (draft)")
    PARTICIPANTS = "participants", _("Participants")
    PUBLIC = "public", _("Everyone")


class KnowledgeKind(models.TextChoices):
    PRACTICE = "practice", _("Practice example")
    DOCUMENT = "document", _("Document")


class KnowledgeItem(TimeStampedModel):
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="knowledge_items",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=KnowledgeKind.choices, default=KnowledgeKind.PRACTICE
    )
    title = models.CharField(_("title"), max_length=300)
    theme = models.CharField(_("theme"), max_length=150, blank=True)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="community/knowledge/", blank=True)
    url = models.URLField(_("link"), blank=True)
    visibility = models.CharField(
        _("visible to"), max_length=16, choices=Visibility.choices, default=Visibility.ORGANISERS
    )

    class Meta:
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url


class OrganiserMessage(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    include_waiting = models.BooleanField(_("also to the waiting list"), default=False)
    recipients = models.PositiveIntegerField(_("number of recipients"), default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organiser message")
        verbose_name_plural = _("organiser messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
