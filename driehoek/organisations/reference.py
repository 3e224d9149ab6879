"""Load the reference data that ships in ``data/`` (see data/SOURCES.md).

Idempotent: a second run changes nothing. Official data (gemeenten) is brought in line with
the files; housing associations from the unofficial L-number list are only added when missing,
so corrections made by staff are kept.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from driehoek.core import dataversion

from .models import Organisation, OrganisationKind, Region, RegionKind

DATA_DIR = Path(__file__).resolve().parent / "data"

SOURCE_CBS_2023 = "CBS, Gemeenten alfabetisch 2023 (CC BY 4.0)"
SOURCE_TABEL33 = "RvIG Landelijke Tabel 33 (Gemeententabel)"
SOURCE_LNUMMERS = "L-nummerlijst (onofficieel, zie bronnen)"
SOURCE_REGIONS = "Woningmarktregio's 2016 (Staatscourant 30 augustus 2016)"


@dataclass
class Counts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class Report:
    parts: dict[str, Counts] = field(default_factory=dict)

    def part(self, name: str) -> Counts:
        return self.parts.setdefault(name, Counts())

    @property
    def changed(self) -> int:
        return sum(c.added + c.updated for c in self.parts.values())


def _rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _unique_slug(base: str, suffix: str, taken: set[str]) -> str:
    slug = slugify(base)[:200] or suffix.lower()
    if slug in taken:
        slug = f"{slug}-{suffix.lower()}"
    taken.add(slug)
    return slug


def _upsert(
    counts: Counts, obj: Organisation | Region | None, values: dict, create: Callable[[], None]
):
    """``obj`` brought to ``values`` (only the fields that differ are saved), or ``create()``
    called when there is no ``obj``; counted as added, updated or unchanged."""
    if obj is None:
        create()
        counts.added += 1
        return
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        obj.save(update_fields=[*changed, "updated_at"])
        counts.updated += 1
    else:
        counts.unchanged += 1


def _upsert_gemeente(
    counts: Counts, existing: dict[str, Organisation], taken: set[str], code: str, values: dict
) -> None:
    """The gemeente with CBS ``code`` brought to ``values``, or created (and added to
    ``existing``) with a new unique slug when there is none yet."""

    def create():
        existing[code] = Organisation.objects.create(
            kind=OrganisationKind.GEMEENTE,
            code=code,
            slug=_unique_slug(values["name"], code, taken),
            **values,
        )

    _upsert(counts, existing.get(code), values, create)


@transaction.atomic
def load_reference_data(progress: Callable[[str], None] = lambda msg: None) -> Report:
    report = Report()
    taken = set(Organisation.objects.values_list("slug", flat=True))
    existing = {
        o.code: o
        for o in Organisation.objects.filter(kind=OrganisationKind.GEMEENTE).exclude(code="")
    }

    # 1. The 342 current gemeenten (CBS 2023, still valid in 2025).
    current_rows = _rows("gemeenten_2025.csv")
    counts = report.part("gemeenten (current)")
    for i, row in enumerate(current_rows, 1):
        code = row["gemeentecode"]
        values = {
            "name": row["gemeentenaam"],
            "province": row["provincie"],
            "is_current": True,
            "ended_on": None,
            "successor": None,
            "source": SOURCE_CBS_2023,
        }
        _upsert_gemeente(counts, existing, taken, code, values)
        if i % 100 == 0 or i == len(current_rows):
            progress(f"  gemeenten (current): {i}/{len(current_rows)}")

    # 2. The 393 gemeenten of 1 January 2015; the ones that ended are historic, with successor.
    rows_2015 = _rows("gemeenten_2015.csv")
    counts = report.part("gemeenten (2015, historic)")
    ended = [r for r in rows_2015 if r["opgeheven_per"]]
    for row in rows_2015:
        if not row["opgeheven_per"]:
            counts.unchanged += 1  # still exists: loaded above as a current gemeente
    # Create historic ones first, then link successors (a successor may itself be historic).
    for row in ended:
        code = row["gemeentecode"]
        values = {
            "name": row["gemeentenaam"],
            "province": row["provincie"],
            "is_current": False,
            "ended_on": date.fromisoformat(row["opgeheven_per"]),
            "source": SOURCE_TABEL33,
        }
        _upsert_gemeente(counts, existing, taken, code, values)
    for row in ended:
        org = existing[row["gemeentecode"]]
        successor = existing[row["directe_opvolger_code"]]
        if org.successor_id != successor.pk:
            org.successor = successor
            org.save(update_fields=["successor", "updated_at"])
    progress(f"  gemeenten (2015): {len(rows_2015)}/{len(rows_2015)}")

    # 3. Housing associations from the unofficial L-number list: add missing ones only.
    rows = _rows("woningcorporaties_lnummers.csv")
    counts = report.part("woningcorporaties")
    known = set(
        Organisation.objects.filter(kind=OrganisationKind.CORPORATIE).values_list("code", flat=True)
    )
    new = []
    for row in rows:
        code = row["l_nummer"].strip()
        if code in known:
            counts.unchanged += 1
            continue
        name = " ".join(row["naam"].split())
        new.append(
            Organisation(
                kind=OrganisationKind.CORPORATIE,
                code=code,
                name=name,
                slug=_unique_slug(name, code, taken),
                kvk_number=row.get("kvk_nummer", "").strip(),
                website=row.get("website", "").strip(),
                source=SOURCE_LNUMMERS,
            )
        )
        known.add(code)
    Organisation.objects.bulk_create(new, batch_size=500)
    counts.added += len(new)
    progress(f"  woningcorporaties: {len(rows)}/{len(rows)}")

    # 4. Woningmarktregio's 2016 (names and sizes; members are assigned by staff).
    rows = _rows("woningmarktregios_2016.csv")
    counts = report.part("woningmarktregio's")
    regions = {r.number: r for r in Region.objects.filter(kind=RegionKind.WONINGMARKTREGIO)}
    region_slugs = set(Region.objects.values_list("slug", flat=True))
    for row in rows:
        number = int(row["nummer"])
        values = {
            "name": row["naam"],
            "expected_gemeenten": int(row["aantal_gemeenten"]),
            "corporaties_count": int(row["aantal_corporaties_excl_categoraal"]),
            "households": int(row["aantal_huishoudens"]),
            "source": SOURCE_REGIONS,
        }

        def create(number=number, values=values):
            slug = _unique_slug(f"woningmarktregio {values['name']}", str(number), region_slugs)
            Region.objects.create(
                kind=RegionKind.WONINGMARKTREGIO, number=number, slug=slug, **values
            )

        _upsert(counts, regions.get(number), values, create)
    progress(f"  woningmarktregio's: {len(rows)}/{len(rows)}")
    if report.changed:
        dataversion.bump()  # written without services: public pages and dashboards key on it
    return report
