"""Monitoring pages. Every page works without JavaScript; bad input gives status 400 with the
Dutch message next to the field."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from driehoek.agreements.models import Agreement, Theme
from driehoek.agreements.selectors import VIEW
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.organisations.models import Organisation, OrganisationKind, Region, Role
from driehoek.organisations.selectors import has_role, organisation_get_for_user, user_memberships

from . import dashboards, imports, selectors, services
from .forms import (
    ActingForm,
    EvaluationPartyForm,
    FilterForm,
    FinancialRoomForm,
    ImportForm,
    ReportForm,
    ReviewForm,
    SettingsForm,
)
from .models import (
    EvaluationStatus,
    FinancialRoom,
    ProgressReport,
    ReviewState,
    SentNotice,
)
from .reasonableness import reasonableness

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _editor_orgs(user, agreement) -> list[Organisation]:
    return [
        p.organisation
        for p in agreement.parties.all()
        if has_role(user, p.organisation_id, Role.EDITOR)
    ]


def _default_year(agreement: Agreement | None = None) -> int:
    year = timezone.localdate().year
    if agreement is not None:
        year = min(max(year, agreement.period_start), agreement.period_end)
    return year


def _filters(request, default_year: int):
    form = FilterForm(request.GET or None, default_year=default_year)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    filters = dashboards.Filters(
        year=data.get("year") or default_year,
        theme=data.get("theme", ""),
        party=data.get("party", ""),
    )
    if not form.is_bound:
        form = FilterForm(initial={"year": default_year})
    return form, filters, 200 if valid else 400


# Index -------------------------------------------------------------------------------------


@login_required
@require_safe
def index(request):
    user = request.user
    org_ids = set(user_memberships(user))
    agreements = list(
        Agreement.objects.filter(
            parties__organisation_id__in=org_ids, status__in=services.MONITORED_STATUSES
        )
        .distinct()
        .select_related("cycle__gemeente")
        .order_by("-period_start", "title")[:50]
    )
    notices = list(
        SentNotice.objects.filter(organisation_id__in=org_ids).select_related("organisation")[:20]
    )
    editor_ids = [pk for pk in org_ids if has_role(user, pk, Role.EDITOR)]
    to_review = list(
        ProgressReport.objects.filter(
            commitment__agreement__parties__organisation_id__in=editor_ids,
            review_state__in=[ReviewState.AWAITING, ReviewState.CONTESTED],
        )
        .exclude(reported_by_org_id__in=editor_ids)
        .exclude(reviews__organisation_id__in=editor_ids)
        .select_related("commitment__agreement", "reported_by_org")
        .distinct()
        .order_by("-created_at")[:20]
    )
    orgs = list(Organisation.objects.filter(pk__in=org_ids).order_by("name"))
    return render(
        request,
        "monitoring/index.html",
        {
            "agreements": agreements,
            "notices": notices,
            "to_review": to_review,
            "organisations": orgs,
        },
    )


# Per agreement -----------------------------------------------------------------------------


@login_required
@require_safe
def agreement_dashboard(request, agreement_id):
    agreement = selectors.agreement_for_user(user=request.user, agreement_id=agreement_id)
    form, filters, status = _filters(request, _default_year(agreement))
    data = dashboards.agreement_dashboard(agreement, filters)
    conf = services.settings_for(agreement)
    editor_org_ids = {o.pk for o in _editor_orgs(request.user, agreement)}
    evaluations = list(agreement.evaluations.order_by("-year"))
    return render(
        request,
        "monitoring/agreement.html",
        {
            "agreement": agreement,
            "form": form,
            "filters": filters,
            "data": data,
            "conf": conf,
            "editor_org_ids": editor_org_ids,
            "can_edit": bool(editor_org_ids),
            "is_monitored": agreement.status in services.MONITORED_STATUSES,
            "evaluations": evaluations,
            "status_columns": dashboards.status_columns(),
            "show_demo_banner": agreement.is_demo,
        },
        status=status,
    )


@login_required
@GET_POST
def report_create(request, agreement_id, commitment_id):
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    commitment = selectors.commitment_get(agreement, commitment_id)
    if not services.can_report(request.user, commitment):
        raise PermissionDenied
    year = request.GET.get("jaar") or _default_year(agreement)
    quarter = request.GET.get("kwartaal", "")
    existing = ProgressReport.objects.filter(
        commitment=commitment,
        period_year=year if str(year).isdigit() else 0,
        period_quarter=int(quarter) if str(quarter).isdigit() else None,
    ).first()
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
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = services.report_save(
                    actor=request.user,
                    commitment=commitment,
                    **{
                        k: form.cleaned_data[k]
                        for k in (
                            "period_year",
                            "period_quarter",
                            "realised",
                            "status",
                            "explanation",
                            "evidence_url",
                        )
                    },
                    evidence_file=form.cleaned_data.get("evidence_file"),
                )
            except ServiceError as err:
                err.add_to_form(form)
            else:
                messages.success(
                    request,
                    _("Progress reported for %(period)s.") % {"period": report.period_label},
                )
                return redirect(report.get_absolute_url())
        status = 400
    return render(
        request,
        "monitoring/report_form.html",
        {
            "agreement": agreement,
            "commitment": commitment,
            "form": form,
            "existing": existing,
            "show_demo_banner": agreement.is_demo,
        },
        status=status,
    )


def _report_context(request, report, review_form=None):
    agreement = report.agreement
    party_orgs = [p.organisation for p in agreement.parties.all()]
    reviewers = [
        o
        for o in party_orgs
        if o.pk != report.reported_by_org_id and has_role(request.user, o, Role.EDITOR)
    ]
    reviews = {r.organisation_id: r for r in report.reviews.select_related("user", "organisation")}
    others = [
        {"organisation": o, "review": reviews.get(o.pk)}
        for o in party_orgs
        if o.pk != report.reported_by_org_id
    ]
    if review_form is None and reviewers:
        review_form = ReviewForm(organisations=reviewers, initial={"organisation": reviewers[0].pk})
    return {
        "agreement": agreement,
        "report": report,
        "commitment": report.commitment,
        "others": others,
        "review_form": review_form,
        "can_correct": services.can_report(request.user, report.commitment),
        "events": AuditEvent.objects.for_target(report).select_related("actor")[:50],
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
    reviewers = [
        p.organisation
        for p in report.agreement.parties.all()
        if p.organisation_id != report.reported_by_org_id
        and has_role(request.user, p.organisation_id, Role.EDITOR)
    ]
    if not reviewers:
        raise PermissionDenied
    form = ReviewForm(request.POST, organisations=reviewers)
    if form.is_valid():
        org = next(o for o in reviewers if o.pk == form.cleaned_data["organisation"])
        try:
            review = services.report_review(
                actor=request.user,
                report=report,
                organisation=org,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request,
                _("%(org)s: %(decision)s.")
                % {"org": org, "decision": review.get_decision_display()},
            )
            return redirect(report.get_absolute_url())
    return render(
        request, "monitoring/report_detail.html", _report_context(request, report, form), status=400
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
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.settings_save(actor=request.user, agreement=agreement, **form.cleaned_data)
            except ServiceError as err:
                err.add_to_form(form)
            else:
                messages.success(request, _("Monitoring settings saved."))
                return redirect("monitoring:agreement", agreement_id=agreement.uuid)
        status = 400
    return render(
        request,
        "monitoring/settings.html",
        {"agreement": agreement, "form": form, "show_demo_banner": agreement.is_demo},
        status=status,
    )


@login_required
@GET_POST
def import_upload(request, agreement_id):
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                job, rows = imports.import_start(
                    actor=request.user,
                    agreement=agreement,
                    upload=form.cleaned_data["file"],
                    language=translation.get_language() or "",
                )
            except ServiceError as err:
                err.add_to_form(form)
            else:
                if rows is not None and len(rows) < imports.INLINE_ROWS:
                    imports.process_job(job.pk, rows=rows)
                elif getattr(settings, "MONITORING_IMPORT_QUEUE", True):
                    imports.process_in_background(job.pk)
                return redirect(
                    "monitoring:import_job", agreement_id=agreement.uuid, job_id=job.uuid
                )
    return render(
        request,
        "monitoring/import.html",
        {
            "agreement": agreement,
            "form": form,
            "columns": imports.COLUMNS,
            "inline_rows": imports.INLINE_ROWS,
            "recent": selectors.import_jobs_for(agreement=agreement)[:5],
            "show_demo_banner": agreement.is_demo,
        },
        status=status,
    )


@login_required
@require_safe
def import_job(request, agreement_id, job_id):
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    job = selectors.import_job_get(agreement=agreement, job_id=job_id)
    response = render(
        request,
        "monitoring/import_job.html",
        {
            "agreement": agreement,
            "job": job,
            "errors": job.errors[:500],
            "chunk": imports.CHUNK,
            "show_demo_banner": agreement.is_demo,
        },
    )
    if job.running:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def import_template(request, agreement_id):
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    content = imports.template_xlsx(agreement)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="voortgang-{agreement.uuid}.xlsx"'
    return response


# Evaluation --------------------------------------------------------------------------------


def _evaluation_context(request, agreement, year, form=None, acting_form=None):
    evaluation = selectors.evaluation_find(agreement, year)
    themes = sorted(set(agreement.commitments.values_list("theme", flat=True)))
    editor_orgs = _editor_orgs(request.user, agreement)
    unmet = services.unmet_commitments(agreement, year)
    if (
        form is None
        and editor_orgs
        and not (evaluation and evaluation.status == EvaluationStatus.COMPLETED)
    ):
        initial = {"organisation": editor_orgs[0].pk}
        if evaluation:
            for t in evaluation.themes.all():
                for k in ("realised", "why_not", "lessons"):
                    initial[f"{t.theme}__{k}"] = getattr(t, k)
            own = {v.organisation_id: v.text for v in evaluation.views.all()}
            initial["view"] = own.get(editor_orgs[0].pk, "")
        else:
            # Pre-fill from the year's figures: what was realised and what was not.
            realised = dashboards.agreement_dashboard(agreement, dashboards.Filters(year=year))
            by_theme: dict[str, list[str]] = {}
            for row in realised["rows"]:
                c = row["commitment"]
                rep = row["report"]
                if rep:
                    by_theme.setdefault(c.theme, []).append(
                        f"{c.reference} {c.title}: {dashboards._fmt(rep.realised)} {c.unit} ({rep.get_status_display()})"
                    )
            for theme, lines in by_theme.items():
                initial[f"{theme}__realised"] = "\n".join(lines)
            for c, target, real in unmet:
                key = f"{c.theme}__why_not"
                initial[key] = (
                    initial.get(key, "")
                    + f"\n{c.reference} {c.title}: {dashboards._fmt(real)} / {dashboards._fmt(target)} {c.unit}"
                ).strip()
        form = EvaluationPartyForm(organisations=editor_orgs, themes=themes, initial=initial)
    targets = list(services.carry_over_candidates(agreement, year))
    if acting_form is None and editor_orgs:
        acting_form = ActingForm(organisations=editor_orgs, targets=targets)
    labels = dict(Theme.choices)
    return {
        "agreement": agreement,
        "year": year,
        "evaluation": evaluation,
        "theme_rows": [
            {"label": labels.get(t.theme, t.theme), "item": t}
            for t in (evaluation.themes.all() if evaluation else [])
        ],
        "party_views": _party_views(agreement, evaluation),
        "form": form,
        "acting_form": acting_form,
        "unmet": unmet,
        "show_demo_banner": agreement.is_demo,
    }


def _party_views(agreement, evaluation):
    views = {v.organisation_id: v for v in evaluation.views.all()} if evaluation else {}
    return [
        {"organisation": p.organisation, "view": views.get(p.organisation_id)}
        for p in agreement.parties.all()
    ]


def _check_year(agreement, year):
    if not agreement.period_start <= year <= agreement.period_end:
        raise Http404


@login_required
@GET_POST
def evaluation(request, agreement_id, year):
    need = Role.EDITOR if request.method == "POST" else VIEW
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=need
    )
    _check_year(agreement, year)
    if request.method == "POST":
        editor_orgs = _editor_orgs(request.user, agreement)
        themes = sorted(set(agreement.commitments.values_list("theme", flat=True)))
        form = EvaluationPartyForm(request.POST, organisations=editor_orgs, themes=themes)
        if form.is_valid():
            org = next(o for o in editor_orgs if o.pk == form.cleaned_data["organisation"])
            try:
                services.evaluation_save(
                    actor=request.user,
                    agreement=agreement,
                    year=year,
                    organisation=org,
                    themes=form.theme_data(),
                    view=form.cleaned_data["view"],
                )
            except ServiceError as err:
                err.add_to_form(form)
            else:
                messages.success(request, _("Evaluation saved."))
                return redirect("monitoring:evaluation", agreement_id=agreement.uuid, year=year)
        return render(
            request,
            "monitoring/evaluation.html",
            _evaluation_context(request, agreement, year, form=form),
            status=400,
        )
    return render(
        request, "monitoring/evaluation.html", _evaluation_context(request, agreement, year)
    )


def _acting_post(request, agreement, year, with_targets: bool):
    editor_orgs = _editor_orgs(request.user, agreement)
    targets = list(services.carry_over_candidates(agreement, year)) if with_targets else None
    form = ActingForm(request.POST, organisations=editor_orgs, targets=targets)
    return form, editor_orgs, targets


@login_required
@require_POST
def evaluation_complete(request, agreement_id, year):
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    _check_year(agreement, year)
    form, orgs, _targets = _acting_post(request, agreement, year, with_targets=False)
    evaluation = selectors.evaluation_find(agreement, year)
    if form.is_valid():
        org = next(o for o in orgs if o.pk == form.cleaned_data["organisation"])
        try:
            if evaluation is None:
                raise ServiceError(_("Fill in the evaluation before completing it."))
            services.evaluation_complete(
                actor=request.user, evaluation=evaluation, organisation=org
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("Evaluation completed."))
            return redirect("monitoring:evaluation", agreement_id=agreement.uuid, year=year)
    return render(
        request,
        "monitoring/evaluation.html",
        _evaluation_context(request, agreement, year, acting_form=form),
        status=400,
    )


@login_required
@require_POST
def carry_over(request, agreement_id, year):
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    _check_year(agreement, year)
    form, orgs, targets = _acting_post(request, agreement, year, with_targets=True)
    evaluation = selectors.evaluation_find(agreement, year)
    if form.is_valid():
        org = next(o for o in orgs if o.pk == form.cleaned_data["organisation"])
        target = next((a for a in targets if a.pk == form.cleaned_data.get("target")), None)
        try:
            if evaluation is None:
                raise ServiceError(
                    _("Complete the evaluation first; then carry over what was not met.")
                )
            new = services.carry_over(
                actor=request.user, evaluation=evaluation, organisation=org, target=target
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request, _("Unmet commitments carried over to %(title)s.") % {"title": new.title}
            )
            return redirect("monitoring:evaluation", agreement_id=agreement.uuid, year=year)
    return render(
        request,
        "monitoring/evaluation.html",
        _evaluation_context(request, agreement, year, acting_form=form),
        status=400,
    )


# Scoped dashboards -------------------------------------------------------------------------


def _scoped(
    request,
    *,
    title,
    scope_q,
    agreement_q,
    organisation=None,
    region=None,
    breakdown=None,
    national=False,
):
    form, filters, status = _filters(request, _default_year())
    coverage = None
    if national:
        data, coverage = dashboards.national_dashboard(filters)
    else:
        data = dashboards.scope_dashboard(scope_q, filters, breakdown=breakdown)
    agreements = dashboards.agreements_in_scope(agreement_q, filters.year) if not national else []
    context = {
        "title": title,
        "organisation": organisation,
        "region": region,
        "form": form,
        "filters": filters,
        "data": data,
        "agreements": agreements,
        "mine": selectors.party_agreement_ids(request.user) if agreements else set(),
        "status_columns": dashboards.status_columns(),
        "coverage": coverage,
        "regions": list(Region.objects.order_by("kind", "number", "name")) if national else [],
        "show_demo_banner": bool(organisation and organisation.is_demo),
        "show_reasonableness": bool(
            organisation
            and organisation.is_corporatie
            and selectors.can_see_reasonableness(request.user, organisation)
        ),
    }
    return render(request, "monitoring/scope.html", context, status=status)


@login_required
@require_safe
def dashboard_gemeente(request, slug):
    org = selectors.gemeente_get(slug)
    return _scoped(
        request,
        title=_("Progress in %(name)s") % {"name": org.name},
        # As a party, so regional agreements the gemeente signed count too.
        scope_q=Q(agreement__parties__organisation=org),
        agreement_q=Q(parties__organisation=org),
        organisation=org,
    )


@login_required
@require_safe
def dashboard_corporatie(request, slug):
    org = selectors.corporatie_get(slug)
    return _scoped(
        request,
        title=_("Progress of %(name)s in all its municipalities") % {"name": org.name},
        scope_q=Q(agreement__parties__organisation=org),
        agreement_q=Q(parties__organisation=org),
        organisation=org,
        breakdown="agreement__cycle__gemeente",
    )


@login_required
@require_safe
def dashboard_huurders(request, slug):
    org = selectors.tenant_body_get(slug)
    return _scoped(
        request,
        title=_("Progress of the agreements of %(name)s") % {"name": org.name},
        scope_q=Q(agreement__parties__organisation=org),
        agreement_q=Q(parties__organisation=org),
        organisation=org,
        breakdown="agreement__cycle__gemeente",
    )


@login_required
@require_safe
def dashboard_region(request, slug):
    region = selectors.region_for(slug)
    return _scoped(
        request,
        title=_("Progress in %(name)s") % {"name": region.name},
        scope_q=Q(agreement__cycle__gemeente__regions=region),
        agreement_q=Q(cycle__gemeente__regions=region),
        region=region,
        breakdown="agreement__cycle__gemeente",
    )


@login_required
@require_safe
def dashboard_national(request):
    return _scoped(
        request,
        title=_("Progress nationally"),
        scope_q=Q(),
        agreement_q=Q(),
        breakdown=None,
        national=True,
    )


# Reasonableness ----------------------------------------------------------------------------


@login_required
@require_safe
def reasonableness_view(request, slug):
    corporatie = selectors.reasonableness_corporatie_for_user(user=request.user, slug=slug)
    data = reasonableness(corporatie)
    gemeenten = list(
        Organisation.objects.filter(
            kind=OrganisationKind.GEMEENTE,
            agreement_parties__agreement__parties__organisation=corporatie,
        )
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "monitoring/reasonableness.html",
        {
            "corporatie": corporatie,
            "data": data,
            "gemeenten": gemeenten,
            "can_edit": has_role(request.user, corporatie, Role.EDITOR),
            "show_demo_banner": corporatie.is_demo,
        },
    )


@login_required
@GET_POST
def financial_room_edit(request, slug):
    corporatie = organisation_get_for_user(user=request.user, slug=slug, need=Role.EDITOR)
    if not corporatie.is_corporatie:
        raise Http404
    if request.user.is_staff and not has_role(request.user, corporatie, Role.EDITOR):
        raise PermissionDenied  # staff look, the corporatie records its own room
    year = request.GET.get("jaar") or request.POST.get("year") or _default_year()
    room = FinancialRoom.objects.filter(
        corporatie=corporatie, year=year if str(year).isdigit() else 0
    ).first()
    initial = {"year": year}
    if room:
        initial.update({f: getattr(room, f) for f in services.ROOM_FIELDS})
        initial["note"] = room.note
    form = FinancialRoomForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.financial_room_save(
                    actor=request.user, corporatie=corporatie, **form.cleaned_data
                )
            except ServiceError as err:
                err.add_to_form(form)
            else:
                messages.success(request, _("Financial room saved."))
                return redirect("monitoring:reasonableness", slug=corporatie.slug)
        status = 400
    return render(
        request,
        "monitoring/financial_room.html",
        {"corporatie": corporatie, "form": form, "show_demo_banner": corporatie.is_demo},
        status=status,
    )
