"""Drafting: clauses, commitments and their targets, drafting warnings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.versioning import save_versioned

from ..models import (
    Agreement,
    Clause,
    ClauseKey,
    Commitment,
    CommitmentKind,
    CommitmentTarget,
)
from .base import _decimal, _require_editable
from .readiness import readiness_reset


@transaction.atomic
def clause_save(
    *,
    actor,
    agreement: Agreement,
    clause: Clause | None,
    title: str,
    text: str,
    key: str = ClauseKey.OTHER,
    expected_version: int | None = None,
) -> Clause:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editable(agreement)
    if not text.strip():
        raise ServiceError(_("The clause needs a text."), field="text")
    if clause is None:
        order = (agreement.clauses.aggregate(m=Max("order"))["m"] or 0) + 1
        clause = Clause.objects.create(
            agreement=agreement, key=key, title=title.strip(), text=text.strip(), order=order
        )
        action = "agreements.clause.created"
    else:
        clause.title = title.strip()
        clause.text = text.strip()
        save_versioned(
            clause,
            expected=expected_version,
            fields=["title", "text"],
            update_fields=["title", "text"],
        )
        action = "agreements.clause.updated"
    audit.log(
        action=action,
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"clause": clause.title},
    )
    readiness_reset(agreement)  # the text changed: every party says again when it is ready
    return clause


def _next_number(agreement: Agreement) -> int:
    return (agreement.commitments.aggregate(m=Max("number"))["m"] or 0) + 1


def _reference(agreement: Agreement, number: int) -> str:
    return f"A{agreement.period_start}-{number:03d}"


def parse_targets(raw: dict, agreement: Agreement) -> dict[int, Decimal]:
    """Targets from a form: {year: value}; empty values are left out."""
    targets: dict[int, Decimal] = {}
    for year, value in raw.items():
        field = f"target_{year}"
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ServiceError(_("Enter a year."), field=field) from None
        if not (agreement.period_start <= year <= agreement.period_end):
            raise ServiceError(
                _("%(year)s is outside the agreement period %(a)s–%(b)s.")
                % {"year": year, "a": agreement.period_start, "b": agreement.period_end},
                field=field,
            )
        number = _decimal(value, field)
        if number is not None:
            targets[year] = number
    return targets


COMMITMENT_FIELDS = (
    "theme",
    "kind",
    "title",
    "description",
    "responsible",
    "indicator",
    "unit",
    "baseline",
    "estimated_cost",
    "dependencies",
    "woonvisie_goal",
    "bod_line",
    "summary_b1",
)


@transaction.atomic
def commitment_save(
    *,
    actor,
    agreement: Agreement,
    commitment: Commitment | None = None,
    targets: dict | None = None,
    counterparties=None,
    expected_version: int | None = None,
    **fields,
) -> Commitment:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editable(agreement)
    party_ids = set(agreement.parties.values_list("organisation_id", flat=True))
    responsible = fields.get("responsible")
    if responsible is None or responsible.pk not in party_ids:
        raise ServiceError(
            _("The responsible party must be a party to this agreement."), field="responsible"
        )
    counterparties = list(counterparties or [])
    if any(c.pk not in party_ids for c in counterparties):
        raise ServiceError(
            _("Counterparties must be parties to this agreement."), field="counterparties"
        )
    if not (fields.get("title") or "").strip():
        raise ServiceError(_("Give the commitment a title."), field="title")
    fields["baseline"] = _decimal(fields.get("baseline"), "baseline")
    fields["estimated_cost"] = _decimal(fields.get("estimated_cost"), "estimated_cost")
    targets = parse_targets(targets or {}, agreement)
    goal = fields.get("woonvisie_goal")
    if goal is not None and goal.woonvisie.gemeente_id not in party_ids:
        raise ServiceError(
            _("This goal is from another municipality's woonvisie."), field="woonvisie_goal"
        )
    line = fields.get("bod_line")
    if line is not None and line.bod.cycle_id != agreement.cycle_id:
        raise ServiceError(_("This bod activity belongs to another cycle."), field="bod_line")
    values: dict[str, Any] = {k: fields.get(k) for k in COMMITMENT_FIELDS}
    values["title"] = values["title"].strip()
    for key in ("description", "indicator", "unit", "dependencies", "summary_b1"):
        values[key] = (values[key] or "").strip()
    if commitment is None:
        number = _next_number(agreement)
        commitment = Commitment.objects.create(
            agreement=agreement, number=number, reference=_reference(agreement, number), **values
        )
        action = "agreements.commitment.created"
    else:
        for key, value in values.items():
            setattr(commitment, key, value)
        save_versioned(
            commitment, expected=expected_version, fields=[*COMMITMENT_FIELDS, "counterparties"]
        )
        action = "agreements.commitment.updated"
    commitment.counterparties.set(counterparties)
    commitment.targets.exclude(year__in=targets).delete()
    for year, value in targets.items():
        CommitmentTarget.objects.update_or_create(
            commitment=commitment, year=year, defaults={"value": value}
        )
    audit.log(
        action=action,
        actor=actor,
        organisation=responsible,
        target=agreement,
        data={"reference": commitment.reference, "title": commitment.title},
    )
    readiness_reset(agreement)  # the text changed: every party says again when it is ready
    return commitment


@transaction.atomic
def commitment_delete(*, actor, agreement: Agreement, commitment: Commitment) -> None:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editable(agreement)
    audit.log(
        action="agreements.commitment.deleted",
        actor=actor,
        organisation=commitment.responsible,
        target=agreement,
        data={"reference": commitment.reference, "title": commitment.title},
    )
    commitment.delete()
    readiness_reset(agreement)


def drafting_warnings(agreement: Agreement, commitments=None, parties=None) -> list[str]:
    """Warnings while drafting: result commitments that are not SMART, parties without any
    commitment."""
    commitments = (
        commitments
        if commitments is not None
        else list(agreement.commitments.prefetch_related("targets").select_related("responsible"))
    )
    parties = (
        parties
        if parties is not None
        else [p.organisation for p in agreement.parties.select_related("organisation")]
    )
    warnings = []
    for c in commitments:
        if c.kind != CommitmentKind.RESULT:
            continue
        missing = []
        if not c.indicator:
            missing.append(_("indicator"))
        if not c.unit:
            missing.append(_("unit"))
        if not list(c.targets.all()):
            missing.append(_("target and year"))
        if missing:
            warnings.append(
                ngettext(
                    "%(ref)s “%(title)s” is a result commitment but is not SMART: "
                    "%(missing)s is missing.",
                    "%(ref)s “%(title)s” is a result commitment but is not SMART: "
                    "%(missing)s are missing.",
                    len(missing),
                )
                % {
                    "ref": c.reference,
                    "title": c.title,
                    "missing": ", ".join(str(m) for m in missing),
                }
            )
    involved = set()
    for c in commitments:
        involved.add(c.responsible_id)
        involved.update(o.pk for o in c.counterparties.all())
    for org in parties:
        if org.pk not in involved:
            warnings.append(
                _("%(party)s has no commitments in this agreement yet.") % {"party": org}
            )
    return warnings
