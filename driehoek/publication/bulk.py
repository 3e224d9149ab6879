"""Bulk downloads of everything published, as CSV and JSON, streamed in constant memory.

Each dataset is a flat table: a list of (column, description) and a ``values_list`` query over
the public selectors, read with ``.iterator(chunk_size=...)``. The columns are documented in
docs/open-data.md; keep the two in step.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.utils.translation import gettext_lazy as _

from driehoek.core import exports

from . import selectors
from .bulk_agreements import agreement_rows, party_rows

CHUNK_SIZE = 2000  # rows per database fetch
# Bytes per piece handed to the server: rows are gathered into pieces of about this size, so a
# file of a million rows is a few thousand writes to the socket (and gzip blocks), not a million.
STREAM_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class Dataset:
    name: str
    description: str
    columns: tuple[tuple[str, str], ...]

    def rows(self) -> Iterator[tuple]:
        raise NotImplementedError

    @property
    def label(self) -> str:
        """What the dataset holds, in the page's language (``description`` stays English for
        the API documentation)."""
        return str(DATASET_LABELS.get(self.name, self.description))


# The columns of the commitments dataset, in order (also read by the bulk download bench).
COMMITMENT_COLUMNS = (
    "uuid",
    "agreement__uuid",
    "agreement__cycle__gemeente__code",
    "agreement__cycle__gemeente__slug",
    "reference",
    "number",
    "theme",
    "kind",
    "title",
    "description",
    "summary_b1",
    "responsible__slug",
    "responsible__name",
    "indicator",
    "unit",
    "baseline",
    "estimated_cost",
    "dependencies",
)


def _commitments() -> Iterator[tuple]:
    qs = selectors.published_commitments().values_list(*COMMITMENT_COLUMNS)
    yield from qs.iterator(chunk_size=CHUNK_SIZE)


def _targets() -> Iterator[tuple]:
    qs = selectors.published_targets().values_list(
        "commitment__uuid", "commitment__agreement__uuid", "year", "value"
    )
    yield from qs.iterator(chunk_size=CHUNK_SIZE)


def _progress() -> Iterator[tuple]:
    qs = (
        selectors.confirmed_progress()
        .order_by(
            "commitment__agreement__uuid", "commitment__number", "period_year", "period_quarter"
        )
        .values_list(
            "uuid",
            "commitment__uuid",
            "commitment__agreement__uuid",
            "period_year",
            "period_quarter",
            "realised",
            "status",
            "explanation",
            "updated_at",
        )
    )
    yield from qs.iterator(chunk_size=CHUNK_SIZE)


def _cycles() -> Iterator[tuple]:
    qs = selectors.public_cycles().values_list(
        "uuid",
        "year",
        "gemeente__code",
        "gemeente__slug",
        "gemeente__name",
        "ibw_due",
        "bod_due",
        "submission_due",
    )
    yield from qs.iterator(chunk_size=CHUNK_SIZE)


class _Set(Dataset):
    def __init__(self, name, description, columns, source):
        super().__init__(name, description, tuple(columns))
        object.__setattr__(self, "_source", source)

    def rows(self) -> Iterator[tuple]:
        return self._source()


DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in [
        _Set(
            "agreements",
            "One row per published agreement.",
            [
                ("agreement_id", "UUID of the agreement (stable)."),
                ("title", "Title as signed."),
                ("kind", "kader, jaarschijf, addendum or regionaal."),
                ("status", "concluded (signed) or submitted (sent to the minister)."),
                ("period_start", "First year the agreement applies."),
                ("period_end", "Last year the agreement applies."),
                ("gemeente_code", "CBS gemeentecode of the gemeente whose cycle it belongs to."),
                ("gemeente_slug", "Identifier of that gemeente in Driehoek."),
                ("gemeente_name", "Name of that gemeente."),
                ("province", "Province of that gemeente."),
                ("cycle_id", "UUID of the yearly cycle."),
                ("cycle_year", "Year of the cycle."),
                (
                    "concluded_at",
                    "When the last party signed, by the real dates of the signatures (ISO 8601).",
                ),
                (
                    "concluded_with_tenant_refusal",
                    "true when a tenant organisation declined and the others concluded.",
                ),
                ("submitted_at", "When it was submitted to the minister (real date, ISO 8601)."),
                (
                    "submission_recorded_at",
                    "When the submission was entered, if recorded afterwards (ISO 8601).",
                ),
                ("dispute_status", "Pending dispute: filed, advice_requested or advised."),
                ("dispute_filed_on", "Pending dispute: the day it was filed (date)."),
                (
                    "dispute_recorded_at",
                    "Pending dispute: when the filing was entered, if recorded afterwards.",
                ),
                ("published_at", "When the parties that signed all agreed to publish (ISO 8601)."),
                ("content_hash", "SHA-256 fingerprint of the signed version."),
                ("is_demo", "true for made-up demo data."),
                ("url", "Public page of the agreement."),
            ],
            agreement_rows,
        ),
        _Set(
            "parties",
            "One row per party per published agreement.",
            [
                ("agreement_id", "UUID of the agreement."),
                ("organisation_slug", "Identifier of the organisation in Driehoek."),
                ("organisation_name", "Name."),
                ("organisation_kind", "gemeente, woningcorporatie, huurdersorganisatie, …"),
                ("organisation_code", "CBS gemeentecode or L-number; empty when unknown."),
                ("signs", "true: signs as a full party; false: a tenant organisation taking note."),
                ("decision", "signed, declined, takes_note or no_decision."),
                ("signed_on", "The real date it signed or declined (date)."),
                ("recorded_at", "When the decision was entered, if recorded afterwards."),
                ("reason", "Why it declined; empty otherwise."),
                (
                    "successor_slug",
                    "Identifier of the successor that decided for the party after the party "
                    "went up in it (merger or split); empty when the party decided itself.",
                ),
                ("successor_name", "Name of that successor; empty when none."),
            ],
            party_rows,
        ),
        _Set(
            "commitments",
            "One row per commitment of a published agreement.",
            [
                ("commitment_id", "UUID of the commitment (stable)."),
                ("agreement_id", "UUID of the agreement."),
                ("gemeente_code", "CBS gemeentecode."),
                ("gemeente_slug", "Identifier of the gemeente."),
                ("reference", "Reference within the agreement, e.g. A-03."),
                ("number", "Sequence number within the agreement."),
                ("theme", "Theme code (see the theme list)."),
                ("kind", "result, process, request or effort."),
                ("title", "Title."),
                ("description", "Full text as signed."),
                ("summary_b1", "Summary in plain language (B1)."),
                ("responsible_slug", "Identifier of the responsible party."),
                ("responsible_name", "Name of the responsible party."),
                ("indicator", "What is measured."),
                ("unit", "Unit of baseline, targets and progress."),
                ("baseline", "Starting value; empty when none."),
                ("estimated_cost", "Estimated cost in euro; empty when none."),
                ("dependencies", "What the commitment depends on."),
            ],
            _commitments,
        ),
        _Set(
            "targets",
            "One row per yearly target of a commitment.",
            [
                ("commitment_id", "UUID of the commitment."),
                ("agreement_id", "UUID of the agreement."),
                ("year", "Year."),
                ("value", "Target for that year, in the commitment's unit."),
            ],
            _targets,
        ),
        _Set(
            "progress",
            "One row per progress report that every party confirmed.",
            [
                ("progress_id", "UUID of the progress report."),
                ("commitment_id", "UUID of the commitment."),
                ("agreement_id", "UUID of the agreement."),
                ("period_year", "Year."),
                ("period_quarter", "Quarter 1–4; empty for the whole year."),
                ("realised", "Position at the end of the period, cumulative over the year."),
                ("status", "on_track, at_risk, achieved, not_achieved or cancelled."),
                ("explanation", "Explanation as confirmed."),
                ("updated_at", "Last change (ISO 8601)."),
            ],
            _progress,
        ),
        _Set(
            "cycles",
            "One row per yearly cycle: the statutory dates.",
            [
                ("cycle_id", "UUID of the cycle (stable)."),
                ("year", "Year of the cycle."),
                ("gemeente_code", "CBS gemeentecode."),
                ("gemeente_slug", "Identifier of the gemeente."),
                ("gemeente_name", "Name of the gemeente."),
                ("ibw_due", "Financial indication (IBW) due (date)."),
                ("bod_due", "Bod due (date)."),
                ("submission_due", "Agreements to be submitted before (date)."),
            ],
            _cycles,
        ),
    ]
}


def cell(value) -> str | int | float | bool | None:
    """One value for JSON."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def chunked(pieces: Iterable[str], size: int | None = None) -> Iterator[bytes]:
    """The pieces as UTF-8, gathered into chunks of at least ``size`` bytes (the last one may
    be smaller). Only one chunk is held at a time, so memory stays flat."""
    size = STREAM_CHUNK_BYTES if size is None else size
    buffer: list[bytes] = []
    append = buffer.append
    filled = 0
    for piece in pieces:
        data = piece.encode()
        append(data)
        filled += len(data)
        if filled >= size:
            yield b"".join(buffer)
            buffer.clear()
            filled = 0
    if buffer:
        yield b"".join(buffer)


