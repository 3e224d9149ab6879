from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from driehoek.agreements import exports
from driehoek.agreements import selectors as agreement_selectors
from driehoek.core.formflow import handle_form
from driehoek.core.permissions import may, require

from . import documents, feeds, selectors, services
from .bulk import DATASETS
from .forms import DecisionForm, PublicFilterForm

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
    pdf = exports.agreement_pdf(
        obj,
        lambda: documents.pdf_context(obj),
        template=documents.PDF_TEMPLATE,
        cache_key=documents.pdf_cache_key(obj),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
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
    agreements = selectors.signed_agreements_for_user(request.user)
    return render(request, "publication/mine.html", {"agreements": agreements})


def _deciding_orgs(user, parties) -> list:
    """The organisations the user decides for whose consent is asked (the full parties that
    signed): a party that declined or only takes note is not asked."""
    return [
        p.organisation
        for p in parties
        if p.consent_needed and may(user, "publication.consent", p.organisation)
    ]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, agreement_id):
    agreement = agreement_selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id
    )
    if request.method == "POST":
        require(request.user, "publication.decide", agreement)
    parties = selectors.parties_with_consent(agreement)
    deciding = _deciding_orgs(request.user, parties)
    form = DecisionForm(request.POST if request.method == "POST" else None, organisations=deciding)

    def save(data):
        org = form.organisations[data["organisation"]]
        if data["decision"] == "consent":
            publication = services.consent_give(
                actor=request.user, agreement=agreement, organisation=org
            )
            if publication:
                messages.success(request, _("All parties agreed: the agreement is now public."))
            else:
                messages.success(request, _("Your consent has been recorded."))
        else:
            services.consent_withdraw(actor=request.user, agreement=agreement, organisation=org)
            messages.success(request, _("Your consent has been withdrawn."))

    outcome = handle_form(
        request,
        form,
        save,
        redirect_to=reverse("publication:manage", kwargs={"agreement_id": agreement.uuid}),
    )
    if outcome.response:
        return outcome.response
    publication = selectors.publication_of(agreement)
    return render(
        request,
        "publication/manage.html",
        {
            "agreement": agreement,
            "parties": parties,
            "waiting_for": [p for p in parties if p.consent_needed and not p.consent],
            "publication": publication,
            "signed": agreement.status in services.SIGNED_STATUSES
            and services.signed_version(agreement) is not None,
            "form": form if deciding and not publication else None,
            "events": selectors.decision_history(agreement),
            "show_demo_banner": agreement.is_demo,
        },
        status=400 if request.method == "POST" else 200,
    )
