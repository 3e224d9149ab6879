"""An organisation's administrator: members, roles and invitations; and opening an
invitation link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from driehoek.accounts.forms import SignupForm
from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.core.permissions import require

from .. import selectors, services
from ..forms import InvitationForm, RoleForm
from ..models import Role
from .base import _render, act


def _administered(request, slug, rule: str):
    org = selectors.organisation_get_for_member(user=request.user, slug=slug)
    require(request.user, rule, org)
    return org


def _button(request, org, success: str, service, **arguments):
    """A button on the members page: ``service(actor=the user, **arguments)`` run through
    ``act`` (its refusal or ``success`` as the message), then the members page again."""
    act(request, lambda: service(actor=request.user, **arguments), success)
    return redirect("organisations:members", slug=org.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def members(request, slug):
    org = _administered(request, slug, "organisations.manage_members")
    if request.method == "POST":
        require(request.user, "organisations.invite", org)
    form = InvitationForm(request.POST or None)

    def save(data):
        invitation = services.invitation_create(
            actor=request.user, organisation=org, email=data["email"], role=data["role"]
        )
        messages.success(
            request,
            _("Invitation sent to %(email)s. The link works for %(days)s days.")
            % {
                "email": invitation.email,
                "days": (invitation.expires_at - invitation.created_at).days,
            },
        )
        return invitation

    outcome = handle_form(
        request,
        form,
        save,
        redirect_to=reverse("organisations:members", kwargs={"slug": org.slug}),
    )
    if outcome.response:
        return outcome.response
    return _render(
        request,
        "organisations/members.html",
        {
            "organisation": org,
            "form": form,
            "memberships": selectors.members_of(org),
            "invitations": selectors.open_invitations(org),
            "role_choices": Role.choices,
            "show_demo_banner": org.is_demo,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def member_role(request, slug, membership_id):
    org = _administered(request, slug, "organisations.manage_members")
    membership = selectors.membership_get(organisation=org, membership_id=membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles in the list."))
        return redirect("organisations:members", slug=org.slug)
    message = _("The role of %(name)s has been changed.") % {"name": membership.user}
    role = form.cleaned_data["role"]
    return _button(
        request, org, message, services.membership_change_role, membership=membership, role=role
    )


@login_required
@require_POST
def member_remove(request, slug, membership_id):
    org = _administered(request, slug, "organisations.manage_members")
    membership = selectors.membership_get(organisation=org, membership_id=membership_id)
    message = _("%(name)s is no longer a member.") % {"name": membership.user}
    return _button(request, org, message, services.membership_remove, membership=membership)


@login_required
@require_POST
def invitation_revoke(request, slug, invitation_id):
    org = _administered(request, slug, "organisations.invite")
    invitation = selectors.invitation_get(organisation=org, invitation_id=invitation_id)
    message = _("The invitation has been withdrawn.")
    return _button(request, org, message, services.invitation_revoke, invitation=invitation)


@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request, token):
    """Open an invitation link: log in or create an account, then join the organisation."""
    inv = selectors.invitation_by_token(token)
    if inv is None:
        return _render(
            request,
            "organisations/invitation_invalid.html",
            {
                "reason": _(
                    "This link is not valid. Check that you copied the whole link from the e-mail."
                )
            },
            status=404,
        )
    try:
        services.invitation_check(inv)
    except ServiceError as err:
        return _render(
            request, "organisations/invitation_invalid.html", {"reason": err.message}, status=410
        )
    welcome = _("Welcome! You are now a member of %(organisation)s.") % {
        "organisation": inv.organisation
    }
    signup = None
    if request.user.is_authenticated:
        if request.method == "POST" and act(
            request, lambda: services.invitation_accept(invitation=inv, user=request.user), welcome
        ):
            return redirect(inv.organisation.get_absolute_url())
    else:
        signup = SignupForm(request.POST or None, email=inv.email)

        def save(data):
            membership = services.invitation_accept(
                invitation=inv, full_name=data["full_name"], password=data["password1"]
            )
            login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
            return membership

        outcome = handle_form(
            request, signup, save, success=welcome, redirect_to=inv.organisation.get_absolute_url()
        )
        if outcome.response:
            return outcome.response
    return _render(
        request,
        "organisations/invitation.html",
        {
            "invitation": inv,
            "signup": signup,
            "has_account": selectors.account_exists(inv.email),
        },
        status=400 if request.method == "POST" else 200,
    )
