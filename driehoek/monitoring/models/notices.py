"""Notices given once (deadlines, overdue reports)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.organisations.models import Organisation


class NoticeKind(models.TextChoices):
    CYCLE_DATE = "cycle_date", _("Cycle date coming up")
    REPORT_OVERDUE = "report_overdue", _("Progress report overdue")


class SentNotice(models.Model):
    """A notice given once (unique key): shown on screen to the organisation's members and
    e-mailed to its editors and above when it was made."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="monitoring_notices",
    )
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    emailed_to = models.PositiveIntegerField(_("e-mails sent"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.message[:80]
