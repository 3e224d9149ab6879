"""Staff record a merger or a split of organisations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from driehoek.core.formflow import handle_form
from driehoek.core.permissions import require

from .. import selectors, services
from ..forms import MergerForm, PickFilterForm, SplitForm
from .base import _render


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()][:50]


def _filter(request) -> tuple[PickFilterForm, str]:
    form = PickFilterForm(request.GET)
    return form, form.cleaned_data["q"] if form.is_valid() else ""


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_merger(request, slug):
    org = selectors.organisation_get(slug=slug)
    require(request.user, "organisations.record_merger", org)
    filter_form, q = _filter(request)
    source = request.POST if request.method == "POST" else request.GET
    chosen = _ids(source.getlist("predecessors")) or [org.pk]
    candidates = selectors.pick_candidates(org, q=q, keep=chosen)
    successors = selectors.pick_candidates(org, keep=[org.pk])
    form = MergerForm(
        request.POST if request.method == "POST" else None,
        initial={"predecessors": chosen},
        candidates=candidates,
        successors=successors,
    )
    outcome = handle_form(
        request,
        form,
        lambda d: services.record_merger(
            actor=request.user,
            predecessors=list(d["predecessors"]),
            successor=d["successor"],
            date=d["date"],
        ),
        success=_("The merger has been recorded."),
        redirect_to=lambda rows: rows[0].successor,
    )
    if outcome.response:
        return outcome.response
    return _render(
        request,
        "organisations/succession_form.html",
        {
            "organisation": org,
            "form": form,
            "filter_form": filter_form,
            "pick_field": form["predecessors"],
            "title": _("Record a merger"),
            "intro": _(
                "Tick the organisations that went up in one other organisation, choose that "
                "organisation and the date. The old organisations stay in Driehoek with their "
                "agreements, marked as no longer existing. Their work areas move to the successor."
            ),
        },
        status=outcome.status or (400 if request.method == "POST" else 200),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_split(request, slug):
    org = selectors.organisation_get(slug=slug)
    require(request.user, "organisations.record_split", org)
    filter_form, q = _filter(request)
    source = request.POST if request.method == "POST" else request.GET
    chosen = _ids(source.getlist("successors"))
    candidates = [o for o in selectors.pick_candidates(org, q=q, keep=chosen) if o.pk != org.pk]
    successors = [o for o in selectors.pick_candidates(org) if o.pk != org.pk]
    form = SplitForm(
        request.POST if request.method == "POST" else None,
        initial={"successors": chosen},
        candidates=candidates,
        successors=successors,
    )

    def save(d):
        main = d["main_successor"]
        others = [o for o in d["successors"] if main is None or o.pk != main.pk]
        return services.record_split(
            actor=request.user,
            predecessor=org,
            successors=[main, *others] if main is not None else others,
            date=d["date"],
        )

    outcome = handle_form(
        request, form, save, success=_("The split has been recorded."), redirect_to=org
    )
    if outcome.response:
        return outcome.response
    return _render(
        request,
        "organisations/succession_form.html",
        {
            "organisation": org,
            "form": form,
            "filter_form": filter_form,
            "pick_field": form["successors"],
            "title": _("Record a split"),
            "intro": _(
                "Choose the municipalities that each got a part of %(name)s, and the date. "
                "%(name)s stays in Driehoek with its agreements, marked as no longer existing."
            )
            % {"name": org.name},
        },
        status=outcome.status or (400 if request.method == "POST" else 200),
    )
