"""What the community pages share: the method decorators, the client address for the rate
limit, why sign-up is closed, calendar downloads and rendering a form page after
``core.formflow.handle_form``."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from driehoek.core.clientip import client_ip

from .. import selectors

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def ip(request) -> str:
    return client_ip(request)


def signup_closed_reason(community) -> str:
    if not community.signup_open():
        return _("Sign-up for this community has closed.")
    if not selectors.upcoming(community):
        return _("There are no upcoming meetings to sign up for.")
    return ""


def automated_message() -> str:
    return _("This sign-up looks automated and was not sent. Leave the field “Website” empty.")


def ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_form(request, template: str, context: dict, outcome) -> HttpResponse:
    """The form page after ``handle_form``: its redirect, or the form again (400 after a
    POST that did not save, 409 for a stale edit, 200 on GET)."""
    if outcome.response is not None:
        return outcome.response
    status = outcome.status or (400 if request.method == "POST" else 200)
    return render(request, template, context, status=status)


def organiser_community(request, slug: str, rule: str = "community.manage"):
    """The community for an organiser page: 404 for everyone whom ``rule`` refuses."""
    return selectors.community_get_for_organiser(user=request.user, slug=slug, rule=rule)
