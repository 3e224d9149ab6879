"""Bulk download benchmark (publication): the streamed CSV/JSON of published commitments
against a raw database read of the same rows, and the stream's peak memory at 1× and 10× data.

    .venv/bin/python bench/bulk_download.py                    # 20,000 commitments at 1×
    .venv/bin/python bench/bulk_download.py --base 5000        # quicker
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dh_bench_bulk .venv/bin/python bench/bulk_download.py

It builds its own database (bench/out/bulk_download.sqlite3 unless DATABASE_URL names a
database with "bench" in its name; it is emptied first), with published agreements of ten
commitments each and three yearly targets per commitment. Then, at 1× and again after adding
9× more rows (10×):

- raw: the same SQL the bulk download runs (``values_list`` query), read with a plain DB-API
  cursor in ``fetchmany`` chunks; nothing formatted;
- stream: ``bulk.stream_csv`` / ``stream_json`` generators consumed to the end;
- http: the full request through Django (test client, streaming response consumed);
- peak memory of the CSV stream with tracemalloc (Python allocations during the stream).

Printed: rows/second for each, the stream/raw ratio, and the 10×/1× peak-memory ratio (about
1 means constant memory). ``--rounds N`` measures N times at each size; ``--json-out`` writes
the figures (bench/run.py reads them).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
OUT.mkdir(parents=True, exist_ok=True)
sys.path.insert(0, str(ROOT))
DB_FILE = OUT / "bulk_download.sqlite3"
if os.environ.get("DATABASE_URL") and "bench" not in os.environ["DATABASE_URL"]:
    raise SystemExit("DATABASE_URL must name a bench database (with 'bench' in its name).")
if not os.environ.get("DATABASE_URL"):
    DB_FILE.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from driehoek.agreements.models import (  # noqa: E402
    Agreement,
    AgreementParty,
    AgreementVersion,
    Commitment,
    CommitmentTarget,
    Cycle,
    Theme,
)
from driehoek.core.immutable import purge  # noqa: E402
from driehoek.organisations.models import Organisation  # noqa: E402
from driehoek.publication import bulk, selectors  # noqa: E402
from driehoek.publication.models import Publication  # noqa: E402

COMMITMENTS_PER_AGREEMENT = 10
BATCH = 2000
THEMES = [t.value for t in Theme]


def reset_database() -> None:
    call_command("migrate", verbosity=0)
    with transaction.atomic():
        Publication.objects.all().delete()
        purge(AgreementVersion.objects.all())
        CommitmentTarget.objects.all().delete()
        Commitment.objects.all().delete()
        AgreementParty.objects.all().delete()
        Agreement.objects.all().delete()
        Cycle.objects.all().delete()
        Organisation.objects.filter(slug__startswith="bench-").delete()


def add_agreements(count: int, offset: int) -> None:
    """``count`` published agreements, each between its own gemeente and a corporatie."""
    now = timezone.now()
    for start in range(0, count, BATCH // COMMITMENTS_PER_AGREEMENT):
        n = min(BATCH // COMMITMENTS_PER_AGREEMENT, count - start)
        idx = [offset + start + i for i in range(n)]
        with transaction.atomic():
            gemeenten = Organisation.objects.bulk_create(
                [
                    Organisation(
                        kind="gemeente",
                        name=f"Bench gemeente {i}",
                        slug=f"bench-g-{i}",
                        code=f"B{i:06d}",
                        province="Utrecht",
                    )
                    for i in idx
                ]
            )
            corporaties = Organisation.objects.bulk_create(
                [
                    Organisation(
                        kind="woningcorporatie",
                        name=f"Bench corporatie {i}",
                        slug=f"bench-c-{i}",
                        code=f"LB{i:06d}",
                    )
                    for i in idx
                ]
            )
            cycles = Cycle.objects.bulk_create(
                [
                    Cycle(
                        gemeente=g,
                        year=2025,
                        ibw_due=date(2025, 7, 1),
                        bod_due=date(2025, 7, 1),
                        submission_due=date(2025, 12, 15),
                    )
                    for g in gemeenten
                ]
            )
            agreements = Agreement.objects.bulk_create(
                [
                    Agreement(
                        cycle=c,
                        kind="kader",
                        title=f"Prestatieafspraken {c.gemeente.name}",
                        period_start=2025,
                        period_end=2027,
                        status="concluded",
                        concluded_at=now,
                    )
                    for c in cycles
                ]
            )
            AgreementParty.objects.bulk_create(
                [
                    AgreementParty(agreement=a, organisation=g)
                    for a, g in zip(agreements, gemeenten, strict=True)
                ]
                + [
                    AgreementParty(agreement=a, organisation=c)
                    for a, c in zip(agreements, corporaties, strict=True)
                ]
            )
            commitments = Commitment.objects.bulk_create(
                [
                    Commitment(
                        agreement=a,
                        number=k,
                        reference=f"A-{k:02d}",
                        theme=THEMES[k % len(THEMES)],
                        kind="result",
                        title=f"Afspraak {k} over wonen in {a.title}",
                        description="Een beschrijving van de afspraak. " * 4,
                        responsible=c,
                        unit="woningen",
                        baseline=Decimal("100.00"),
                        summary_b1="In gewone taal.",
                    )
                    for a, c in zip(agreements, corporaties, strict=True)
                    for k in range(1, COMMITMENTS_PER_AGREEMENT + 1)
                ]
            )
            CommitmentTarget.objects.bulk_create(
                [
                    CommitmentTarget(commitment=cm, year=y, value=Decimal(120 + y - 2025))
                    for cm in commitments
                    for y in (2025, 2026, 2027)
                ]
            )
            versions = AgreementVersion.objects.bulk_create(
                [
                    AgreementVersion(
                        agreement=a,
                        number=1,
                        is_final=True,
                        snapshot={},
                        content_hash="0" * 64,
                        frozen_at=now,
                    )
                    for a in agreements
                ]
            )
            Publication.objects.bulk_create(
                [
                    Publication(
                        agreement=a, version=v, content_hash=v.content_hash, published_at=now
                    )
                    for a, v in zip(agreements, versions, strict=True)
                ]
            )


def raw_read(dataset: str) -> tuple[int, float]:
    """The bulk download's own SQL, through a bare cursor."""
    qs = {
        "commitments": lambda: selectors.published_commitments().values_list(
            *bulk.COMMITMENT_COLUMNS
        ),
        "targets": lambda: selectors.published_targets().values_list(
            "commitment__uuid", "commitment__agreement__uuid", "year", "value"
        ),
    }[dataset]()
    sql, params = qs.query.sql_with_params()
    start = time.perf_counter()
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(bulk.CHUNK_SIZE):
            rows += len(chunk)
    return rows, time.perf_counter() - start


