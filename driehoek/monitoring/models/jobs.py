"""Import jobs: one uploaded progress file and its processing."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from driehoek.agreements.models import Agreement
from driehoek.core.models import TimeStampedModel


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be processed")
    VALIDATING = "validating", _("checking rows")
    SAVING = "saving", _("saving")
    DONE = "done", _("done")
    FAILED = "failed", _("not saved")


class ImportJob(TimeStampedModel):
    """One uploaded progress file on its way through the import (see imports.py).

    The file is kept only until it is processed. ``errors`` is a list of ``[row, message]``
    (row 0: the file as a whole); ``chunks`` the rows checked per part of CHUNK rows.
    ``updated_at`` is the heartbeat: every chunk moves it, so a job whose worker died can be
    found and handed out again by ``process_imports``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("agreement")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(_("file"), upload_to="monitoring/imports/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    chunks = models.JSONField(_("parts"), default=list, blank=True)
    created_count = models.PositiveIntegerField(_("reports created"), default=0)
    updated_count = models.PositiveIntegerField(_("reports corrected"), default=0)

    class Meta:
        verbose_name = _("progress import")
        verbose_name_plural = _("progress imports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def running(self) -> bool:
        return self.status in (ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.SAVING)

    @property
    def ok(self) -> bool:
        return self.status == ImportStatus.DONE
