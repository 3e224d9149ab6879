"""Negotiation: discussion, positions, open points and proposals."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may
from driehoek.organisations.models import Role

from .. import forms, rules, selectors, services
from .base import GET_POST, _data, _form_view, _page
from .drafting import _not_editable_warnings


def _discussion_target(agreement, on: str):
    kind, _sep, pk = (on or "").partition("-")
    if kind == "commitment":
        return selectors.commitment_get(agreement, pk), None
    if kind == "clause":
        return None, selectors.clause_get(agreement, pk)
    raise Http404


def _target_or_refuse(agreement, on: str, message):
    try:
        return _discussion_target(agreement, on)
    except Http404:
        raise ServiceError(message) from None


def _discussion_url(agreement, on: str) -> str:
    return reverse("agreements:discussion", kwargs={"agreement_id": agreement.uuid, "on": on})


@login_required
@require_safe
def discussion(request, agreement_id, on):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    commitment, clause = _discussion_target(agreement, on)
    target = commitment or clause
    acting = (
        selectors.acting_parties(request.user, agreement)
        if may(request.user, "agreements.comment", agreement)
        else []
    )
    ctx = {
        "agreement": agreement,
        "commitment": commitment,
        "clause": clause,
        "target": target,
        "on": on,
        **selectors.discussion_of(agreement, target),
        "acting": acting,
    }
    if acting:
        ctx["comment_form"] = forms.CommentForm(acting=acting, initial={"on": on})
        ctx["position_form"] = forms.PositionForm(
            acting=acting, initial={"on": on}, auto_id="pos_%s"
        )
    if commitment is not None:
        ctx["targets"] = list(commitment.targets.all())
    return _page(request, "agreements/discussion.html", ctx, demo=agreement.is_demo)


@login_required
@GET_POST
def comment_add(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    on = request.POST.get("on") or request.GET.get("on") or ""
    form = forms.CommentForm(
        _data(request),
        acting=agreement.acting,
        initial={"on": on, "parent": request.GET.get("parent")},
    )

    def save(data):
        commitment, clause = _target_or_refuse(
            agreement, data["on"], _("Choose a commitment or clause to comment on.")
        )
        parent = None
        if data.get("parent"):
            parent = selectors.comment_get(agreement, data["parent"])
            if parent is None:
                raise ServiceError(_("You can only reply to a comment on this agreement."))
        return services.comment_add(
            actor=request.user,
            agreement=agreement,
            organisation=data["organisation"],
            text=data["text"],
            commitment=commitment,
            clause=clause,
            parent=parent,
        )

    return _form_view(
        request,
        form,
        save,
        success=_("Your comment has been placed."),
        redirect_to=lambda _result: _discussion_url(agreement, form.cleaned_data["on"]),
        title=_("Comment"),
        submit=_("Place the comment"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def position_set(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    on = request.POST.get("on") or request.GET.get("on") or ""
    form = forms.PositionForm(_data(request), acting=agreement.acting, initial={"on": on})

    def save(data):
        commitment, clause = _target_or_refuse(
            agreement, data["on"], _("Choose a commitment or clause.")
        )
        return services.position_set(
            actor=request.user,
            agreement=agreement,
            organisation=data["organisation"],
            stance=data["stance"],
            note=data["note"],
            commitment=commitment,
            clause=clause,
        )

    return _form_view(
        request,
        form,
        save,
        success=_("Your position has been recorded."),
        redirect_to=lambda _result: _discussion_url(agreement, form.cleaned_data["on"]),
        title=_("Record your position"),
        submit=_("Save the position"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
    )


@login_required
@require_safe
def open_points(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    points = selectors.open_points_of(agreement)
    return _page(
        request,
        "agreements/open_points.html",
        {
            "agreement": agreement,
            "open": [p for p in points if not p.resolved_at],
            "resolved": [p for p in points if p.resolved_at],
            "today": timezone.localdate(),
        },
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def open_point_add(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.OpenPointForm(
        _data(request), parties=[p.organisation for p in agreement.parties.all()]
    )
    return _form_view(
        request,
        form,
        lambda data: services.open_point_add(actor=request.user, agreement=agreement, **data),
        success=_("The open point has been added."),
        redirect_to=reverse("agreements:open_points", kwargs={"agreement_id": agreement.uuid}),
        title=_("Add an open point"),
        submit=_("Add"),
        back=reverse("agreements:open_points", kwargs={"agreement_id": agreement.uuid}),
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def open_point_resolve(request, agreement_id, pk):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    point = selectors.open_point_get(agreement, pk)
    if point is None:
        raise Http404
    form = forms.ResolveForm(_data(request))
    return _form_view(
        request,
        form,
        lambda data: services.open_point_resolve(actor=request.user, point=point, **data),
        success=_("The open point has been resolved."),
        redirect_to=reverse("agreements:open_points", kwargs={"agreement_id": agreement.uuid}),
        title=_("Resolve: %(title)s") % {"title": point.title},
        submit=_("Resolve"),
        back=reverse("agreements:open_points", kwargs={"agreement_id": agreement.uuid}),
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def proposal_create(request, agreement_id):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    form = forms.ProposalForm(
        _data(request),
        acting=agreement.acting,
        clauses=selectors.clause_choices(agreement),
        commitments=selectors.commitment_choices(agreement),
        initial={"on": request.GET.get("on")},
    )

    def save(data):
        commitment, clause = _discussion_target(agreement, data["on"])
        return services.proposal_create(
            actor=request.user,
            agreement=agreement,
            organisation=data["organisation"],
            commitment=commitment,
            clause=clause,
            new_text=data["new_text"],
            target_year=data["target_year"],
            target_value=data["target_value"],
            reason=data["reason"],
        )

    return _form_view(
        request,
        form,
        save,
        success=_("Your proposal has been placed. Another party accepts or rejects it."),
        redirect_to=lambda _result: _discussion_url(agreement, form.cleaned_data["on"]),
        title=_("Propose a change"),
        submit=_("Place the proposal"),
        back=agreement.get_absolute_url(),
        warnings=_not_editable_warnings(agreement),
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def proposal_decide(request, agreement_id, pk):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    proposal = selectors.proposal_get(agreement, pk)
    if proposal is None:
        raise Http404
    answering = set(rules.answering_orgs(request.user, proposal))
    acting = [o for o in agreement.acting if o.pk in answering]
    form = forms.DecideForm(_data(request), acting=acting)
    return _form_view(
        request,
        form,
        lambda data: services.proposal_decide(
            actor=request.user,
            proposal=proposal,
            organisation=data["organisation"],
            accept=request.POST.get("decision") == "accept",
            reason=data.get("reason", ""),
        ),
        success=_(
            "Your answer has been recorded. The text changes when every signing party accepted."
        ),
        redirect_to=agreement,
        template="agreements/proposal_decide.html",
        context={"agreement": agreement, "proposal": proposal},
        demo=agreement.is_demo,
    )
