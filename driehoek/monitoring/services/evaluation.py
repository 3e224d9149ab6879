"""The yearly evaluation: per-theme texts, each party's view, completing, carrying over what was not met."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement, Commitment, CommitmentTarget
from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may
from driehoek.organisations.models import Organisation

from ..models import (
    Evaluation,
    EvaluationStatus,
    EvaluationTheme,
    EvaluationView,
    ProgressReport,
    ProgressStatus,
    ReviewState,
)
from .periods import _require_monitored, party_ids


def _require_party_editor(actor, agreement: Agreement, organisation: Organisation) -> None:
    if organisation.pk not in party_ids(agreement):
        raise ServiceError(
            _("Only parties to the agreement can take part in its evaluation."),
            field="organisation",
        )
    if not may(actor, "monitoring.act_for", organisation):
        raise ServiceError(
            _("You need the editor role at %(org)s for this.") % {"org": organisation},
            field="organisation",
        )


def _check_eval_year(agreement: Agreement, year: int) -> None:
    if not agreement.period_start <= int(year) <= agreement.period_end:
        raise ServiceError(
            _("%(year)s is outside the agreement period %(a)s–%(b)s.")
            % {"year": year, "a": agreement.period_start, "b": agreement.period_end},
            field="year",
        )


@transaction.atomic
def evaluation_save(
    *, actor, agreement: Agreement, year: int, organisation: Organisation, themes: dict, view: str
) -> Evaluation:
    """Save the joint per-theme texts and the acting party's own view. ``themes`` maps a theme
    code to {"realised", "why_not", "lessons"}."""
    _require_monitored(agreement)
    _check_eval_year(agreement, year)
    _require_party_editor(actor, agreement, organisation)
    evaluation, _created = Evaluation.objects.get_or_create(agreement=agreement, year=year)
    if evaluation.status == EvaluationStatus.COMPLETED:
        raise ServiceError(_("This evaluation is completed and can no longer be changed."))
    valid = set(agreement.commitments.values_list("theme", flat=True))
    for theme, texts in themes.items():
        if theme not in valid:
            raise ServiceError(
                _("This agreement has no commitments on that theme."), field="themes"
            )
        EvaluationTheme.objects.update_or_create(
            evaluation=evaluation,
            theme=theme,
            defaults={k: (texts.get(k) or "").strip() for k in ("realised", "why_not", "lessons")},
        )
    view = (view or "").strip()
    if view:
        EvaluationView.objects.update_or_create(
            evaluation=evaluation,
            organisation=organisation,
            defaults={"text": view, "updated_by": actor},
        )
    audit.log(
        action="monitoring.evaluation.updated",
        actor=actor,
        organisation=organisation,
        target=evaluation,
        data={"year": year, "organisation": str(organisation)},
    )
    return evaluation


@transaction.atomic
def evaluation_complete(*, actor, evaluation: Evaluation, organisation: Organisation) -> Evaluation:
    """Completing needs every party's view: the evaluation is tri-party."""
    agreement = evaluation.agreement
    _require_party_editor(actor, agreement, organisation)
    if evaluation.status == EvaluationStatus.COMPLETED:
        raise ServiceError(_("This evaluation is completed already."))
    have = set(evaluation.views.values_list("organisation_id", flat=True))
    missing = [
        p.organisation
        for p in agreement.parties.select_related("organisation")
        if p.organisation_id not in have
    ]
    if missing:
        raise ServiceError(
            _("Every party gives its view before the evaluation is completed. Missing: %(names)s.")
            % {"names": ", ".join(str(o) for o in missing)}
        )
    if not evaluation.themes.exists():
        raise ServiceError(_("Fill in at least one theme before completing the evaluation."))
    evaluation.status = EvaluationStatus.COMPLETED
    evaluation.completed_at = timezone.now()
    evaluation.save(update_fields=["status", "completed_at", "updated_at"])
    audit.log(
        action="monitoring.evaluation.completed",
        actor=actor,
        organisation=organisation,
        target=evaluation,
        data={"year": evaluation.year},
    )
    return evaluation


def _latest_of_year(agreement: Agreement, year: int):
    """The targets of ``year`` and each commitment's latest report of that year."""
    targets = dict(
        CommitmentTarget.objects.filter(commitment__agreement=agreement, year=year).values_list(
            "commitment_id", "value"
        )
    )
    latest = {
        r.commitment_id: r
        for r in ProgressReport.objects.filter(
            commitment__agreement=agreement, period_year=year, is_latest=True
        )
    }
    commitments = [
        c
        for c in agreement.commitments.select_related("responsible").order_by("number")
        if c.pk in targets
    ]
    return targets, latest, commitments


def unmet_commitments(
    agreement: Agreement, year: int
) -> list[tuple[Commitment, Decimal, Decimal | None]]:
    """Commitments with a target in ``year`` that were not met: (commitment, target, realised).
    Only a figure every party confirmed counts: a commitment whose latest figure is contested or
    not yet confirmed is not in this list (see ``unsettled_commitments``). Achieved and
    cancelled ones are met or dropped; the rest fall short of the target; without any report
    the whole target is unmet."""
    targets, latest, commitments = _latest_of_year(agreement, year)
    result = []
    for c in commitments:
        report = latest.get(c.pk)
        if report is not None and report.review_state != ReviewState.CONFIRMED:
            continue
        if report is not None and report.status in (
            ProgressStatus.ACHIEVED,
            ProgressStatus.CANCELLED,
        ):
            continue
        realised = report.realised if report else None
        if (
            report is not None
            and report.status == ProgressStatus.ON_TRACK
            and realised is not None
            and realised >= targets[c.pk]
        ):
            continue
        result.append((c, targets[c.pk], realised))
    return result


