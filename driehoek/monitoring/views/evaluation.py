"""The yearly evaluation of an agreement: the per-theme texts and each party's view,
completing it, and carrying over what was not met."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from driehoek.agreements.models import Theme
from driehoek.agreements.selectors import VIEW
from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.organisations.models import Role

from .. import dashboards, selectors, services
from ..forms import ActingForm, EvaluationPartyForm
from ..models import EvaluationStatus, ReviewState
from .base import GET_POST


def _prefill(agreement, year, evaluation, organisation, unmet) -> dict:
    """The party form's first values: what is saved, else the year's figures (what was
    realised and what was not)."""
    initial = {"organisation": organisation.pk}
    if evaluation:
        for t in evaluation.themes.all():
            for k in ("realised", "why_not", "lessons"):
                initial[f"{t.theme}__{k}"] = getattr(t, k)
        own = {v.organisation_id: v.text for v in evaluation.views.all()}
        initial["view"] = own.get(organisation.pk, "")
        return initial
    realised = dashboards.agreement_dashboard(agreement, dashboards.Filters(year=year))
    by_theme: dict[str, list[str]] = {}
    for row in realised["rows"]:
        c = row["commitment"]
        rep = row["report"]
        if rep:
            state = "" if rep.review_state == ReviewState.CONFIRMED else f", {_state(rep)}"
            by_theme.setdefault(c.theme, []).append(
                f"{c.reference} {c.title}: {dashboards._fmt(rep.realised)} {c.unit} ({rep.get_status_display()}{state})"
            )
    for theme, lines in by_theme.items():
        initial[f"{theme}__realised"] = "\n".join(lines)
    for c, target, real in unmet:
        key = f"{c.theme}__why_not"
        initial[key] = (
            initial.get(key, "")
            + f"\n{c.reference} {c.title}: {dashboards._fmt(real)} / {dashboards._fmt(target)} {c.unit}"
        ).strip()
    return initial


def _state(report) -> str:
    """How far a figure is from counting: contested, or not yet confirmed."""
    if report.review_state == ReviewState.CONTESTED:
        return _("contested")
    return _("not yet confirmed")


def _evaluation_context(request, agreement, year, form=None, acting_form=None):
    evaluation = selectors.evaluation_find(agreement, year)
    editor_orgs = selectors.editor_organisations(request.user, agreement)
    unmet = services.unmet_commitments(agreement, year)
    unsettled = [
        {"commitment": c, "target": target, "report": r, "state": _state(r)}
        for c, target, r in services.unsettled_commitments(agreement, year)
    ]
    if (
        form is None
        and editor_orgs
        and not (evaluation and evaluation.status == EvaluationStatus.COMPLETED)
    ):
        form = EvaluationPartyForm(
            organisations=editor_orgs,
            themes=selectors.agreement_themes(agreement),
            initial=_prefill(agreement, year, evaluation, editor_orgs[0], unmet),
        )
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
        "unsettled": unsettled,
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


def _evaluation_url(agreement, year) -> str:
    return reverse("monitoring:evaluation", kwargs={"agreement_id": agreement.uuid, "year": year})


def _chosen(organisations, data):
    return next(o for o in organisations if o.pk == data["organisation"])


@login_required
@GET_POST
def evaluation(request, agreement_id, year):
    need = Role.EDITOR if request.method == "POST" else VIEW
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=need
    )
    _check_year(agreement, year)
    if request.method != "POST":
        return render(
            request, "monitoring/evaluation.html", _evaluation_context(request, agreement, year)
        )
    editor_orgs = selectors.editor_organisations(request.user, agreement)
    form = EvaluationPartyForm(
        request.POST, organisations=editor_orgs, themes=selectors.agreement_themes(agreement)
    )
    outcome = handle_form(
        request,
        form,
        lambda data: services.evaluation_save(
            actor=request.user,
            agreement=agreement,
            year=year,
            organisation=_chosen(editor_orgs, data),
            themes=form.theme_data(),
            view=data["view"],
        ),
        success=_("Evaluation saved."),
        redirect_to=_evaluation_url(agreement, year),
    )
    return _answer(request, agreement, year, outcome, form=form)


def _acting(request, agreement_id, year, save, *, with_targets: bool):
    """The skeleton of the evaluation's actions (complete, carry over): the acting party
    form, and the evaluation page again (400) when it is refused."""
    agreement = selectors.agreement_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    _check_year(agreement, year)
    orgs = selectors.editor_organisations(request.user, agreement)
    targets = list(services.carry_over_candidates(agreement, year)) if with_targets else None
    form = ActingForm(request.POST, organisations=orgs, targets=targets)
    evaluation = selectors.evaluation_find(agreement, year)
    outcome = handle_form(
        request,
        form,
        lambda data: save(evaluation, _chosen(orgs, data), data, targets),
        redirect_to=_evaluation_url(agreement, year),
    )
    return _answer(request, agreement, year, outcome, acting_form=form)


def _answer(request, agreement, year, outcome, **forms):
    """After a POST: the redirect when it was saved, else the evaluation page again with the
    refused form (400)."""
    if outcome.response:
        return outcome.response
    return render(
        request,
        "monitoring/evaluation.html",
        _evaluation_context(request, agreement, year, **forms),
        status=outcome.status or 400,
    )


@login_required
@require_POST
def evaluation_complete(request, agreement_id, year):
    def save(evaluation, organisation, data, targets):
        if evaluation is None:
            raise ServiceError(_("Fill in the evaluation before completing it."))
        services.evaluation_complete(
            actor=request.user, evaluation=evaluation, organisation=organisation
        )
        messages.success(request, _("Evaluation completed."))

    return _acting(request, agreement_id, year, save, with_targets=False)


@login_required
@require_POST
def carry_over(request, agreement_id, year):
    def save(evaluation, organisation, data, targets):
        if evaluation is None:
            raise ServiceError(
                _("Complete the evaluation first; then carry over what was not met.")
            )
        target = next((a for a in targets if a.pk == data.get("target")), None)
        left_out = [
            c.reference
            for c, _t, _r in services.unsettled_commitments(evaluation.agreement, evaluation.year)
        ]
        new = services.carry_over(
            actor=request.user, evaluation=evaluation, organisation=organisation, target=target
        )
        messages.success(
            request, _("Unmet commitments carried over to %(title)s.") % {"title": new.title}
        )
        if left_out:
            messages.warning(
                request,
                _(
                    "Not carried over, because the figure is contested or not yet confirmed: %(refs)s. Carry them over by hand once the parties agree on the figure."
                )
                % {"refs": ", ".join(left_out)},
            )

    return _acting(request, agreement_id, year, save, with_targets=True)
