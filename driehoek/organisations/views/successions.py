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


def _start(request, slug: str, rule: str):
    """The organisation (when the user may record it by ``rule``) and the pick list's filter."""
    org = selectors.organisation_get(slug=slug)
    require(request.user, rule, org)
    filter_form = PickFilterForm(request.GET)
    return org, filter_form, filter_form.cleaned_data["q"] if filter_form.is_valid() else ""


def _chosen(request, field: str) -> list[int]:
    """The organisations ticked in ``field`` (posted, or in the query while filtering)."""
    source = request.POST if request.method == "POST" else request.GET
    return _ids(source.getlist(field))


def _page(request, org, outcome, form, filter_form, pick: str, title: str, intro: str):
    """The handled form's response, or the succession form (again) with the pick list ``pick``."""
    if outcome.response:
        return outcome.response
    return _render(
        request,
        "organisations/succession_form.html",
        {
            "organisation": org,
            "form": form,
            "filter_form": filter_form,
            "pick_field": form[pick],
            "title": title,
            "intro": intro,
        },
        status=outcome.status or (400 if request.method == "POST" else 200),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_merger(request, slug):
    org, filter_form, q = _start(request, slug, "organisations.record_merger")
    chosen = _chosen(request, "predecessors") or [org.pk]
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
    intro = _(
        "Tick the organisations that went up in one other organisation, choose that "
        "organisation and the date. The old organisations stay in Driehoek with their "
        "agreements, marked as no longer existing. Their work areas move to the successor."
    )
    title = _("Record a merger")
    return _page(request, org, outcome, form, filter_form, "predecessors", title, intro)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_split(request, slug):
    org, filter_form, q = _start(request, slug, "organisations.record_split")
    chosen = _chosen(request, "successors")
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
    intro = _(
        "Choose the municipalities that each got a part of %(name)s, and the date. "
        "%(name)s stays in Driehoek with its agreements, marked as no longer existing."
    ) % {"name": org.name}
    title = _("Record a split")
    return _page(request, org, outcome, form, filter_form, "successors", title, intro)
