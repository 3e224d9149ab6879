"""Signing up without an account, alone or as a team, and asking for the personal link again."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from driehoek.core.formflow import handle_form

from .. import selectors, selectors_signup, services
from ..forms import HONEYPOT, ResendLinkForm, SignupForm, TeamSignupForm
from .common import GET_POST, automated_message, ip, render_form, signup_closed_reason


def _refused(request, form, closed: str) -> bool:
    """A POST while sign-up is closed, or with the honeypot filled in, saves nothing."""
    if request.method != "POST" or not (closed or request.POST.get(HONEYPOT)):
        return False
    form.is_valid()
    form.add_error(None, closed or automated_message())
    return True


def _signup_page(request, community, form, template, save):
    closed = signup_closed_reason(community)
    context = {"community": community, "form": form, "closed_reason": closed}
    if closed:
        context["next_edition"] = selectors_signup.open_next_edition(community, user=request.user)
    if _refused(request, form, closed):
        return render(request, template, context, status=400)
    outcome = handle_form(
        request,
        form,
        save,
        redirect_to=reverse("community:signup_sent", kwargs={"slug": community.slug}),
    )
    return render_form(request, template, context, outcome)


@GET_POST
def signup(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    form = SignupForm(request.POST or None, community=community)

    def save(data):
        services.check_rate_limit(email=data["email"], ip=ip(request))
        return services.registration_create(community=community, **form.service_kwargs())

    return _signup_page(request, community, form, "community/signup.html", save)


@GET_POST
def signup_team(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    form = TeamSignupForm(request.POST or None, community=community)

    def save(data):
        for member in form.members():
            services.check_rate_limit(email=member["email"], ip=ip(request))
        return services.team_create(
            community=community,
            place=data["place"],
            members=form.members(),
            **form.shared_kwargs(),
        )

    return _signup_page(request, community, form, "community/signup_team.html", save)


@require_safe
@cache_control(private=True, max_age=60)
def signup_organisations(request, slug):
    """The organisations that match what is typed in the sign-up form, as a small HTML list
    for the script (static/js/organisation-search.js). A plain GET: no session, no form."""
    community = selectors.community_get_public(user=request.user, slug=slug)
    organisations = selectors_signup.organisation_suggestions(
        request.GET.get("q", ""), party=request.GET.get("party", "")
    )
    return render(
        request,
        "community/_organisation_suggestions.html",
        {"community": community, "organisations": organisations},
    )


@require_safe
def signup_sent(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    return render(request, "community/signup_sent.html", {"community": community})


@GET_POST
def resend_link(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    form = ResendLinkForm(request.POST or None)

    def save(data):
        services.check_rate_limit(email=data["email"], ip=ip(request))
        return services.resend_link(community=community, email=data["email"])

    outcome = handle_form(
        request,
        form,
        save,
        success=_("If this address has signed up, we have sent the personal link to it again."),
        redirect_to=reverse("community:detail", kwargs={"slug": community.slug}),
    )
    return render_form(
        request, "community/resend_link.html", {"community": community, "form": form}, outcome
    )
