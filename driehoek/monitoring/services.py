"""Writes for monitoring. Every function checks its rules, raises ServiceError with a Dutch
(translated) message on bad input, is atomic and writes an audit event."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.agreements.models import (
    Agreement,
    AgreementStatus,
    Commitment,
    CommitmentTarget,
)
from driehoek.core import audit, uploads
from driehoek.core.errors import ServiceError
from driehoek.core.numbers import parse_decimal
from driehoek.core.permissions import may
from driehoek.organisations.models import Organisation

from .models import (
    Evaluation,
    EvaluationStatus,
    EvaluationTheme,
    EvaluationView,
    FinancialRoom,
    Frequency,
    MonitoringSettings,
    ProgressReport,
    ProgressStatus,
    ReportReview,
    ReviewDecision,
    ReviewState,
    period_label,
)

MONITORED_STATUSES = (AgreementStatus.CONCLUDED, AgreementStatus.SUBMITTED)
MAX_VALUE = Decimal("1e12")
COUNT_WORDS = ("aantal", "woning", "stuks", "homes", "number", "units", "wooneenheden")
PERCENT_WORDS = ("%", "procent", "percent")


# Settings ----------------------------------------------------------------------------------


def settings_for(agreement: Agreement) -> MonitoringSettings:
    """The agreement's monitoring settings; an unsaved default (quarterly) when none exist."""
    cached = getattr(agreement, "_monitoring_settings", None)
    if cached is not None:
        return cached
    found = MonitoringSettings.objects.filter(agreement=agreement).first()
    result = found or MonitoringSettings(agreement=agreement)
    agreement._monitoring_settings = result  # type: ignore[attr-defined]
    return result


@transaction.atomic
def settings_save(
    *,
    actor,
    agreement: Agreement,
    frequency: str,
    closed_until: date | None,
    report_due_days: int = 30,
) -> MonitoringSettings:
    if frequency not in Frequency.values:
        raise ServiceError(_("Choose quarterly or yearly reporting."), field="frequency")
    if report_due_days is None or not (0 <= int(report_due_days) <= 365):
        raise ServiceError(_("Enter a number of days between 0 and 365."), field="report_due_days")
    current = MonitoringSettings.objects.filter(agreement=agreement).first()
    if (
        current is not None
        and current.frequency != frequency
        and ProgressReport.objects.filter(commitment__agreement=agreement).exists()
    ):
        raise ServiceError(
            _("Progress has been reported already: the reporting frequency can no longer change."),
            field="frequency",
        )
    if (
        current is not None
        and current.closed_until
        and closed_until
        and closed_until < current.closed_until
    ):
        raise ServiceError(
            _("Closed periods cannot be reopened: choose a date on or after %(date)s.")
            % {"date": current.closed_until.strftime("%d-%m-%Y")},
            field="closed_until",
        )
    obj, _created = MonitoringSettings.objects.update_or_create(
        agreement=agreement,
        defaults={
            "frequency": frequency,
            "closed_until": closed_until,
            "report_due_days": report_due_days,
        },
    )
    agreement._monitoring_settings = obj  # type: ignore[attr-defined]
    audit.log(
        action="monitoring.settings.updated",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={
            "frequency": str(obj.get_frequency_display()),
            "closed_until": closed_until.isoformat() if closed_until else "",
        },
    )
    return obj


# Values and periods ------------------------------------------------------------------------


def _unit_kind(unit: str) -> str:
    text = (unit or "").lower()
    if any(w in text for w in PERCENT_WORDS):
        return "percent"
    if any(w in text for w in COUNT_WORDS):
        return "count"
    return "other"


def parse_realised(value, unit: str, field: str = "realised") -> Decimal:
    """A realised value in the commitment's unit: a number, not negative, whole for counts,
    0–100 for percentages."""
    if value is None or str(value).strip() == "":
        raise ServiceError(_("Enter the realised value."), field=field)
    text = str(value).strip().replace(" ", "")
    kind = _unit_kind(unit)
    if text.endswith("%"):
        if kind != "percent":
            raise ServiceError(
                _(
                    "This commitment is measured in “%(unit)s”, not in percent. Enter the value in %(unit)s."
                )
                % {"unit": unit or _("its own unit")},
                field=field,
            )
        text = text[:-1]
    # Dutch input (decimal comma, thousands dots): the one parser (core.numbers).
    number = parse_decimal(
        text,
        field,
        maximum=MAX_VALUE,
        invalid=_(
            "“%(value)s” is not a number. Enter a number in %(unit)s, for example 12 or 95.5."
        )
        % {"value": str(value)[:40], "unit": unit or _("the commitment's unit")},
        negative=_("The realised value cannot be negative."),
    )
    assert number is not None  # not allow_none: an empty value raised
    if kind == "percent" and number > 100:
        raise ServiceError(
            _("This commitment is measured in percent: enter a value between 0 and 100."),
            field=field,
        )
    if kind == "count" and number != number.to_integral_value():
        raise ServiceError(
            _("This commitment counts %(unit)s: enter a whole number.") % {"unit": unit},
            field=field,
        )
    # number is finite (checked above), so its exponent is an int.
    if abs(int(number.as_tuple().exponent)) > 2 and number != number.quantize(Decimal("0.01")):
        raise ServiceError(_("Use at most two decimals."), field=field)
    return number.quantize(Decimal("0.01"))


