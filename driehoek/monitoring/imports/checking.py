"""Validating every row, then saving all rows in one transaction, or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement
from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may

from ..models import ImportJob, ImportStatus, ProgressReport, ProgressStatus, ReviewState
from ..services import (
    _check_url,
    _require_monitored,
    check_period,
    parse_realised,
    recompute_latest,
)
from ..summaries import refresh_summaries
from .reading import read_rows

CHUNK = 500


STATUS_WORDS = {
    "op koers": ProgressStatus.ON_TRACK,
    "risico": ProgressStatus.AT_RISK,
    "met risico": ProgressStatus.AT_RISK,
    "gehaald": ProgressStatus.ACHIEVED,
    "behaald": ProgressStatus.ACHIEVED,
    "niet gehaald": ProgressStatus.NOT_ACHIEVED,
    "niet behaald": ProgressStatus.NOT_ACHIEVED,
    "vervallen": ProgressStatus.CANCELLED,
    "geannuleerd": ProgressStatus.CANCELLED,
    **{code: code for code in ProgressStatus.values},
    **{str(label).lower(): code for code, label in ProgressStatus.choices},
}


STATUS_TEMPLATE_WORDS = ["op koers", "risico", "gehaald", "niet gehaald", "vervallen"]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    chunks: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.rows > 0


def _cell_int(value):
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return str(value).strip()


def import_progress(
    *, actor, agreement: Agreement, upload, today: date | None = None
) -> ImportResult:
    """Synchronous import (benchmarks, shell): validate every row; save only when all rows are
    valid (one transaction)."""
    _require_monitored(agreement)
    rows = read_rows(upload)
    result = ImportResult(rows=len(rows))
    valid = validate_rows(actor=actor, agreement=agreement, rows=rows, result=result, today=today)
    if not result.errors:
        save_rows(actor=actor, agreement=agreement, valid=valid, result=result)
    return result


def validate_rows(
    *, actor, agreement: Agreement, rows, result: ImportResult, today=None, on_chunk=None
) -> list:
    """Check every row, CHUNK rows at a time; errors and chunks go on ``result``.

    ``on_chunk(rows_done, result)`` is called after every chunk (progress for the job page).
    Nothing is written here.
    """
    commitments = {
        c.reference.strip().lower(): c for c in agreement.commitments.select_related("responsible")
    }
    seen: set[tuple] = set()
    valid: list[tuple[object, dict]] = []
    done = 0
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        errors_before = len(result.errors)
        for number, values in chunk:
            try:
                valid.append(_validate_row(actor, agreement, commitments, values, seen, today))
            except ServiceError as err:
                result.errors.append((number, str(err.message)))
        done += len(chunk)
        result.chunks.append(
            {
                "from": chunk[0][0],
                "to": chunk[-1][0],
                "rows": len(chunk),
                "errors": len(result.errors) - errors_before,
            }
        )
        if on_chunk is not None:
            on_chunk(done, result)
    return valid


def _validate_row(actor, agreement, commitments, values, seen, today):
    ref = str(values.get("referentie") or "").strip()
    if not ref:
        raise ServiceError(_("The reference is empty."))
    commitment = commitments.get(ref.lower())
    if commitment is None:
        raise ServiceError(
            _("Unknown reference “%(ref)s”: this agreement has no commitment with it.")
            % {"ref": ref[:30]}
        )
    if not may(actor, "monitoring.report_progress", commitment):
        raise ServiceError(
            _("%(ref)s: only %(org)s, the responsible party, can report on it.")
            % {"ref": ref, "org": commitment.responsible}
        )
    try:
        year, quarter = check_period(
            agreement, _cell_int(values.get("jaar")), _cell_int(values.get("kwartaal")), today=today
        )
        realised = parse_realised(values.get("gerealiseerd"), commitment.unit)
        url = _check_url(str(values.get("bewijs_link") or ""))
    except ServiceError as err:
        raise ServiceError(f"{ref}: {err.message}") from None
    status_text = str(values.get("status") or "").strip().lower()
    status = STATUS_WORDS.get(status_text)
    if status is None:
        raise ServiceError(
            _("%(ref)s: unknown status “%(status)s”. Use one of: %(words)s.")
            % {"ref": ref, "status": status_text[:30], "words": ", ".join(STATUS_TEMPLATE_WORDS)}
        )
    explanation = str(values.get("toelichting") or "").strip()
    if (
        status in (ProgressStatus.AT_RISK, ProgressStatus.NOT_ACHIEVED, ProgressStatus.CANCELLED)
        and not explanation
    ):
        raise ServiceError(
            _("%(ref)s: explain why the commitment is at risk, not achieved or cancelled.")
            % {"ref": ref}
        )
    key = (commitment.pk, year, quarter)
    if key in seen:
        raise ServiceError(
            _("%(ref)s appears twice for the same period in this file.") % {"ref": ref}
        )
    seen.add(key)
    return commitment, {
        "period_year": year,
        "period_quarter": quarter,
        "realised": realised,
        "status": status,
        "explanation": explanation,
        "evidence_url": url,
    }


@transaction.atomic
def save_rows(*, actor, agreement, valid, result: ImportResult, job=None) -> None:
    """Save every validated row in one transaction; with ``job``, mark it done in the same
    transaction (so a job is done exactly when its reports are saved)."""
    existing = {
        (r.commitment_id, r.period_year, r.period_quarter): r
        for r in ProgressReport.objects.filter(commitment__agreement=agreement)
    }
    new, changed = [], []
    for commitment, data in valid:
        key = (commitment.pk, data["period_year"], data["period_quarter"])
        report = existing.get(key)
        if report is None:
            new.append(
                ProgressReport(
                    commitment=commitment,
                    reported_by_org_id=commitment.responsible_id,
                    reported_by=actor,
                    review_state=ReviewState.AWAITING,
                    **data,
                )
            )
        else:
            for k, v in data.items():
                setattr(report, k, v)
            report.reported_by_org_id = commitment.responsible_id
            report.reported_by = actor
            report.review_state = ReviewState.AWAITING
            report.updated_at = timezone.now()
            changed.append(report)
    for i in range(0, len(new), CHUNK):
        ProgressReport.objects.bulk_create(new[i : i + CHUNK])
    fields = [
        "realised",
        "status",
        "explanation",
        "evidence_url",
        "reported_by_org",
        "reported_by",
        "review_state",
        "updated_at",
    ]
    for i in range(0, len(changed), CHUNK):
        part = changed[i : i + CHUNK]
        ProgressReport.objects.bulk_update(part, fields)
        from ..models import ReportReview

        ReportReview.objects.filter(report__in=[r.pk for r in part]).delete()
    recompute_latest({(c.pk, d["period_year"]) for c, d in valid})
    refresh_summaries([agreement.pk], {d["period_year"] for _c, d in valid}, coverage=False)
    result.created = len(new)
    result.updated = len(changed)
    audit.log(
        action="monitoring.import.completed",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"rows": result.rows, "created": result.created, "updated": result.updated},
    )
    if job is not None:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE,
            rows_done=result.rows,
            created_count=result.created,
            updated_count=result.updated,
            updated_at=timezone.now(),
        )