def csv_lines(dataset: Dataset) -> Iterator[str]:
    """Comma-separated with a decimal point, through the one export writer (core.exports):
    text that a spreadsheet would run as a formula starts with an apostrophe. One line a row."""
    writer = exports.CsvWriter(",")
    yield writer.line([name for name, _description in dataset.columns])
    yield from writer.lines(dataset.rows())


def json_pieces(dataset: Dataset) -> Iterator[str]:
    """One JSON array of objects; one piece a row."""
    names = [name for name, _description in dataset.columns]
    yield "["
    first = True
    for row in dataset.rows():
        item = json.dumps({k: cell(v) for k, v in zip(names, row, strict=True)}, ensure_ascii=False)
        yield ("\n" if first else ",\n") + item
        first = False
    yield "\n]\n"


def stream_csv(dataset: Dataset) -> Iterator[bytes]:
    """The CSV file in chunks of about ``STREAM_CHUNK_BYTES``."""
    return chunked(csv_lines(dataset))


def stream_json(dataset: Dataset) -> Iterator[bytes]:
    """The JSON file in chunks of about ``STREAM_CHUNK_BYTES``."""
    return chunked(json_pieces(dataset))


DATASET_LABELS = {
    "agreements": _("One row per published agreement."),
    "parties": _("One row per party per published agreement."),
    "commitments": _("One row per commitment of a published agreement."),
    "targets": _("One row per yearly target of a commitment."),
    "progress": _("One row per progress report that every party confirmed."),
    "cycles": _("One row per yearly cycle: the statutory dates."),
}
