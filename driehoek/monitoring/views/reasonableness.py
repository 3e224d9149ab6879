"""Reasonableness: a corporatie's commitments against its financial room, and recording that
room."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core.formflow import handle_form
from driehoek.core.permissions import require
from driehoek.organisations.models import Role
from driehoek.organisations.selectors import organisation_get_for_user

from .. import selectors, services
from ..forms import FinancialRoomForm
from ..reasonableness import reasonableness
from .base import GET_POST, default_year, form_page


@login_required
@require_safe
def reasonableness_view(request, slug):
    corporatie = selectors.reasonableness_corporatie_for_user(user=request.user, slug=slug)
    return render(
        request,
        "monitoring/reasonableness.html",
        {
            "corporatie": corporatie,
            "data": reasonableness(corporatie),
            "gemeenten": selectors.gemeenten_of_corporatie(corporatie),
            "show_demo_banner": corporatie.is_demo,
        },
    )


@login_required
@GET_POST
def financial_room_edit(request, slug):
    corporatie = organisation_get_for_user(user=request.user, slug=slug, need=Role.EDITOR)
    if not corporatie.is_corporatie:
        raise Http404
    # Staff may look, but the corporatie records its own room.
    require(request.user, "monitoring.record_financial_room", corporatie)
    year = request.GET.get("jaar") or request.POST.get("year") or default_year()
    room = selectors.financial_room_find(corporatie, year)
    initial = {"year": year}
    if room:
        initial.update({f: getattr(room, f) for f in services.ROOM_FIELDS})
        initial["note"] = room.note
    form = FinancialRoomForm(request.POST or None, initial=initial)
    outcome = handle_form(
        request,
        form,
        lambda data: services.financial_room_save(
            actor=request.user, corporatie=corporatie, **data
        ),
        success=_("Financial room saved."),
        redirect_to=reverse("monitoring:reasonableness", kwargs={"slug": corporatie.slug}),
    )
    context = {"corporatie": corporatie, "form": form, "show_demo_banner": corporatie.is_demo}
    return form_page(request, outcome, "monitoring/financial_room.html", context)