def unsettled_commitments(
    agreement: Agreement, year: int
) -> list[tuple[Commitment, Decimal, ProgressReport]]:
    """Commitments with a target in ``year`` whose latest figure is contested or not yet
    confirmed: (commitment, target, report). They are not counted in the evaluation and not
    carried over until every party confirms the figure."""
    targets, latest, commitments = _latest_of_year(agreement, year)
    return [
        (c, targets[c.pk], latest[c.pk])
        for c in commitments
        if c.pk in latest and latest[c.pk].review_state != ReviewState.CONFIRMED
    ]


def carry_over_candidates(agreement: Agreement, year: int):
    """Editable agreements of the same gemeente that cover the next year."""
    from driehoek.agreements.models import EDITABLE_STATUSES

    return (
        Agreement.objects.filter(
            cycle__gemeente_id=agreement.cycle.gemeente_id,
            status__in=EDITABLE_STATUSES,
            period_start__lte=year + 1,
            period_end__gte=year + 1,
        )
        .exclude(pk=agreement.pk)
        .order_by("-period_start", "title")
    )


@transaction.atomic
def carry_over(
    *, actor, evaluation: Evaluation, organisation: Organisation, target: Agreement | None = None
) -> Agreement:
    """Carry the unmet commitments of the evaluated year over to next year's agreement in one
    action: the shortfall (by the confirmed figure) becomes next year's target, and the
    evaluation's lessons become a clause of that agreement. Without a target, next year's
    annual slice is made first. A commitment whose latest figure is contested or not yet
    confirmed is left out (the evaluation page lists it)."""
    from driehoek.agreements import services as agreement_services

    agreement = evaluation.agreement
    _require_party_editor(actor, agreement, organisation)
    year = evaluation.year
    if evaluation.status != EvaluationStatus.COMPLETED:
        raise ServiceError(_("Complete the evaluation first; then carry over what was not met."))
    if evaluation.carried_over_at:
        raise ServiceError(
            _("The unmet commitments of %(year)s were carried over already.") % {"year": year}
        )
    unmet = unmet_commitments(agreement, year)
    # A contested or unconfirmed figure never becomes next year's target: left out, and said so.
    left_out = [c.reference for c, _target, _report in unsettled_commitments(agreement, year)]
    if not unmet:
        if left_out:
            raise ServiceError(
                _(
                    "Nothing to carry over with confirmed figures. Not settled yet (contested or not yet confirmed): %(refs)s."
                )
                % {"refs": ", ".join(left_out)}
            )
        raise ServiceError(
            _("Every commitment with a target in %(year)s was met: nothing to carry over.")
            % {"year": year}
        )
    if target is None:
        # Next year's annual slice, made by agreements (which decides its year from the cycle).
        target = agreement_services.annual_slice_create(actor=actor, agreement=agreement)
        if not target.period_start <= year + 1 <= target.period_end:
            raise ServiceError(
                _("Choose the agreement for next year to carry over to."), field="target"
            )
    if target.pk not in {a.pk for a in carry_over_candidates(agreement, year)}:
        raise ServiceError(
            _(
                "Carry over to a draft or negotiated agreement of the same municipality that covers %(year)s."
            )
            % {"year": year + 1},
            field="target",
        )
    target_parties = set(party_ids(target))
    copies = {c.origin_id: c for c in target.commitments.filter(origin__isnull=False)}
    carried = []
    for commitment, target_value, realised in unmet:
        shortfall = target_value - (realised or Decimal(0))
        if shortfall <= 0:
            shortfall = target_value
        copy = copies.get(commitment.pk)
        if copy is not None:
            existing = CommitmentTarget.objects.filter(commitment=copy, year=year + 1).first()
            new_value = shortfall + (existing.value if existing else Decimal(0))
            CommitmentTarget.objects.update_or_create(
                commitment=copy, year=year + 1, defaults={"value": new_value}
            )
        else:
            if commitment.responsible_id not in target_parties:
                continue
            note = _("Carried over from %(ref)s (%(year)s): %(short)s %(unit)s not realised.") % {
                "ref": commitment.reference,
                "year": year,
                "short": shortfall.normalize(),
                "unit": commitment.unit,
            }
            copy = agreement_services.commitment_save(
                actor=actor,
                agreement=target,
                targets={year + 1: shortfall},
                counterparties=[
                    o for o in commitment.counterparties.all() if o.pk in target_parties
                ],
                theme=commitment.theme,
                kind=commitment.kind,
                title=commitment.title,
                description=f"{commitment.description}\n\n{note}".strip(),
                responsible=commitment.responsible,
                indicator=commitment.indicator,
                unit=commitment.unit,
                baseline=realised,
                estimated_cost=None,
                dependencies=commitment.dependencies,
                woonvisie_goal=None,
                bod_line=None,
                summary_b1=commitment.summary_b1,
            )
            Commitment.objects.filter(pk=copy.pk).update(origin=commitment)
        carried.append(commitment.reference)
    lessons = [t for t in evaluation.themes.all() if t.lessons.strip()]
    if lessons:
        text = "\n".join(f"{t.get_theme_display()}: {t.lessons.strip()}" for t in lessons)
        agreement_services.clause_save(
            actor=actor,
            agreement=target,
            clause=None,
            title=_("Lessons from the evaluation of %(year)s") % {"year": year},
            text=text,
        )
    evaluation.carried_over_at = timezone.now()
    evaluation.carried_over_to = target
    evaluation.save(update_fields=["carried_over_at", "carried_over_to", "updated_at"])
    audit.log(
        action="monitoring.evaluation.carried_over",
        actor=actor,
        organisation=organisation,
        target=evaluation,
        data={
            "count": len(carried),
            "to": str(target),
            "references": ", ".join(carried),
            "left_out": ", ".join(left_out),
        },
    )
    return target
