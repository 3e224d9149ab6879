"""Build national-scale monitoring data in a separate bench database.

At --scale 1: 342 gemeenten, 280 corporaties (each with a huurdersorganisatie), about 1,700
gemeente–corporatie pairs, ten annual agreements per pair (2017–2026), about 150,000
commitments with a target each and about 600,000 quarterly progress reports. Every agreement is
published (a final version and a ``Publication``), so /openbaar/ and the open-data API list them.

    .venv/bin/python bench/generate.py --scale 0.1     # a tenth, for a quick run
    .venv/bin/python bench/generate.py                 # the full national scale

The database is bench/out/bench.sqlite3 unless DATABASE_URL is set (never var/driehoek.sqlite3).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from driehoek.agreements.models import (  # noqa: E402
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    Commitment,
    CommitmentKind,
    CommitmentTarget,
    Cycle,
    Theme,
)
from driehoek.monitoring.models import ProgressReport, ProgressStatus, ReviewState  # noqa: E402
from driehoek.organisations.models import Organisation, OrganisationKind, Region  # noqa: E402
from driehoek.publication.models import Publication  # noqa: E402

BATCH = 5000
YEARS = list(range(2017, 2027))
THEMES = [t.value for t in Theme]
UNITS = [
    "woningen",
    "%",
    "woningen",
    "kavels",
    "bijeenkomsten",
    "woningen",
    "euro per woning",
    "%",
    "woningen",
]
STATUSES = [
    (ProgressStatus.ON_TRACK, 45),
    (ProgressStatus.ACHIEVED, 25),
    (ProgressStatus.AT_RISK, 15),
    (ProgressStatus.NOT_ACHIEVED, 10),
    (ProgressStatus.CANCELLED, 5),
]
STATES = [(ReviewState.CONFIRMED, 70), (ReviewState.AWAITING, 22), (ReviewState.CONTESTED, 8)]


def pick(rng, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def bulk(model, rows, label: str) -> list:
    made = []
    for i in range(0, len(rows), BATCH):
        made.extend(model.objects.bulk_create(rows[i : i + BATCH]))
        if len(rows) > BATCH:
            log(f"  {label}: {min(i + BATCH, len(rows)):,}/{len(rows):,}")
    return made


def publish_all() -> None:
    """A final version and a publication for every generated agreement that has none (also
    tops up a bench database made before the bench published its agreements)."""
    now = timezone.now()
    todo = list(
        Agreement.objects.filter(title__startswith="Prestatieafspraken ", publication__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not todo:
        return
    log(f"Publishing {len(todo):,} agreements …")
    for i in range(0, len(todo), BATCH):
        with transaction.atomic():
            ids = todo[i : i + BATCH]
            Agreement.objects.filter(pk__in=ids).update(concluded_at=now)
            versions = AgreementVersion.objects.bulk_create(
                [
                    AgreementVersion(
                        agreement_id=pk,
                        number=1,
                        is_final=True,
                        snapshot={},
                        content_hash="0" * 64,
                        frozen_at=now,
                    )
                    for pk in ids
                ]
            )
            Publication.objects.bulk_create(
                [
                    Publication(
                        agreement_id=v.agreement_id,
                        version=v,
                        content_hash=v.content_hash,
                        published_at=now,
                    )
                    for v in versions
                ]
            )
        log(f"  published: {min(i + BATCH, len(todo)):,}/{len(todo):,}")


def numbered_organisations(
    kind, count: int, name: str, slug: str, code: str | None, label: str
) -> list:
    """``count`` organisations of ``kind`` named, slugged and (unless ``code`` is None) coded
    with those prefixes and a three-digit number: "Gemeente Bench 007", "bench-g-007", "B007"."""
    return bulk(
        Organisation,
        [
            Organisation(
                kind=kind,
                name=f"{name} {i:03d}",
                slug=f"{slug}-{i:03d}",
                **({} if code is None else {"code": f"{code}{i:03d}"}),
            )
            for i in range(count)
        ],
        label,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="fraction of national scale (default 1)"
    )
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    n_gem = max(3, round(342 * args.scale))
    n_corp = max(2, round(280 * args.scale))
    pairs_per_gem = 5
    commitments_per_agreement = 9
    t0 = time.perf_counter()
    log("Migrating the bench database …")
    call_command("migrate", verbosity=0)
    if Organisation.objects.filter(slug__startswith="bench-").exists():
        publish_all()
        log("The bench database has data already: remove its file to build it again.")
        return
    with transaction.atomic():
        log(f"{n_gem} gemeenten, {n_corp} corporaties and as many huurdersorganisaties …")
        gemeenten = numbered_organisations(
            OrganisationKind.GEMEENTE, n_gem, "Gemeente Bench", "bench-g", "B", "gemeenten"
        )
        corporaties = numbered_organisations(
            OrganisationKind.CORPORATIE,
            n_corp,
            "Woonstichting Bench",
            "bench-c",
            "BL",
            "corporaties",
        )
        huurders = numbered_organisations(
            OrganisationKind.HUURDERS, n_corp, "Huurders Bench", "bench-h", None, "huurders"
        )
        regions = []
        for r in range(max(1, n_gem // 10)):
            region = Region.objects.create(name=f"Regio Bench {r:02d}", slug=f"bench-regio-{r:02d}")
            region.members.set(gemeenten[r * 10 : r * 10 + 10])
            regions.append(region)
        log("Cycles …")
        cycles = bulk(
            Cycle,
            [
                Cycle(
                    gemeente=g,
                    year=y - 1,
                    ibw_due=date(y - 1, 7, 1),
                    bod_due=date(y - 1, 7, 1),
                    submission_due=date(y - 1, 12, 15),
                )
                for g in gemeenten
                for y in YEARS
            ],
            "cycles",
        )
        cycle_of = {(c.gemeente_id, c.year + 1): c for c in cycles}
        pairs = []
        for g in gemeenten:
            for ci in rng.sample(range(n_corp), min(pairs_per_gem, n_corp)):
                pairs.append((g, corporaties[ci], huurders[ci]))
        log(f"{len(pairs):,} gemeente–corporatie pairs, {len(pairs) * len(YEARS):,} agreements …")
        agreements = bulk(
            Agreement,
            [
                Agreement(
                    cycle=cycle_of[(g.pk, y)],
                    kind=AgreementKind.ANNUAL,
                    title=f"Prestatieafspraken {g.name} – {c.name} {y}",
                    period_start=y,
                    period_end=y,
                    status=AgreementStatus.CONCLUDED,
                )
                for g, c, _h in pairs
                for y in YEARS
            ],
            "agreements",
        )
        parties = []
        agreement_meta = []
        i = 0
        for g, c, h in pairs:
            for y in YEARS:
                a = agreements[i]
                i += 1
                parties += [AgreementParty(agreement=a, organisation=o) for o in (g, c, h)]
                agreement_meta.append((a, y, (g, c, h)))
        bulk(AgreementParty, parties, "parties")
        commitments = []
        for a, y, orgs in agreement_meta:
            for n in range(1, commitments_per_agreement + 1):
                resp = orgs[1] if n <= 6 else orgs[0] if n <= 8 else orgs[2]
                commitments.append(
                    Commitment(
                        agreement=a,
                        number=n,
                        reference=f"A{y}-{n:03d}",
                        theme=THEMES[n % len(THEMES)],
                        kind=CommitmentKind.RESULT,
                        title=f"Afspraak {n}",
                        responsible=resp,
                        unit=UNITS[n - 1],
                        estimated_cost=Decimal(rng.randrange(0, 3_000_000, 50_000))
                        if resp == orgs[1]
                        else None,
                    )
                )
        log(f"{len(commitments):,} commitments …")
        commitments = bulk(Commitment, commitments, "commitments")
        year_of = {a.pk: y for a, y, _o in agreement_meta}
        targets = []
        reports = []
        for c in commitments:
            y = year_of[c.agreement_id]
            target = Decimal(95 if c.unit == "%" else rng.randint(5, 150))
            targets.append(CommitmentTarget(commitment=c, year=y, value=target))
            for q in (1, 2, 3, 4):
                realised = (target * Decimal(q) / 4 * Decimal(rng.uniform(0.6, 1.1))).quantize(
                    Decimal("0.01")
                )
                if c.unit == "%":
                    realised = min(realised * 4 / q, Decimal(100)).quantize(Decimal("0.01"))
                reports.append(
                    ProgressReport(
                        commitment=c,
                        period_year=y,
                        period_quarter=q,
                        realised=realised,
                        status=pick(rng, STATUSES),
                        reported_by_org_id=c.responsible_id,
                        review_state=pick(rng, STATES),
                        is_latest=(q == 4),
                    )
                )
        log(f"{len(targets):,} targets …")
        bulk(CommitmentTarget, targets, "targets")
        log(f"{len(reports):,} progress reports …")
        bulk(ProgressReport, reports, "progress reports")
    publish_all()
    # Bulk rows bypass the services: build the dashboards' summaries from them in one go.
    from driehoek.monitoring.summaries import rebuild_summaries

    log("Dashboard summaries …")
    rebuild_summaries(log)
    log("Updating the query planner's statistics (ANALYZE) …")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"Done in {time.perf_counter() - t0:.0f} s.")


if __name__ == "__main__":
    main()
