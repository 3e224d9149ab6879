"""A community (a series of meetings), its meetings with agenda and materials, and the
organisers' messages to a meeting's participants."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel, user_ref
from driehoek.core.versioning import version_field


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
    next_edition = models.ForeignKey(
        "self",
        verbose_name=_("next edition"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "When this series is over, its page points visitors to this edition to sign up."
        ),
    )
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


class OrganiserMessage(TimeStampedModel):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    include_waiting = models.BooleanField(_("also to the waiting list"), default=False)
    recipients = models.PositiveIntegerField(_("number of recipients"), default=0)
    sent_by = user_ref(_("sent by"))

    class Meta:
        verbose_name = _("organiser message")
        verbose_name_plural = _("organiser messages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
