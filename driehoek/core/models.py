from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .immutable import ImmutableModel, ImmutableQuerySet


def user_ref(verbose_name, *, blank: bool = False) -> models.ForeignKey:
    """A reference to the person who did something (``related_name="+"``). It is cleared when
    the account is erased; the record keeps what it says."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=blank,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def organisation_ref(verbose_name, *, related_name: str) -> models.ForeignKey:
    """An optional reference to an organisation that is cleared when the organisation is
    deleted (referenced by name: core does not import higher apps)."""
    return models.ForeignKey(
        "organisations.Organisation",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name=related_name,
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class AuditEventQuerySet(ImmutableQuerySet):
    def for_target(self, obj: models.Model) -> AuditEventQuerySet:
        return self.filter(target_type=obj._meta.label_lower, target_id=str(obj.pk))

    def for_organisation(self, organisation) -> AuditEventQuerySet:
        return self.filter(organisation=organisation)


class AuditEvent(ImmutableModel):
    """One state change, written inside the service that made it (same transaction).

    ``action`` is ``<app>.<entity>.<past-tense>``, e.g. ``organisations.membership.created``.
    """

    actor = user_ref(_("actor"), blank=True)
    organisation = organisation_ref(_("organisation"), related_name="audit_events")
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.CharField(_("target type"), max_length=100)
    target_id = models.CharField(_("target id"), max_length=64)
    target_repr = models.CharField(_("target"), max_length=255, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)
    # The real client (behind trusted proxies, see core.clientip); empty outside a request.
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.target_repr}"

    @property
    def description(self) -> str:
        from .audit_text import describe

        return describe(self.action, self.target_repr, self.data)


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class OutgoingMail(models.Model):
    """One e-mail on its way out (the outbox of ``core.mail.QueuedEmailBackend``).

    The message is stored whole (addresses, text, HTML alternatives, attachments as base64,
    extra headers) in the transaction that asked for it; the task ``core.tasks.send_outgoing_mail``
    delivers it, retries with a growing delay and marks it sent or failed (with the reason).
    """

    from_email = models.CharField(_("sender"), max_length=500)
    to = models.JSONField(_("to"), default=list, blank=True)
    cc = models.JSONField(_("cc"), default=list, blank=True)
    bcc = models.JSONField(_("bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.TextField(_("subject"), blank=True)
    body = models.TextField(_("text"), blank=True)
    # [{"content": str, "mimetype": str}], e.g. the HTML version of the text.
    alternatives = models.JSONField(_("alternatives"), default=list, blank=True)
    # [{"filename": str, "mimetype": str, "content": base64 str}], e.g. calendar files (.ics).
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    # Fixed when queued, so a retry after a delivery whose answer got lost carries the same id.
    message_id = models.CharField(_("message id"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # While a task sends it: after this moment a crashed send may be taken up again.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.recipients())}"

    def recipients(self) -> list[str]:
        return [*self.to, *self.cc, *self.bcc]


class DocumentStatus(models.TextChoices):
    PENDING = "pending", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


class RenderedDocument(models.Model):
    """A slow document (a PDF, a zip with a PDF) rendered once per content version by the task
    ``core.documents.render_document`` and kept on the default storage (see ``core.documents``).

    ``version`` is the SHA-256 of what the document shows; it changes when the content does, so
    a new row is made and the old file is no longer served. One row per (kind, key, version):
    two requests at once make one row and one render."""

    kind = models.CharField(_("kind"), max_length=50)
    key = models.CharField(_("object"), max_length=64)
    version = models.CharField(_("content version"), max_length=64)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    # The HTML to render, kept until the render is done (so the worker renders what was asked).
    source = models.TextField(_("source"), blank=True)
    # Dotted path of ``(key, pdf: bytes) -> bytes`` that builds the final file from the PDF.
    finish = models.CharField(_("finishing step"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="documents/", max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "version"], name="core_rendered_document_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} ({self.status})"


class DataVersion(models.Model):
    """A counter per scope of data, raised in the same transaction as every write that changes
    what the public pages, the open-data API or the dashboards show (``core.dataversion``).
    ETags, 304 answers and every cache key of those answers use it: reading it is one primary-key
    lookup, whatever the size of the data."""

    scope = models.CharField(_("scope"), max_length=60, primary_key=True)
    number = models.BigIntegerField(_("number"), default=0)
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.scope} {self.number}"
