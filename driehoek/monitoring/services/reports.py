"""Progress reports: report or correct a figure, the other parties confirm or contest it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from driehoek.agreements.models import Commitment
from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may
from driehoek.organisations.models import Organisation

from ..models import (
    ProgressReport,
    ProgressStatus,
    ReportReview,
    ReviewDecision,
    ReviewState,
)
from ..summaries import refresh_summaries
from .periods import _require_monitored, check_period, party_ids, settings_for
from .values import _check_file, _check_url, parse_realised


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
    refresh_summaries([agreement.pk], [year], coverage=False)
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
    refresh_summaries([agreement.pk], [report.period_year], coverage=False)
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
