"""Summaries maintained on write (issue 14, point 3).

The dashboards sum summary rows (``models.summaries``) instead of joining commitments, targets
and reports. Every write that changes what they count calls ``refresh_summaries`` in its own
transaction, after the write:

- ``services.report_save`` and ``report_review`` (one agreement, one year), the progress import
  (``imports.checking.save_rows``: the agreement, the imported years);
- agreements' services through ``agreements.hooks.agreement_changed`` (an agreement concluded or
  submitted), connected in ``apps.MonitoringConfig.ready``;
- the test factories (``tests/factories.py``) after they create rows directly.

``refresh_summaries`` recomputes the ``AgreementSummary`` rows of the touched agreements and
years from the base tables (delete and insert for those keys), applies the difference to the
``NationalSummary`` rows (an increment per key, so concurrent writers never overwrite each
other) and, with ``coverage``, recomputes the touched gemeenten's ``CoverageSummary`` rows. It
locks the touched agreements' rows first, so two writers of one agreement take turns and the
second reads what the first committed. ``rebuild_summaries`` (the command of the same name, the
migration, ``load_demo``, ``bench/generate.py``) rebuilds all from scratch.

The data version (``core.dataversion``) is raised by the same services' audit events; a caller
outside a service raises it itself (``dataversion.bump()``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, FilteredRelation, Q, Sum

from driehoek.agreements.models import Agreement, Commitment
from driehoek.core import dataversion

from .models import AgreementSummary, CoverageSummary, NationalSummary
from .services.periods import MONITORED_STATUSES

# A summary row's key (after the agreement) and its figures, in this order.
KEY = ("year", "theme", "unit", "responsible_kind", "status", "review_state")
FIGURES = ("n", "report_n", "realised_sum", "target_n", "target_sum")
CHUNK = 500

Key = tuple
Figures = list


def _zero() -> Figures:
    return [0, 0, Decimal(0), 0, Decimal(0)]


def _base_rows(agreement_ids: list[int], year: int) -> Iterable[tuple[int, Key, Figures]]:
    """Per agreement (running in ``year``, monitored), the summary rows for ``year`` computed
    from commitments, their targets and their latest reports: one query."""
    qs = (
        Commitment.objects.filter(
            agreement_id__in=agreement_ids,
            agreement__status__in=MONITORED_STATUSES,
            agreement__period_start__lte=year,
            agreement__period_end__gte=year,
        )
        .annotate(
            rep=FilteredRelation(
                "progress_reports",
                condition=Q(progress_reports__period_year=year, progress_reports__is_latest=True),
            ),
            tgt=FilteredRelation("targets", condition=Q(targets__year=year)),
        )
        .values(
            "agreement_id",
            "theme",
            "unit",
            r_kind=F("responsible__kind"),
            st=F("rep__status"),
            rs=F("rep__review_state"),
        )
        .annotate(
            c_n=Count("pk"),
            c_rn=Count("rep__id"),
            c_s=Sum("rep__realised"),
            c_tn=Count("tgt__id"),
            c_t=Sum("tgt__value"),
        )
        .order_by()
    )
    for row in qs:
        key = (
            year,
            row["theme"],
            row["unit"],
            row["r_kind"] or "",
            row["st"] or "",
            row["rs"] or "",
        )
        figures = [
            row["c_n"],
            row["c_rn"],
            Decimal(row["c_s"] or 0),
            row["c_tn"],
            Decimal(row["c_t"] or 0),
        ]
        yield row["agreement_id"], key, figures


def _years_of(agreements: Sequence[Mapping], years: Iterable[int] | None) -> set[int]:
    wanted = None if years is None else set(years)
    found: set[int] = set()
    for a in agreements:
        span = set(range(a["period_start"], a["period_end"] + 1))
        found |= span if wanted is None else span & wanted
    return found


@transaction.atomic
def refresh_summaries(
    agreement_ids: Iterable[int], years: Iterable[int] | None = None, *, coverage: bool = True
) -> None:
    """Recompute the summaries of ``agreement_ids`` for ``years`` (all years of their periods
    when None) from the base tables, inside the caller's transaction. ``coverage``: also the
    gemeenten's coverage (needed when an agreement's status may have changed)."""
    ids = sorted(set(agreement_ids))
    if not ids:
        return
    # Lock the agreements (their rows only, not the joined cycle and gemeente): a second writer
    # of the same agreement waits for our commit.
    agreements = list(
        Agreement.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .order_by("pk")
        .values("pk", "period_start", "period_end", "cycle__gemeente_id")
    )
    # Then the data version, before the national rows: every writer takes the locks in this
    # order (agreements, data version, summary rows), so two writers never wait on each other
    # in a circle. The audit event that follows raises it again; it is held already.
    dataversion.bump()
    year_list = sorted(_years_of(agreements, years))
    old_q = Q(agreement_id__in=ids)
    if years is not None:
        old_q &= Q(year__in=sorted(set(years)))
    delta: dict[Key, Figures] = defaultdict(_zero)
    old_pks = []
    for pk, *values in AgreementSummary.objects.filter(old_q).values_list("pk", *KEY, *FIGURES):
        old_pks.append(pk)
        cell = delta[tuple(values[: len(KEY)])]
        for i, v in enumerate(values[len(KEY) :]):
            cell[i] -= v
    new_rows = []
    for year in year_list:
        for agreement_id, key, figures in _base_rows(ids, year):
            new_rows.append(
                AgreementSummary(
                    agreement_id=agreement_id,
                    **dict(zip(KEY, key, strict=True)),
                    **dict(zip(FIGURES, figures, strict=True)),
                )
            )
            cell = delta[key]
            for i, v in enumerate(figures):
                cell[i] += v
    if old_pks:
        AgreementSummary.objects.filter(pk__in=old_pks).delete()
    AgreementSummary.objects.bulk_create(new_rows, batch_size=CHUNK)
    _apply_national(delta)
    if coverage:
        gemeenten = {a["cycle__gemeente_id"] for a in agreements}
        spans = [(a["period_start"], a["period_end"]) for a in agreements]
        if spans:
            _refresh_coverage(
                gemeenten, min(s for s, _e in spans), max(e for _s, e in spans), years
            )


def _apply_national(delta: dict[Key, Figures]) -> None:
    """Add ``delta`` to the national rows, key by key in a fixed order (no deadlock between
    two writers); a row that counts nothing any more is deleted."""
    touched_years = set()
    for key in sorted(k for k, v in delta.items() if any(v)):
        figures = delta[key]
        touched_years.add(key[0])
        where = dict(zip(KEY, key, strict=True))
        increments = {
            name: F(name) + value for name, value in zip(FIGURES, figures, strict=True) if value
        }
        if NationalSummary.objects.filter(**where).update(**increments):
            continue
        try:
            with transaction.atomic():
                NationalSummary.objects.create(**where, **dict(zip(FIGURES, figures, strict=True)))
        except IntegrityError:
            # Another writer created the row a moment ago: add to it.
            NationalSummary.objects.filter(**where).update(**increments)
    if touched_years:
        NationalSummary.objects.filter(year__in=sorted(touched_years), n__lte=0).delete()


def _coverage_counts(agreement_q: Q, first: int, last: int) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for gemeente_id, start, end in (
        Agreement.objects.filter(
            agreement_q,
            status__in=MONITORED_STATUSES,
            period_start__lte=last,
            period_end__gte=first,
        )
        .values_list("cycle__gemeente_id", "period_start", "period_end")
        .order_by()
    ):
        for year in range(max(start, first), min(end, last) + 1):
            counts[(year, gemeente_id)] += 1
    return counts


def _refresh_coverage(gemeenten: set[int], first: int, last: int, years=None) -> None:
    wanted = set(range(first, last + 1)) if years is None else set(years)
    wanted = {y for y in wanted if first <= y <= last}
    if not wanted:
        return
    counts = _coverage_counts(Q(cycle__gemeente_id__in=gemeenten), min(wanted), max(wanted))
    CoverageSummary.objects.filter(gemeente_id__in=gemeenten, year__in=sorted(wanted)).delete()
    CoverageSummary.objects.bulk_create(
        CoverageSummary(year=y, gemeente_id=g, agreements=n)
        for (y, g), n in sorted(counts.items())
        if y in wanted
    )


def refresh_agreements(agreement_ids: list[int]) -> None:
    """``agreements.hooks.agreement_changed``: an agreement's status may have changed."""
    refresh_summaries(agreement_ids)


