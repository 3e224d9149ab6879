from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from driehoek.agreements import selectors as agreement_selectors
from driehoek.agreements.models import AgreementStatus
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.organisations.models import Role
from driehoek.organisations.selectors import has_role

from . import documents, feeds, selectors, services
from .bulk import DATASETS
from .forms import DecisionForm, PublicFilterForm
from .models import Publication, PublicationConsent

PAGE_SIZE = 20


def _any_demo(agreements) -> bool:
    return any(a.cycle.gemeente.is_demo for a in agreements)


def _list_context(request, qs, form=None, **extra):
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    agreements = list(selectors.with_parties(page.object_list))
    return {
        "page_obj": page,
        "agreements": agreements,
        "form": form,
        "show_demo_banner": _any_demo(agreements),
        **extra,
    }


@require_safe
def index(request):
    params = request.GET.copy()
    params.pop("page", None)
    form = PublicFilterForm(params or None, choices=selectors.filter_choices())
    valid = not form.is_bound or form.is_valid()
    qs = selectors.published_agreements(form.filters() if valid else None)
    if not valid:
        qs = qs.none()
    return render(
        request,
        "publication/index.html",
        _list_context(request, qs, form),
        status=200 if valid else 400,
    )


@require_safe
def agreement(request, agreement_id):
    obj = selectors.published_agreement_get(agreement_id)
    ctx = documents.agreement_context(obj)
    ctx["show_demo_banner"] = obj.cycle.gemeente.is_demo or any(
        p.organisation.is_demo for p in ctx["parties"]
    )
    ctx["has_progress"] = any(c.confirmed for c in ctx["commitments"])
    return render(request, "publication/agreement.html", ctx)


@require_safe
def agreement_pdf(request, agreement_id):
    obj = selectors.published_agreement_get(agreement_id)
    response = HttpResponse(documents.agreement_pdf(obj), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="prestatieafspraken-{obj.cycle.gemeente.slug}-{obj.period_start}.pdf"'
    )
    return response


@require_safe
def agreement_xlsx(request, agreement_id):
    obj = selectors.published_agreement_get(agreement_id)
    response = HttpResponse(
        documents.commitments_xlsx(obj),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="afspraken-{obj.cycle.gemeente.slug}-{obj.period_start}.xlsx"'
    )
    return response


@require_safe
def organisation(request, slug):
    org = selectors.public_organisation_get(slug)
    qs = selectors.published_agreements(selectors.AgreementFilters(organisation=org.slug))
    ctx = _list_context(request, qs, organisation=org)
    ctx["show_demo_banner"] = ctx["show_demo_banner"] or org.is_demo
    return render(request, "publication/organisation.html", ctx)


@require_safe
def region(request, slug):
    obj = selectors.public_region_get(slug)
    qs = selectors.published_agreements(selectors.AgreementFilters(region=obj.slug))
    return render(request, "publication/region.html", _list_context(request, qs, region=obj))


@require_safe
def open_data(request):
    return render(
        request,
        "publication/open_data.html",
        {"datasets": DATASETS.values()},
    )


@require_safe
def feed(request):
    atom = feeds.atom_feed()
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    atom.write(response, "utf-8")
    return response


@require_safe
def calendar(request, slug):
    org = selectors.public_organisation_get(slug)
    response = HttpResponse(feeds.cycle_calendar(org), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="termijnen-{org.slug}.ics"'
    return response


# The parties' decision ---------------------------------------------------------------------


@login_required
@require_safe
def mine(request):
    """Signed agreements of the user's organisations, with their publication state."""
    agreements = list(
        agreement_selectors.agreement_list_for_user(request.user)
        .filter(status__in=[AgreementStatus.CONCLUDED, AgreementStatus.SUBMITTED])
        .select_related("publication")
    )
    return render(request, "publication/mine.html", {"agreements": agreements})


def _deciding_orgs(user, agreement) -> list:
    if user.is_staff and not agreement.acting:
        return []
    return [
        p.organisation
        for p in agreement.parties.all()
        if has_role(user, p.organisation, Role.SIGNATORY)
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, agreement_id):
    agreement = agreement_selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id
    )
    deciding = _deciding_orgs(request.user, agreement)
    status = 200
    form = DecisionForm(organisations=deciding)
    if request.method == "POST":
        if not deciding:
            raise PermissionDenied
        form = DecisionForm(request.POST, organisations=deciding)
        if form.is_valid():
            org = form.organisations[form.cleaned_data["organisation"]]
            try:
                if form.cleaned_data["decision"] == "consent":
                    publication = services.consent_give(
                        actor=request.user, agreement=agreement, organisation=org
                    )
                    if publication:
                        messages.success(
                            request, _("All parties agreed: the agreement is now public.")
                        )
                    else:
                        messages.success(request, _("Your consent has been recorded."))
                else:
                    services.consent_withdraw(
                        actor=request.user, agreement=agreement, organisation=org
                    )
                    messages.success(request, _("Your consent has been withdrawn."))
                return redirect("publication:manage", agreement_id=agreement.uuid)
            except ServiceError as err:
                err.add_to_form(form)
        status = 400
    consents = {
        c.organisation_id: c
        for c in PublicationConsent.objects.filter(agreement=agreement).select_related(
            "organisation"
        )
    }
    parties = []
    for p in agreement.parties.all():
        p.consent = consents.get(p.organisation_id)
        parties.append(p)
    publication = Publication.objects.filter(agreement=agreement).first()
    return render(
        request,
        "publication/manage.html",
        {
            "agreement": agreement,
            "parties": parties,
            "publication": publication,
            "signed": agreement.status in services.SIGNED_STATUSES
            and services.signed_version(agreement) is not None,
            "form": form if deciding and not publication else None,
            "events": AuditEvent.objects.for_target(agreement)
            .filter(action__startswith="publication.")
            .select_related("actor")[:50],
            "show_demo_banner": agreement.is_demo,
        },
        status=status,
    )