def check_period(
    agreement: Agreement, year, quarter, *, today: date | None = None
) -> tuple[int, int | None]:
    """The period must be in the agreement's years, match its reporting frequency, have
    started, and not be closed."""
    today = today or timezone.localdate()
    conf = settings_for(agreement)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ServiceError(
            _("Enter the year as a number, for example 2026."), field="period_year"
        ) from None
    if quarter in ("", None):
        quarter = None
    else:
        try:
            quarter = int(quarter)
        except (TypeError, ValueError):
            raise ServiceError(
                _("Enter the quarter as 1, 2, 3 or 4."), field="period_quarter"
            ) from None
        if not 1 <= quarter <= 4:
            raise ServiceError(_("Enter the quarter as 1, 2, 3 or 4."), field="period_quarter")
    if not agreement.period_start <= year <= agreement.period_end:
        raise ServiceError(
            _("%(year)s is outside the agreement period %(a)s–%(b)s.")
            % {"year": year, "a": agreement.period_start, "b": agreement.period_end},
            field="period_year",
        )
    if conf.frequency == Frequency.QUARTER and quarter is None:
        raise ServiceError(
            _("This agreement reports per quarter: choose a quarter."), field="period_quarter"
        )
    if conf.frequency == Frequency.YEAR and quarter is not None:
        raise ServiceError(
            _("This agreement reports per year: leave the quarter empty."), field="period_quarter"
        )
    start = date(year, 1 if quarter is None else (quarter - 1) * 3 + 1, 1)
    if start > today:
        raise ServiceError(
            _("The period %(period)s has not started yet.")
            % {"period": period_label(year, quarter)},
            field="period_quarter" if quarter else "period_year",
        )
    if conf.is_closed(year, quarter):
        raise ServiceError(
            _("The period %(period)s is closed: reports for it can no longer be added or changed.")
            % {"period": period_label(year, quarter)},
            field="period_quarter" if quarter else "period_year",
        )
    return year, quarter


def _require_monitored(agreement: Agreement) -> None:
    if agreement.status not in MONITORED_STATUSES:
        raise ServiceError(
            _(
                "Progress is reported on concluded agreements only. This agreement is not concluded yet."
            )
        )


def party_ids(agreement: Agreement) -> list[int]:
    return [p.organisation_id for p in agreement.parties.all()]


def _check_url(url: str) -> str:
    url = (url or "").strip()
    if url and not url.lower().startswith(("http://", "https://")):
        raise ServiceError(_("Enter a link that starts with https://."), field="evidence_url")
    if len(url) > 200:
        raise ServiceError(
            _("This link is too long (at most 200 characters)."), field="evidence_url"
        )
    return url


MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def _check_file(upload):
    """Type by content, size and a safe stored name: the shared validator (core.uploads)."""
    return uploads.check_upload(
        upload, extensions=uploads.EVIDENCE, max_bytes=MAX_EVIDENCE_BYTES, field="evidence_file"
    )


def recompute_latest(pairs) -> None:
    """Mark the report of the latest period per (commitment, year) as the one that counts."""
    by_year: dict[int, set[int]] = defaultdict(set)
    for commitment_id, year in pairs:
        by_year[year].add(commitment_id)
    for year, id_set in by_year.items():
        ids = list(id_set)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows = ProgressReport.objects.filter(
                commitment_id__in=chunk, period_year=year
            ).values_list("pk", "commitment_id", "period_quarter")
            best: dict[int, tuple[int, int]] = {}
            for pk, cid, quarter in rows:
                rank = 5 if quarter is None else quarter
                if cid not in best or rank > best[cid][0]:
                    best[cid] = (rank, pk)
            latest = [pk for _rank, pk in best.values()]
            ProgressReport.objects.filter(commitment_id__in=chunk, period_year=year).exclude(
                pk__in=latest
            ).update(is_latest=False)
            ProgressReport.objects.filter(pk__in=latest).update(is_latest=True)


def review_state_for(report: ProgressReport, parties: list[int]) -> str:
    others = {pk for pk in parties if pk != report.reported_by_org_id}
    decisions = {r.organisation_id: r.decision for r in report.reviews.all()}
    if any(d == ReviewDecision.CONTESTED for d in decisions.values()):
        return ReviewState.CONTESTED
    if others and all(decisions.get(pk) == ReviewDecision.CONFIRMED for pk in others):
        return ReviewState.CONFIRMED
    return ReviewState.AWAITING


