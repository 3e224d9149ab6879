"""Shared by the recording tests (test_recording_*): a small PDF, a snapshot of what recording
may change, and signing a recorded final version for every party."""

from __future__ import annotations

from datetime import date

from driehoek.core.models import AuditEvent

from ..models import Agreement, Bod, Dispute, Signature
from ..services import recording

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _snapshot():
    return (
        Agreement.objects.count(),
        Signature.objects.count(),
        Dispute.objects.count(),
        AuditEvent.objects.count(),
        list(Agreement.objects.values_list("status", "submitted_at").order_by("pk")),
        list(Bod.objects.values_list("status", "sent_at").order_by("pk")),
    )


def _sign_all(world, agreement, on=date(2018, 12, 12)):
    version = agreement.versions.get(is_final=True)
    for org in (world.gemeente, world.corporatie, world.huurders):
        recording.signature_record(
            actor=world.users["staff"],
            version=version,
            organisation=org,
            signed_on=on,
            signer_name=f"Tekenaar {org}",
        )
    agreement.refresh_from_db()
    return version
