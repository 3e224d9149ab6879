"""Negotiation: discussion, positions, open points and proposals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Role
from driehoek.organisations.selectors import user_memberships

from .. import forms, selectors, services
from ..models import (
    Proposal,
)
from .base import GET_POST, _data, _form_page, _page


def _discussion_target(agreement, on: str):
    kind, _sep, pk = (on or "").partition("-")
    if kind == "commitment":
        return selectors.commitment_get(agreement, pk), None
    if kind == "clause":
        return None, selectors.clause_get(agreement, pk)
    raise Http404


@login_required
@require_safe
def discussion(request, agreement_id, on):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    commitment, clause = _discussion_target(agreement, on)
    target = commitment or clause
    comments = list(target.comments.select_related("organisation", "author"))
    roots = [c for c in comments if c.parent_id is None]
    for c in comments:
        c.reply_list = [r for r in comments if r.parent_id == c.pk]
    positions = list(target.positions.select_related("organisation", "updated_by"))
    proposals = list(target.proposals.select_related("organisation"))
    memberships = user_memberships(request.user)
    acting = [
        p.organisation
        for p in agreement.parties.all()
        if p.organisation_id in memberships and memberships[p.organisation_id].has_role(Role.EDITOR)
    ]
    ctx = {
        "agreement": agreement,
        "commitment": commitment,
        "clause": clause,
        "target": target,
        "on": on,
        "roots": roots,
        "positions": positions,
        "proposals": proposals,
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
    if request.method == "POST" and form.is_valid():
        try:
            commitment, clause = _discussion_target(agreement, form.cleaned_data["on"])
            parent = None
            if form.cleaned_data.get("parent"):
                parent = agreement.comments.filter(pk=form.cleaned_data["parent"]).first()
                if parent is None:
                    raise ServiceError(_("You can only reply to a comment on this agreement."))
            services.comment_add(
                actor=request.user,
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
                text=form.cleaned_data["text"],
                commitment=commitment,
                clause=clause,
                parent=parent,
            )
        except ServiceError as err:
            err.add_to_form(form)
        except Http404:
            form.add_error(None, _("Choose a commitment or clause to comment on."))
        else:
            messages.success(request, _("Your comment has been placed."))
            return redirect(
                "agreements:discussion", agreement_id=agreement.uuid, on=form.cleaned_data["on"]
            )
    return _form_page(
        request,
        title=_("Comment"),
        form=form,
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
    if request.method == "POST" and form.is_valid():
        try:
            commitment, clause = _discussion_target(agreement, form.cleaned_data["on"])
            services.position_set(
                actor=request.user,
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
                stance=form.cleaned_data["stance"],
                note=form.cleaned_data["note"],
                commitment=commitment,
                clause=clause,
            )
        except ServiceError as err:
            err.add_to_form(form)
        except Http404:
            form.add_error(None, _("Choose a commitment or clause."))
        else:
            messages.success(request, _("Your position has been recorded."))
            return redirect(
                "agreements:discussion", agreement_id=agreement.uuid, on=form.cleaned_data["on"]
            )
    return _form_page(
        request,
        title=_("Record your position"),
        form=form,
        submit=_("Save the position"),
        back=agreement.get_absolute_url(),
        demo=agreement.is_demo,
    )


@login_required
@require_safe
def open_points(request, agreement_id):
    agreement = selectors.agreement_get_for_user(user=request.user, agreement_id=agreement_id)
    points = list(agreement.open_points.select_related("owner", "commitment"))
    memberships = user_memberships(request.user)
    can_edit = any(
        memberships[p.organisation_id].has_role(Role.EDITOR)
        for p in agreement.parties.all()
        if p.organisation_id in memberships
    )
    return _page(
        request,
        "agreements/open_points.html",
        {
            "agreement": agreement,
            "open": [p for p in points if not p.resolved_at],
            "resolved": [p for p in points if p.resolved_at],
            "can_edit": can_edit,
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
    if request.method == "POST" and form.is_valid():
        try:
            services.open_point_add(actor=request.user, agreement=agreement, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The open point has been added."))
            return redirect("agreements:open_points", agreement_id=agreement.uuid)
    return _form_page(
        request,
        title=_("Add an open point"),
        form=form,
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
    point = agreement.open_points.filter(pk=pk).first()
    if point is None:
        raise Http404
    form = forms.ResolveForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.open_point_resolve(actor=request.user, point=point, **form.cleaned_data)
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The open point has been resolved."))
            return redirect("agreements:open_points", agreement_id=agreement.uuid)
    return _form_page(
        request,
        title=_("Resolve: %(title)s") % {"title": point.title},
        form=form,
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
        clauses=agreement.clauses.all(),
        commitments=agreement.commitments.all(),
        initial={"on": request.GET.get("on")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            commitment, clause = _discussion_target(agreement, form.cleaned_data["on"])
            services.proposal_create(
                actor=request.user,
                agreement=agreement,
                organisation=form.cleaned_data["organisation"],
                commitment=commitment,
                clause=clause,
                new_text=form.cleaned_data["new_text"],
                target_year=form.cleaned_data["target_year"],
                target_value=form.cleaned_data["target_value"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(
                request, _("Your proposal has been placed. Another party accepts or rejects it.")
            )
            return redirect(
                "agreements:discussion", agreement_id=agreement.uuid, on=form.cleaned_data["on"]
            )
    warnings = (
        []
        if agreement.is_editable
        else [
            _(
                "This agreement is frozen or signed: it cannot be changed. Changes go through an addendum."
            )
        ]
    )
    return _form_page(
        request,
        title=_("Propose a change"),
        form=form,
        submit=_("Place the proposal"),
        back=agreement.get_absolute_url(),
        warnings=warnings,
        demo=agreement.is_demo,
    )


@login_required
@GET_POST
def proposal_decide(request, agreement_id, pk):
    agreement = selectors.agreement_get_for_user(
        user=request.user, agreement_id=agreement_id, need=Role.EDITOR
    )
    proposal = (
        Proposal.objects.filter(agreement=agreement, pk=pk)
        .select_related("commitment", "clause", "organisation")
        .first()
    )
    if proposal is None:
        raise Http404
    form = forms.DecideForm(_data(request), acting=agreement.acting)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decide(
                actor=request.user,
                proposal=proposal,
                organisation=form.cleaned_data["organisation"],
                accept=request.POST.get("decision") == "accept",
            )
        except ServiceError as err:
            err.add_to_form(form)
        else:
            messages.success(request, _("The proposal has been decided."))
            return redirect(agreement)
    status = 400 if request.method == "POST" else 200
    return _page(
        request,
        "agreements/proposal_decide.html",
        {"agreement": agreement, "proposal": proposal, "form": form},
        demo=agreement.is_demo,
        status=status,
    )