# Progress reports --------------------------------------------------------------------------


@transaction.atomic
def report_save(
    *,
    actor,
    commitment: Commitment,
    period_year,
    period_quarter,
    realised,
    status: str,
    explanation: str = "",
    evidence_file=None,
    evidence_url: str = "",
    today: date | None = None,
) -> ProgressReport:
    """Report (or correct) the figure for one commitment and period. Only the responsible
    party reports; a correction clears the other parties' reviews: they look again."""
    agreement = commitment.agreement
    _require_monitored(agreement)
    if not may(actor, "monitoring.report_progress", commitment):
        raise ServiceError(
            _("Only an editor of %(org)s, the responsible party, can report on this commitment.")
            % {"org": commitment.responsible}
        )
    year, quarter = check_period(agreement, period_year, period_quarter, today=today)
    value = parse_realised(realised, commitment.unit)
    if status not in ProgressStatus.values:
        raise ServiceError(_("Choose a status."), field="status")
    explanation = (explanation or "").strip()
    if (
        status in (ProgressStatus.AT_RISK, ProgressStatus.NOT_ACHIEVED, ProgressStatus.CANCELLED)
        and not explanation
    ):
        raise ServiceError(
            _("Explain why the commitment is at risk, not achieved or cancelled."),
            field="explanation",
        )
    url = _check_url(evidence_url)
    upload = _check_file(evidence_file)
    report = (
        ProgressReport.objects.select_for_update()
        .filter(commitment=commitment, period_year=year, period_quarter=quarter)
        .first()
    )
    created = report is None
    old_value = None if report is None else report.realised
    if report is None:
        report = ProgressReport(commitment=commitment, period_year=year, period_quarter=quarter)
    report.realised = value
    report.status = status
    report.explanation = explanation
    report.evidence_url = url
    if upload is not None:
        report.evidence_file = upload
    report.reported_by_org = commitment.responsible
    report.reported_by = actor
    report.review_state = ReviewState.AWAITING
    report.save()
    if not created:
        report.reviews.all().delete()
    recompute_latest([(commitment.pk, year)])
    audit.log(
        action="monitoring.report.created" if created else "monitoring.report.updated",
        actor=actor,
        organisation=commitment.responsible,
        target=report,
        data={
            "reference": commitment.reference,
            "period": report.period_label,
            "realised": str(value),
            "previous": "" if old_value is None else str(old_value),
            "status": str(report.get_status_display()),
        },
    )
    return report


@transaction.atomic
def report_review(
    *,
    actor,
    report: ProgressReport,
    organisation: Organisation,
    decision: str,
    reason: str = "",
    today=None,
    notify: bool = True,
) -> ReportReview:
    """Another party confirms the figure, or contests it with a reason. A contested figure
    stays visible, marked as contested."""
    commitment = report.commitment
    agreement = commitment.agreement
    parties = party_ids(agreement)
    if organisation.pk not in parties:
        raise ServiceError(
            _("Only parties to the agreement can confirm or contest."), field="organisation"
        )
    if organisation.pk == report.reported_by_org_id:
        raise ServiceError(
            _("%(org)s reported this figure itself; the other parties confirm or contest it.")
            % {"org": organisation},
            field="organisation",
        )
    if not may(actor, "monitoring.act_for", organisation):
        raise ServiceError(
            _("You need the editor role at %(org)s to confirm or contest.") % {"org": organisation},
            field="organisation",
        )
    if decision not in ReviewDecision.values:
        raise ServiceError(_("Choose confirm or contest."), field="decision")
    reason = (reason or "").strip()
    if decision == ReviewDecision.CONTESTED and not reason:
        raise ServiceError(_("Say why you contest this figure."), field="reason")
    if settings_for(agreement).is_closed(report.period_year, report.period_quarter):
        raise ServiceError(
            _("The period %(period)s is closed: reports for it can no longer be added or changed.")
            % {"period": report.period_label}
        )
    review, _created = ReportReview.objects.update_or_create(
        report=report,
        organisation=organisation,
        defaults={"decision": decision, "reason": reason, "user": actor},
    )
    report.review_state = review_state_for(report, parties)
    report.save(update_fields=["review_state", "updated_at"])
    audit.log(
        action="monitoring.report.confirmed"
        if decision == ReviewDecision.CONFIRMED
        else "monitoring.report.contested",
        actor=actor,
        organisation=organisation,
        target=report,
        data={"organisation": str(organisation), "reason": reason, "period": report.period_label},
    )
    if decision == ReviewDecision.CONTESTED and notify:
        transaction.on_commit(lambda: _mail_contested(report.pk, organisation.pk))
    return review


