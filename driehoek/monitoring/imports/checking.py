"""Validating every row, then saving all rows in one transaction, or nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
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
    transaction (so a job is done exactly when its reports are saved).

    Written as plain rows, without a model instance per row: one multi-row INSERT per block of
    new reports and one UPDATE per changed report (executemany). ``is_latest`` (the latest
    period per commitment and year) is decided here from the reports already there and the
    file's rows, and written with them, not in a second pass."""
    existing = {
        (cid, year, quarter): (pk, latest)
        for pk, cid, year, quarter, latest in ProgressReport.objects.filter(
            commitment__agreement=agreement
        ).values_list("pk", "commitment_id", "period_year", "period_quarter", "is_latest")
    }
    # The latest period per (commitment, year) once this file is saved: the reports already
    # there and the file's rows (a year report counts after the quarters).
    latest_rank: dict[tuple[int, int], int] = {}
    for cid, year, quarter in [
        *existing,
        *((c.pk, d["period_year"], d["period_quarter"]) for c, d in valid),
    ]:
        rank = _rank(quarter)
        if latest_rank.get((cid, year), 0) < rank:
            latest_rank[(cid, year)] = rank
    new, changed = [], []
    for commitment, data in valid:
        key = (commitment.pk, data["period_year"], data["period_quarter"])
        is_latest = latest_rank[key[:2]] == _rank(key[2])
        if key in existing:
            changed.append((existing[key][0], commitment, data, is_latest))
        else:
            new.append((commitment, data, is_latest))
    now = timezone.now()
    _insert_reports(new, actor=actor, now=now)
    _update_reports(changed, actor=actor, now=now)
    # Replaces recompute_latest: the rows above carry their is_latest already; only reports
    # not in the file whose period stopped (or became) the latest of its year change here.
    in_file = {(c.pk, d["period_year"], d["period_quarter"]) for c, d in valid}
    flips: dict[bool, list[int]] = {True: [], False: []}
    for (cid, year, quarter), (pk, was_latest) in existing.items():
        if (cid, year) in latest_rank and (cid, year, quarter) not in in_file:
            should = latest_rank[(cid, year)] == _rank(quarter)
            if should != was_latest:
                flips[should].append(pk)
    set_latest_flags(flips)
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


def set_latest_flags(flips: dict[bool, list[int]]) -> None:
    """Set ``is_latest`` to True/False on the reports listed under it. The last write of the
    import's rows (tests stop a save here: every row is written, nothing committed)."""
    for value, pks in flips.items():
        for i in range(0, len(pks), CHUNK):
            ProgressReport.objects.filter(pk__in=pks[i : i + CHUNK]).update(is_latest=value)


def _rank(quarter: int | None) -> int:
    """Order of periods within a year: quarters 1-4, then the whole year."""
    return 5 if quarter is None else quarter


# What a correction changes of a report (and a new one sets too).
_CHANGED = ("realised", "status", "explanation", "evidence_url", "reported_by_org", "is_latest")
# Set by the import for every new or changed report; the other columns keep their defaults.
_PER_ROW = ("uuid", "commitment", "period_year", "period_quarter", *_CHANGED)