def rebuild_summaries(progress: Callable[[str], None] | None = None) -> int:
    """Rebuild every summary from the base tables; returns the number of agreement rows.
    ``progress`` gets a line per chunk of agreements."""
    say = progress or (lambda _msg: None)
    with transaction.atomic():
        AgreementSummary.objects.all().delete()
        NationalSummary.objects.all().delete()
        CoverageSummary.objects.all().delete()
        monitored = list(
            Agreement.objects.filter(status__in=MONITORED_STATUSES)
            .order_by("pk")
            .values("pk", "period_start", "period_end")
        )
        national: dict[Key, Figures] = defaultdict(_zero)
        made = 0
        for i in range(0, len(monitored), CHUNK):
            part = monitored[i : i + CHUNK]
            ids = [a["pk"] for a in part]
            rows = []
            for year in sorted(_years_of(part, None)):
                for agreement_id, key, figures in _base_rows(ids, year):
                    rows.append(
                        AgreementSummary(
                            agreement_id=agreement_id,
                            **dict(zip(KEY, key, strict=True)),
                            **dict(zip(FIGURES, figures, strict=True)),
                        )
                    )
                    cell = national[key]
                    for j, v in enumerate(figures):
                        cell[j] += v
            AgreementSummary.objects.bulk_create(rows, batch_size=CHUNK)
            made += len(rows)
            say(f"{min(i + CHUNK, len(monitored)):,} of {len(monitored):,} agreements")
        NationalSummary.objects.bulk_create(
            (
                NationalSummary(
                    **dict(zip(KEY, key, strict=True)),
                    **dict(zip(FIGURES, figures, strict=True)),
                )
                for key, figures in sorted(national.items())
                if figures[0] > 0
            ),
            batch_size=CHUNK,
        )
        if monitored:
            first = min(a["period_start"] for a in monitored)
            last = max(a["period_end"] for a in monitored)
            CoverageSummary.objects.bulk_create(
                (
                    CoverageSummary(year=y, gemeente_id=g, agreements=n)
                    for (y, g), n in sorted(_coverage_counts(Q(), first, last).items())
                ),
                batch_size=CHUNK,
            )
        say(f"{made:,} summary rows per agreement, {len(national):,} national rows")
    return made