def _mail_contested(report_id: int, organisation_id: int) -> None:
    """Tell the reporting party's editors that another party contests their figure."""
    from django.conf import settings
    from django.core.mail import send_mail

    from driehoek.organisations.models import Membership, Role

    report = ProgressReport.objects.select_related("commitment__agreement", "reported_by_org").get(
        pk=report_id
    )
    review = report.reviews.select_related("organisation").get(organisation_id=organisation_id)
    recipients = list(
        Membership.objects.filter(
            organisation_id=report.reported_by_org_id,
            role__in=[Role.EDITOR, Role.SIGNATORY, Role.ADMIN],
        )
        .values_list("user__email", flat=True)
        .distinct()
    )
    subject = _("Driehoek: %(org)s contests your figure for %(ref)s (%(period)s)") % {
        "org": review.organisation,
        "ref": report.commitment.reference,
        "period": report.period_label,
    }
    body = _(
        "%(org)s contests the figure %(value)s %(unit)s that %(reporter)s reported for %(ref)s %(title)s "
        "(%(period)s).\n\nReason: %(reason)s\n\nThe figure stays visible, marked as contested. "
        "Look at it together, and correct it if needed:\n%(url)s"
    ) % {
        "org": review.organisation,
        "value": report.realised,
        "unit": report.commitment.unit,
        "reporter": report.reported_by_org,
        "ref": report.commitment.reference,
        "title": report.commitment.title,
        "period": report.period_label,
        "reason": review.reason,
        "url": settings.BASE_URL + report.get_absolute_url(),
    }
    for email in recipients:
        send_mail(subject, body, None, [email], fail_silently=True)


# Evaluation --------------------------------------------------------------------------------


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


def unmet_commitments(
    agreement: Agreement, year: int
) -> list[tuple[Commitment, Decimal, Decimal | None]]:
    """Commitments with a target in ``year`` that were not met: (commitment, target, realised).
    Achieved and cancelled ones are met or dropped; the rest fall short of the target."""
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
    result = []
    for c in agreement.commitments.select_related("responsible").order_by("number"):
        if c.pk not in targets:
            continue
        report = latest.get(c.pk)
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
    action: the shortfall becomes next year's target, and the evaluation's lessons become a
    clause of that agreement. Without a target, next year's annual slice is made first."""
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
    if not unmet:
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
        data={"count": len(carried), "to": str(target), "references": ", ".join(carried)},
    )
    return target


# Financial room ----------------------------------------------------------------------------


def _money(value, field: str, *, percent: bool = False, allow_none: bool = True):
    # The one parser (core.numbers); the bound is checked below, after the percentage.
    number = parse_decimal(
        value,
        field,
        allow_none=allow_none,
        maximum=None,
        invalid=_("Enter a number, for example 1.8 or 65."),
        negative=_("Enter a number of zero or more."),
    )
    if number is None:
        return None
    if percent and number > 100:
        raise ServiceError(_("Enter a percentage between 0 and 100."), field=field)
    if number >= MAX_VALUE:
        raise ServiceError(_("This number is too large."), field=field)
    if not percent and field in ("icr", "icr_norm") and number > 100:
        raise ServiceError(_("An ICR above 100 is not realistic: check the value."), field=field)
    return number


ROOM_FIELDS = (
    "ibw_new_build",
    "ibw_improvement",
    "ibw_rent_moderation",
    "icr",
    "ltv",
    "solvency",
    "icr_norm",
    "ltv_norm",
    "solvency_norm",
)
PERCENT_FIELDS = ("ltv", "solvency", "ltv_norm", "solvency_norm")


@transaction.atomic
def financial_room_save(
    *, actor, corporatie: Organisation, year: int, note: str = "", **values
) -> FinancialRoom:
    if not corporatie.is_corporatie:
        raise ServiceError(_("Financial room is recorded for housing associations only."))
    if not may(actor, "monitoring.record_financial_room", corporatie):
        raise ServiceError(_("You need the editor role at %(org)s for this.") % {"org": corporatie})
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ServiceError(
            _("Enter the year as a number, for example 2026."), field="year"
        ) from None
    if not 2015 <= year <= 2100:
        raise ServiceError(_("Enter a year between 2015 and 2100."), field="year")
    clean = {}
    for field in ROOM_FIELDS:
        norm = field.endswith("_norm")
        clean[field] = _money(
            values.get(field), field, percent=field in PERCENT_FIELDS, allow_none=not norm
        )
    room, created = FinancialRoom.objects.update_or_create(
        corporatie=corporatie,
        year=year,
        defaults={**clean, "note": (note or "").strip(), "updated_by": actor},
    )
    audit.log(
        action="monitoring.financial_room.recorded"
        if created
        else "monitoring.financial_room.updated",
        actor=actor,
        organisation=corporatie,
        target=room,
        data={"year": year},
    )
    return room
