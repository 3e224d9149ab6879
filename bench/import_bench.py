"""The progress import against a plain openpyxl read of the same file (called by bench/pages.py
in a process with Django set up on a bench database)."""

from __future__ import annotations

import io
import time


def _agreement_with_commitments(n_commitments: int):
    from django.db import transaction

    from driehoek.agreements.models import (
        Agreement,
        AgreementParty,
        AgreementStatus,
        Commitment,
        Cycle,
    )
    from driehoek.organisations.models import Organisation

    gemeente = Organisation.objects.filter(slug__startswith="bench-g-").order_by("slug").first()
    corporatie = Organisation.objects.filter(slug__startswith="bench-c-").order_by("slug").first()
    Agreement.objects.filter(title="Bench import").delete()
    with transaction.atomic():
        cycle = Cycle.objects.get(gemeente=gemeente, year=2025)
        agreement = Agreement.objects.create(
            cycle=cycle,
            kind="jaarschijf",
            title="Bench import",
            period_start=2026,
            period_end=2026,
            status=AgreementStatus.CONCLUDED,
        )
        AgreementParty.objects.bulk_create(
            [AgreementParty(agreement=agreement, organisation=o) for o in (gemeente, corporatie)]
        )
        Commitment.objects.bulk_create(
            [
                Commitment(
                    agreement=agreement,
                    number=i,
                    reference=f"IMP-{i:05d}",
                    theme="beschikbaarheid",
                    kind="result",
                    title=f"Import {i}",
                    responsible=corporatie,
                    unit="woningen",
                )
                for i in range(1, n_commitments + 1)
            ]
        )
    return agreement, corporatie


def _workbook(n_commitments: int) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Voortgang"
    ws.append(
        ["referentie", "jaar", "kwartaal", "gerealiseerd", "status", "toelichting", "bewijs_link"]
    )
    for i in range(1, n_commitments + 1):
        for q in (1, 2, 3):
            ws.append([f"IMP-{i:05d}", 2026, q, 10 * q, "op koers", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def import_benchmark(rows_wanted: int) -> dict:
    """Rows per second of ``imports.import_progress`` (validation and all-or-nothing save) and
    of a plain openpyxl read of the same file; the agreement is removed afterwards."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import load_workbook

    from driehoek.monitoring.imports import import_progress
    from driehoek.organisations.models import Membership, Role

    n_commitments = -(-rows_wanted // 3)  # quarters 1-3 of 2026 (open periods)
    agreement, corporatie = _agreement_with_commitments(n_commitments)
    user = get_user_model().objects.get(email="bench@example.org")
    Membership.objects.get_or_create(
        user=user, organisation=corporatie, defaults={"role": Role.EDITOR}
    )
    data = _workbook(n_commitments)
    rows = n_commitments * 3

    start = time.perf_counter()
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    read_rows = sum(1 for _ in wb.active.iter_rows(values_only=True)) - 1
    wb.close()
    plain = time.perf_counter() - start

    user._dh_memberships = None
    start = time.perf_counter()
    try:
        result = import_progress(
            actor=user, agreement=agreement, upload=SimpleUploadedFile("bench.xlsx", data)
        )
        imported = time.perf_counter() - start
    finally:
        agreement.delete()  # leave the bench data as generated
    if not result.ok or read_rows != rows or result.created != rows:
        raise SystemExit(f"The import did not save all {rows} rows: {result.errors[:5]}")
    return {
        "rows": rows,
        "import_rows_per_s": rows / imported,
        "openpyxl_rows_per_s": rows / plain,
        "ratio": plain / imported,
    }
