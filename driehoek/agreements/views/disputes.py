"""Disputes and information requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core import documents
from driehoek.core.dates import long_date
from driehoek.core.formflow import handle_form
from driehoek.organisations.models import TENANT_KINDS, OrganisationKind, Role

from .. import forms, selectors, services
from .base import GET_POST, _data, _events, _form_page, _form_view, _page


@login_required
@GET_POST
def dispute_create(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.DisputeForm(_data(request), acting=agreement.acting)

    def save(data):
        dispute = services.dispute_start(
            actor=request.user,
            agreement=agreement,
            organisation=data["organisation"],
            arose_on=data["arose_on"],
            description=data["description"],
        )
        messages.success(request, _("The dispute has been recorded."))
        for warning in services.dispute_filing_warnings(
            cycle=agreement.cycle, filed_on=dispute.filed_on, arose_on=dispute.arose_on
        ):
            messages.warning(request, warning)
        return dispute

    outcome = handle_form(request, form, save)
    if outcome.response:
        return outcome.response
    cycle = agreement.cycle
    warnings = [
        _(
            "The content of the woonvisie cannot be disputed. A dispute is about making the agreements (Woningwet art. 44)."
        )
    ]
    if cycle.dispute_possible_from:
        warnings.append(
            _(
                "Talks started on %(start)s: after six months without agreements (from %(date)s) any party may ask the minister to decide."
            )
            % {
                "start": long_date(cycle.talks_started_on),
                "date": long_date(cycle.dispute_possible_from),
            }
        )
    else:
        warnings.append(
            _(
                "The start date of the talks is not recorded, so the six-month term cannot be computed."
            )
        )
    warnings.append(
        _("File the dispute within %(n)s weeks after it arose.") % {"n": cycle.dispute_filing_weeks}
    )
    arose_on = getattr(form, "cleaned_data", {}).get("arose_on") if form.is_bound else None
    warnings += services.dispute_filing_warnings(
        cycle=cycle, filed_on=timezone.localdate(), arose_on=arose_on
    )
    return _form_page(
        request,
        title=_("Start a dispute (article 44 Woningwet)"),
        form=form,
        submit=_("Start the dispute"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
    )


def _dossier_context(dispute):
    agreement = dispute.agreement
    cycle = agreement.cycle
    woonvisie = selectors.woonvisie_current(cycle.gemeente_id, year=cycle.year)
    return {
        "dispute": dispute,
        "agreement": agreement,
        "cycle": cycle,
        "woonvisie": woonvisie,
        **selectors.dossier(dispute, woonvisie),
        "talks_deadline": cycle.dispute_possible_from,
        "filing_deadline": dispute.filing_deadline,
        "filing_warnings": services.dispute_filing_warnings(
            cycle=cycle, filed_on=dispute.filed_on, arose_on=dispute.arose_on
        ),
        "today": timezone.localdate(),
    }


@login_required
@require_safe
def dispute_detail(request, dispute_id):
    dispute = selectors.dispute_get_for_user(user=request.user, dispute_id=dispute_id)
    ctx = _dossier_context(dispute)
    ctx.update({"events": _events(dispute.agreement)})
    return _page(request, "agreements/dispute_detail.html", ctx, demo=dispute.agreement.is_demo)


@login_required
@GET_POST
def dispute_update(request, dispute_id):
    dispute = selectors.dispute_get_for_user(
        user=request.user, dispute_id=dispute_id, need=Role.EDITOR
    )
    form = forms.DisputeStatusForm(
        _data(request), initial={"status": dispute.status, "on": timezone.localdate()}
    )
    return _form_view(
        request,
        form,
        lambda data: services.dispute_update(actor=request.user, dispute=dispute, **data),
        success=_("The status of the dispute has been changed."),
        redirect_to=dispute,
        title=_("Change the status of the dispute"),
        submit=_("Save"),
        back=dispute.get_absolute_url(),
        demo=dispute.agreement.is_demo,
    )


@login_required
@require_safe
def dispute_dossier(request, dispute_id):
    dispute = selectors.dispute_get_for_user(user=request.user, dispute_id=dispute_id)
    return _page(
        request,
        "agreements/dispute_dossier.html",
        _dossier_context(dispute),
        demo=dispute.agreement.is_demo,
    )


@login_required
@require_safe
def dispute_dossier_pdf(request, dispute_id):
    """The dossier as PDF, rendered by a task once per content version (core.documents)."""
    dispute = selectors.dispute_get_for_user(user=request.user, dispute_id=dispute_id)

    def html(stamped: bool) -> str:
        context = _dossier_context(dispute)
        if not stamped:
            context["today"] = None
        return render_to_string("agreements/dossier_pdf.html", context, request=request)

    return documents.serve(
        request,
        kind="agreements.dispute_dossier",
        key=str(dispute.uuid),
        html=html,
        filename="geschil-artikel-44-woningwet.pdf",
    )


@login_required
@GET_POST
def inforequest_create(request, cycle_id):
    cycle = selectors.cycle_get_for_user(
        user=request.user,
        cycle_id=cycle_id,
        need=Role.EDITOR,
        kinds=[OrganisationKind.GEMEENTE, *TENANT_KINDS],
    )
    corporaties = [o for o in cycle.participants.all() if o.is_corporatie]
    form = forms.InfoRequestForm(_data(request), acting=cycle.acting, corporaties=corporaties)
    outcome = handle_form(
        request,
        form,
        lambda data: services.inforequest_create(actor=request.user, cycle=cycle, **data),
        success=_("Your request has been sent to the housing association."),
    )
    if outcome.response:
        return outcome.response
    warning = services.woonvisie_warning(
        selectors.woonvisie_current(cycle.gemeente_id, year=cycle.year), year=cycle.year
    )
    warnings = (
        [
            _(
                "There is no current woonvisie: the broad right to information (Woningwet art. 44b(2)) does not apply now."
            )
        ]
        if warning
        else []
    )
    return _form_page(
        request,
        title=_("Ask the housing association for information"),
        form=form,
        submit=_("Send the request"),
        back=cycle.get_absolute_url(),
        warnings=warnings,
        demo=cycle.gemeente.is_demo,
        intro=_(
            "Municipalities and tenant organisations may ask the corporatie for the information they need to judge its contribution (Woningwet art. 44b)."
        ),
    )


@login_required
@require_safe
def inforequest_detail(request, request_id):
    req = selectors.inforequest_get_for_user(user=request.user, request_id=request_id)
    return _page(
        request,
        "agreements/inforequest_detail.html",
        {"req": req, "events": _events(req)},
        demo=req.cycle.gemeente.is_demo,
    )


@login_required
@GET_POST
def inforequest_answer(request, request_id):
    req = selectors.inforequest_get_for_user(
        user=request.user, request_id=request_id, need=Role.EDITOR, answering=True
    )
    form = forms.AnswerForm(_data(request))
    return _form_view(
        request,
        form,
        lambda data: services.inforequest_answer(actor=request.user, request=req, **data),
        success=_("Your answer has been sent."),
        redirect_to=req,
        title=_("Answer the information request"),
        submit=_("Send the answer"),
        back=req.get_absolute_url(),
        demo=req.cycle.gemeente.is_demo,
        extra_template="agreements/_question.html",
        extra={"req": req},
    )
