"""Importing progress from a spreadsheet: the upload, the job's progress page, the template."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from driehoek.core.formflow import handle_form
from driehoek.organisations.models import Role

from .. import imports, selectors
from ..forms import ImportForm
from .base import GET_POST, form_page


@login_required
@GET_POST
def import_upload(request, agreement_id):
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = ImportForm(request.POST or None, request.FILES or None)

    def save(data):
        job, rows = imports.import_start(
            actor=request.user,
            agreement=agreement,
            upload=data["file"],
            language=translation.get_language() or "",
        )
        if rows is not None and len(rows) < imports.INLINE_ROWS:
            imports.process_job(job.pk, rows=rows)
        elif getattr(settings, "MONITORING_IMPORT_QUEUE", True):
            imports.process_in_background(job.pk)
        return job

    outcome = handle_form(
        request,
        form,
        save,
        redirect_to=lambda job: reverse(
            "monitoring:import_job", kwargs={"agreement_id": agreement.uuid, "job_id": job.uuid}
        ),
    )
    return form_page(
        request,
        outcome,
        "monitoring/import.html",
        {
            "agreement": agreement,
            "form": form,
            "columns": imports.COLUMNS,
            "inline_rows": imports.INLINE_ROWS,
            "recent": selectors.import_jobs_for(agreement=agreement)[:5],
            "show_demo_banner": agreement.is_demo,
        },
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
