"""The questions people bring and the knowledge base."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.core.models import TimeStampedModel

from .series import Community, Meeting
from .signup import Registration


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