def stream(dataset: str, fmt: str) -> tuple[int, float, int]:
    ds = bulk.DATASETS[dataset]
    gen = bulk.stream_csv(ds) if fmt == "csv" else bulk.stream_json(ds)
    start = time.perf_counter()
    size = 0
    newlines = 0
    for piece in gen:  # chunks of ~64 KB (or one row each, before the chunking)
        size += len(piece)
        newlines += piece.count(b"\n")
    # CSV: a header line and one line a row; JSON: "[", then "\n" + each row, then "\n]\n".
    # The bench's rows hold no line breaks of their own.
    rows = newlines - (1 if fmt == "csv" else 2)
    return rows, time.perf_counter() - start, size


def http(dataset: str, fmt: str) -> tuple[int, float]:
    client = Client(HTTP_HOST="127.0.0.1")
    start = time.perf_counter()
    response = client.get(f"/api/v1/bulk/{dataset}.{fmt}")
    size = 0
    for piece in response.streaming_content:
        size += len(piece)
    return size, time.perf_counter() - start


def peak_memory(dataset: str) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    for _piece in bulk.stream_csv(bulk.DATASETS[dataset]):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def measure(label: str) -> dict:
    result = {}
    for dataset in ("commitments", "targets"):
        rows, raw_s = raw_read(dataset)
        rows_csv, csv_s, csv_bytes = stream(dataset, "csv")
        rows_json, json_s, _ = stream(dataset, "json")
        http_bytes, http_s = http(dataset, "csv")
        assert rows == rows_csv == rows_json, (rows, rows_csv, rows_json)
        peak = peak_memory(dataset)
        result[dataset] = {
            "rows": rows,
            "peak": peak,
            "csv_ratio": raw_s / csv_s,
            "json_ratio": raw_s / json_s,
        }
        print(
            f"{label} {dataset:<11} rows={rows:>9,}  raw {rows / raw_s:>10,.0f} rows/s  "
            f"csv {rows / csv_s:>9,.0f} rows/s ({raw_s / csv_s:.2f}× raw)  "
            f"json {rows / json_s:>9,.0f} rows/s ({raw_s / json_s:.2f}× raw)  "
            f"http csv {rows / http_s:>9,.0f} rows/s ({http_bytes / 1e6:.1f} MB)  "
            f"peak {peak / 1e6:.2f} MB"
        )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--base", type=int, default=20000, help="commitments at 1× (default 20,000)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="measurements at each size")
    parser.add_argument("--json-out", default="")
    args = parser.parse_args()
    agreements = max(1, args.base // COMMITMENTS_PER_AGREEMENT)
    print(f"Database: {connection.settings_dict['NAME']} ({connection.vendor})")
    reset_database()
    t = time.perf_counter()
    add_agreements(agreements, 0)
    print(f"1×: {agreements:,} agreements generated in {time.perf_counter() - t:.1f} s")
    ones = [measure("1× ") for _ in range(args.rounds)]
    one = ones[0]
    t = time.perf_counter()
    add_agreements(agreements * 9, agreements)
    print(f"10×: {agreements * 9:,} more agreements generated in {time.perf_counter() - t:.1f} s")
    tens = [measure("10×") for _ in range(args.rounds)]
    ten = tens[0]
    for dataset in one:
        print(
            f"{dataset}: rows 10×/1× = {ten[dataset]['rows'] / one[dataset]['rows']:.1f}, "
            f"peak memory 10×/1× = {ten[dataset]['peak'] / one[dataset]['peak']:.2f}"
        )
    if args.json_out:
        Path(args.json_out).write_text(
            json.dumps({"vendor": connection.vendor, "1x": ones, "10x": tens}, indent=1)
        )


if __name__ == "__main__":
    main()
