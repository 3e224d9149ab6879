"""Submission and documents: submit, PDF, spreadsheet exports, the package."""

from __future__ import annotations

from collections import OrderedDict

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core import documents
from driehoek.core.dates import long_date
from driehoek.core.formflow import handle_form
from driehoek.organisations.models import OrganisationKind, Role

from .. import exports, forms, selectors, services
from .base import GET_POST, _data, _form_page


@login_required
@GET_POST
def submit(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user,
        agreement_id=agreement_id,
        need=Role.EDITOR,
        kinds=[OrganisationKind.CORPORATIE],
    )
    form = forms.SubmitForm(_data(request), acting=agreement.acting)
    outcome = handle_form(
        request,
        form,
        lambda data: services.agreement_submit(actor=request.user, agreement=agreement, **data),
        success=_("The submission has been recorded."),
        redirect_to=agreement,
    )
    if outcome.response:
        return outcome.response
    warnings = []
    if timezone.localdate() > agreement.cycle.submission_due:
        warnings.append(
            _("The submission date (%(date)s) has passed: the submission will be marked as late.")
            % {"date": long_date(agreement.cycle.submission_due)}
        )
    return _form_page(
        request,
        title=_("Record the submission"),
        form=form,
        submit=_("Record the submission"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
        extra_template="agreements/_package_links.html",
        extra={"agreement": agreement},
        intro=_(
            "Submitting means: the housing association sends the signed agreements to the "
            "minister, through the Autoriteit woningcorporaties (the regulator of housing "
            "associations). The municipalities and the tenant organisations get them too. "
            "Do this before 15 December (Woningwet article 44a)."
        ),
    )


def _pdf_context(agreement, *, stamped: bool = True):
    final = selectors.final_version(agreement)
    commitments = selectors.agreement_commitments(agreement)
    by_theme = OrderedDict()
    for c in commitments:
        targets = {t.year: t.value for t in c.targets.all()}
        c.target_list = [targets.get(y) for y in agreement.years]
        by_theme.setdefault(c.get_theme_display(), []).append(c)
    return {
        **selectors.pdf_content(agreement),
        "by_theme": by_theme,
        "final": final,
        "signatures": selectors.signatures_for(final),
        "now": timezone.now() if stamped else None,
    }


@login_required
@require_safe
def pdf(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    response = HttpResponse(
        exports.agreement_pdf(agreement, _pdf_context(agreement)), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="prestatieafspraken-{agreement.period_start}.pdf"'
    )
    return response


@login_required
@require_safe
def export_xlsx(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    response = HttpResponse(
        exports.commitments_xlsx(agreement),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="afspraken.xlsx"'
    return response


@login_required
@require_safe
def export_csv(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    response = HttpResponse(
        exports.commitments_csv(agreement), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="afspraken.csv"'
    return response


@login_required
@require_safe
def package(request, agreement_id):
    """The submission package, rendered by a task once per content version (core.documents)."""
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    return documents.serve(
        request,
        kind="agreements.package",
        key=str(agreement.uuid),
        html=lambda stamped: exports.agreement_html(
            agreement, _pdf_context(agreement, stamped=stamped)
        ),
        extra_parts=(exports.commitments_csv(agreement), exports.submission_csv(agreement)),
        finish="driehoek.agreements.exports.package_from_pdf",
        filename="indieningspakket.zip",
        content_type="application/zip",
        disposition="attachment",
    )
