"""What every agreements page shares: the page and form-page renderers, the form-POST
skeleton and the history list."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from driehoek.core.formflow import handle_form

from .. import selectors

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _data(request):
    """Bound data for a POST (even an empty one), unbound on GET."""
    return request.POST if request.method == "POST" else None


def _page(request, template, ctx, *, demo=False, status=200):
    ctx.setdefault("show_demo_banner", demo)
    return render(request, template, ctx, status=status)


def _form_page(
    request,
    *,
    title,
    form,
    submit,
    back,
    intro="",
    warnings=(),
    demo=False,
    danger=False,
    multipart=False,
    extra_template=None,
    extra=None,
    status=None,
):
    if status is None:
        status = 400 if request.method == "POST" else 200
    ctx = {
        "title": title,
        "form": form,
        "submit": submit,
        "back": back,
        "intro": intro,
        "warnings": warnings,
        "danger": danger,
        "multipart": multipart,
        "extra_template": extra_template,
        **(extra or {}),
    }
    return _page(request, "agreements/form_page.html", ctx, demo=demo, status=status)


def _form_view(
    request, form, save, *, success=None, redirect_to=None, template=None, context=None, **page
):
    """The form-POST skeleton of a form page: ``core.formflow.handle_form`` and its redirect
    after a save, or else the form page again (``_form_page`` with ``page``; with ``template``
    that template with ``context`` and the form): 400 after a POST that did not save, 409 for
    a stale edit, 200 on GET."""
    outcome = handle_form(request, form, save, success=success, redirect_to=redirect_to)
    if outcome.response:
        return outcome.response
    if template is None:
        return _form_page(request, form=form, status=outcome.status, **page)
    status = outcome.status or (400 if request.method == "POST" else 200)
    return _page(request, template, {**(context or {}), "form": form}, status=status, **page)


def _events(*targets):
    return selectors.history(*targets)
