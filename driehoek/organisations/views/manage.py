"""Editing an organisation, registering a tenant body, and the staff's approvals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from driehoek.core.decorators import rule_required
from driehoek.core.formflow import Outcome, handle_form
from driehoek.core.permissions import require

from .. import selectors, services
from ..forms import (
    DecisionForm,
    OrganisationEditForm,
    RepresentationForm,
    StaffOrganisationForm,
    TenantRegistrationForm,
)
from .base import _render, act


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, slug):
    org = selectors.organisation_get_for_member(user=request.user, slug=slug)
    require(request.user, "organisations.edit", org)
    form = OrganisationEditForm(
        request.POST or None, instance=selectors.organisation_fresh(org), version=org.version
    )
    rep_form = None
    # The work area is kept on its own pages (ticking gemeenten by province there), not in a
    # list of every gemeente here.
    if org.is_tenant_body:
        rep_form = RepresentationForm(
            request.POST or None, represented=selectors.represented_by(org)
        )

    def save(data):
        with transaction.atomic():
            services.organisation_update(
                actor=request.user,
                organisation=org,
                fields={k: data[k] for k in form.Meta.fields},
                expected_version=form.loaded_version,
            )
            if rep_form is not None:
                services.representation_set(
                    actor=request.user, tenant_body=org, corporaties=rep_form.chosen()
                )
        return org

    others_ok = rep_form is None or rep_form.is_valid()
    outcome = Outcome()
    if others_ok:
        outcome = handle_form(
            request, form, save, success=_("The organisation has been saved."), redirect_to=org
        )
    if outcome.response:
        return outcome.response
    return _render(
        request,
        "organisations/edit.html",
        {
            "organisation": org,
            "form": form,
            "work_area_empty": not org.is_gemeente and not selectors.work_area_of(org).exists(),
            "rep_form": rep_form,
            "show_demo_banner": org.is_demo,
        },
        status=outcome.status or (400 if request.method == "POST" else 200),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def register_tenant(request):
    form = TenantRegistrationForm(request.POST or None, user=request.user)

    def save(d):
        org = services.tenant_body_register(
            name=d["name"],
            kind=d["kind"],
            corporaties=d["corporaties"],
            gemeenten=d["gemeenten"],
            email=d.get("email", ""),
            website=d.get("website", ""),
            contact_name=d.get("contact_name", ""),
            contact_email=d.get("contact_email", ""),
            password=d.get("password1", ""),
            user=request.user if request.user.is_authenticated else None,
        )
        if not request.user.is_authenticated:
            login(
                request,
                selectors.registrant(org),
                backend="django.contrib.auth.backends.ModelBackend",
            )
        messages.success(
            request,
            _(
                "Thank you. %(name)s is registered and waits for approval by the platform staff. You will get an e-mail."
            )
            % {"name": org.name},
        )
        return org

    outcome = handle_form(request, form, save)
    if outcome.response:
        return outcome.response
    return _render(
        request,
        "organisations/register_tenant.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@rule_required("organisations.approve")
@require_http_methods(["GET", "HEAD", "POST"])
def approvals(request):
    creating = request.method == "POST" and "create" in request.POST
    create_form = StaffOrganisationForm(request.POST if creating else None)
    if creating:
        require(request.user, "organisations.create")

    def save(data):
        org = services.organisation_create(actor=request.user, **data)
        messages.success(request, _("%(name)s has been added.") % {"name": org.name})
        return org

    outcome = handle_form(request, create_form, save, redirect_to="organisations:approvals")
    if outcome.response:
        return outcome.response
    return _render(
        request,
        "organisations/approvals.html",
        {"pending": selectors.pending_organisations(), "create_form": create_form},
        status=400 if creating else 200,
    )


@rule_required("organisations.approve")
@require_POST
def decide(request, slug):
    org = selectors.organisation_get(slug=slug)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("organisations:approvals")
    act(
        request,
        lambda: services.organisation_decide(
            actor=request.user,
            organisation=org,
            approve=form.cleaned_data["decision"] == "approve",
        ),
        _("Your decision on %(name)s has been saved.") % {"name": org.name},
    )
    return redirect("organisations:approvals")