def _insert_reports(rows, *, actor, now) -> None:
    """New reports as multi-row INSERTs of plain values (no model instance per row)."""
    if not rows:
        return
    meta = ProgressReport._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    given = {
        "created_at": now,
        "updated_at": now,
        "reported_by": actor.pk if actor is not None else None,
        "review_state": ReviewState.AWAITING,
    }
    constant = {
        f.name: f.get_db_prep_save(given.get(f.name, f.get_default()), connection)
        for f in fields
        if f.name not in _PER_ROW
    }
    prep_uuid = meta.get_field("uuid").get_db_prep_save
    prep_realised = meta.get_field("realised").get_db_prep_save
    names = [f.name for f in fields]
    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)

    def values(commitment, data, is_latest) -> list:
        row = {
            "uuid": prep_uuid(uuid.uuid4(), connection),
            "commitment": commitment.pk,
            "period_year": data["period_year"],
            "period_quarter": data["period_quarter"],
            "realised": prep_realised(data["realised"], connection),
            "status": str(data["status"]),
            "explanation": data["explanation"],
            "evidence_url": data["evidence_url"],
            "reported_by_org": commitment.responsible_id,
            "is_latest": is_latest,
        }
        return [row[n] if n in row else constant[n] for n in names]

    # Table and column names come from the model (quoted); every value is a parameter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column (UNNEST): a short statement whatever the number of rows.
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
            sql = f"INSERT INTO {table} ({columns}) SELECT * FROM UNNEST({arrays})"  # noqa: S608
            for i in range(0, len(rows), 5000):
                by_column = zip(*(values(*r) for r in rows[i : i + 5000]), strict=True)
                cursor.execute(sql, [list(column) for column in by_column])
            return
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        size = max(1, min(CHUNK, connection.ops.bulk_batch_size(fields, range(CHUNK))))
        for i in range(0, len(rows), size):
            part = rows[i : i + size]
            params = [v for r in part for v in values(*r)]
            placeholders = ", ".join([one] * len(part))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES {placeholders}", params)  # noqa: S608


def _update_reports(rows, *, actor, now) -> None:
    """Changed reports: one UPDATE per report by primary key (executemany), back to awaiting
    confirmation; their earlier confirmations are removed."""
    if not rows:
        return
    from ..models import ReportReview

    meta = ProgressReport._meta
    ops = connection.ops
    sets = [*_CHANGED, "reported_by", "review_state", "updated_at"]
    column = {f.name: f.column for f in meta.concrete_fields}
    assignments = ", ".join(f"{ops.quote_name(column[n])} = %s" for n in sets)
    table, pk_column = ops.quote_name(meta.db_table), ops.quote_name(column[meta.pk.name])
    sql = f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s"  # noqa: S608
    prep_realised = meta.get_field("realised").get_db_prep_save
    tail = (
        actor.pk if actor is not None else None,
        str(ReviewState.AWAITING),
        meta.get_field("updated_at").get_db_prep_save(now, connection),
    )

    def values(pk, commitment, data, is_latest) -> tuple:
        return (
            prep_realised(data["realised"], connection),
            str(data["status"]),
            data["explanation"],
            data["evidence_url"],
            commitment.responsible_id,
            is_latest,
            *tail,
            pk,
        )

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One UPDATE per block, joined to one array per column (UNNEST).
            by_name = {f.name: f for f in meta.concrete_fields}
            fields = [by_name[n] for n in sets[:6]] + [by_name[meta.pk.name]]
            arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
            names = ", ".join(f"v{i}" for i in range(len(fields)))
            pairs = ", ".join(
                f"{ops.quote_name(column[n])} = v.v{i}" for i, n in enumerate(sets[:6])
            )
            rest = ", ".join(f"{ops.quote_name(column[n])} = %s" for n in sets[6:])
            pk_v = f"v.v{len(fields) - 1}"
            sql = (
                f"UPDATE {table} SET {pairs}, {rest} FROM UNNEST({arrays}) AS v({names}) "  # noqa: S608
                f"WHERE {table}.{pk_column} = {pk_v}"
            )
        for i in range(0, len(rows), CHUNK):
            part = rows[i : i + CHUNK]
            if connection.vendor == "postgresql":
                by_column = list(zip(*(values(*r) for r in part), strict=True))
                arrays_values = [list(c) for c in by_column[:6]] + [list(by_column[-1])]
                # The constants of SET come before the arrays in the statement.
                cursor.execute(sql, [*tail, *arrays_values])
            else:
                cursor.executemany(sql, [values(*r) for r in part])
            ReportReview.objects.filter(report__in=[pk for pk, *_rest in part]).delete()
