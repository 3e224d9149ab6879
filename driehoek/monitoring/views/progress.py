"""Progress reports of one agreement: report or correct a figure, confirm or contest it, the
evidence, and the agreement's monitoring settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from driehoek.core.formflow import handle_form
from driehoek.core.permissions import require
from driehoek.organisations.models import Role

from .. import selectors, services
from ..forms import ReportForm, ReviewForm, SettingsForm
from .base import GET_POST, default_year, form_page

REPORT_FIELDS = (
    "period_year",
    "period_quarter",
    "realised",
    "status",
    "explanation",
    "evidence_url",
)


@login_required
@GET_POST
def report_create(request, agreement_id, commitment_id):
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    commitment = selectors.commitment_get(agreement, commitment_id)
    require(request.user, "monitoring.report_progress", commitment)
    year = request.GET.get("jaar") or default_year(agreement)
    quarter = request.GET.get("kwartaal", "")
    existing = selectors.report_find(commitment, year, quarter)
    initial = {"period_year": year, "period_quarter": quarter}
    if existing:
        initial.update(
            realised=existing.realised,
            status=existing.status,
            explanation=existing.explanation,
            evidence_url=existing.evidence_url,
        )
    form = ReportForm(
        request.POST or None, request.FILES or None, unit=commitment.unit, initial=initial
    )

    def save(data):
        report = services.report_save(
            actor=request.user,
            commitment=commitment,
            **{k: data[k] for k in REPORT_FIELDS},
            evidence_file=data.get("evidence_file"),
        )
        messages.success(
            request, _("Progress reported for %(period)s.") % {"period": report.period_label}
        )
        return report

    outcome = handle_form(request, form, save, redirect_to=lambda report: report.get_absolute_url())
    return form_page(
        request,
        outcome,
        "monitoring/report_form.html",
        {
            "agreement": agreement,
            "commitment": commitment,
            "form": form,
            "existing": existing,
            "show_demo_banner": agreement.is_demo,
        },
    )


def _report_context(request, report, review_form=None):
    agreement = report.agreement
    reviewers = selectors.reviewer_organisations(request.user, report)
    reviews = selectors.report_reviews(report)
    others = [
        {"organisation": p.organisation, "review": reviews.get(p.organisation_id)}
        for p in agreement.parties.all()
        if p.organisation_id != report.reported_by_org_id
    ]
    if review_form is None and reviewers:
        review_form = ReviewForm(organisations=reviewers, initial={"organisation": reviewers[0].pk})
    return {
        "agreement": agreement,
        "report": report,
        "commitment": report.commitment,
        "others": others,
        "review_form": review_form,
        "events": selectors.report_events(report),
        "show_demo_banner": agreement.is_demo,
    }


@login_required
@require_safe
def report_detail(request, report_id):
    report = selectors.report_get_for_user(user=request.user, report_id=report_id)
    return render(request, "monitoring/report_detail.html", _report_context(request, report))


@login_required
@require_POST
def report_review(request, report_id):
    report = selectors.report_get_for_user(user=request.user, report_id=report_id, need=Role.EDITOR)
    require(request.user, "monitoring.review_report", report)
    reviewers = selectors.reviewer_organisations(request.user, report)
    form = ReviewForm(request.POST, organisations=reviewers)

    def save(data):
        org = next(o for o in reviewers if o.pk == data["organisation"])
        review = services.report_review(
            actor=request.user,
            report=report,
            organisation=org,
            decision=data["decision"],
            reason=data["reason"],
        )
        messages.success(
            request,
            _("%(org)s: %(decision)s.") % {"org": org, "decision": review.get_decision_display()},
        )

    outcome = handle_form(request, form, save, redirect_to=report.get_absolute_url())
    if outcome.response:
        return outcome.response
    return render(
        request,
        "monitoring/report_detail.html",
        _report_context(request, report, form),
        status=outcome.status or 400,
    )


@login_required
@require_safe
def report_evidence(request, report_id):
    report = selectors.report_get_for_user(user=request.user, report_id=report_id)
    if not report.evidence_file:
        raise Http404
    try:
        handle = report.evidence_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=report.evidence_file.name.rsplit("/", 1)[-1]
    )


@login_required
@GET_POST
def settings_edit(request, agreement_id):
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    conf = services.settings_for(agreement)
    form = SettingsForm(
        request.POST or None,
        initial={
            "frequency": conf.frequency,
            "closed_until": conf.closed_until,
            "report_due_days": conf.report_due_days,
        },
    )
    outcome = handle_form(
        request,
        form,
        lambda data: services.settings_save(actor=request.user, agreement=agreement, **data),
        success=_("Monitoring settings saved."),
        redirect_to=reverse("monitoring:agreement", kwargs={"agreement_id": agreement.uuid}),
    )
    context = {"agreement": agreement, "form": form, "show_demo_banner": agreement.is_demo}
    return form_page(request, outcome, "monitoring/settings.html", context)
