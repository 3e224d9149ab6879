"""Write audit events. Call ``log()`` inside the service's transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from . import dataversion
from .clientip import current_client_ip
from .models import AuditEvent


def log(
    *,
    action: str,
    target: models.Model,
    actor=None,
    organisation=None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent.objects.create(
        actor=actor,
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        data=data or {},
        client_address=current_client_ip() or None,
    )
    # Public pages, the open-data API and the dashboards key on the data version.
    dataversion.note(action)
    return event
