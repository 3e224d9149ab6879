"""The personal link: a participant's own sign-up, found by the token in the path. These pages
are never cached."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.core.permissions import may

from .. import checkin, selectors, services
from ..forms import SERIES, SOME, RegistrationEditForm
from ..models import RegistrationStatus
from .common import GET_POST, render_form
from .public import knowledge_page


def _registration_or_invalid(request, token):
    registration = selectors.registration_get_by_token(token)
    if registration is None:
        return None, render(request, "community/link_invalid.html", status=404)
    return registration, None


def _registration_context(registration, token):
    seats = selectors.registration_seats(registration)
    for seat in seats:
        seat.position = selectors.waiting_position(seat)
    confirmed = registration.status == RegistrationStatus.CONFIRMED
    return {
        "registration": registration,
        "community": registration.community,
        "seats": seats,
        # The QR code the organiser scans at the door (the same as in the confirmation e-mail).
        "checkin_qr": checkin.qr_svg(checkin.checkin_url(registration)) if confirmed else "",
        "token": token,
        "now": timezone.now(),
        "expired": registration.status == RegistrationStatus.PENDING
        and registration.created_at < timezone.now() - timedelta(days=services.CONFIRM_VALID_DAYS),
    }


def _back(token: str) -> str:
    return reverse("community:registration", kwargs={"token": token})


@never_cache
@require_safe
def registration(request, token):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    return render(request, "community/registration.html", _registration_context(reg, token))


@never_cache
@require_POST
def registration_confirm(request, token):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    try:
        services.registration_confirm(registration=reg, token=token)
    except ServiceError as err:
        context = _registration_context(reg, token)
        context["error"] = err.message
        return render(request, "community/registration.html", context, status=400)
    messages.success(
        request, _("Thank you: your sign-up is confirmed. We have sent you an e-mail.")
    )
    return redirect("community:registration", token=token)


@never_cache
@GET_POST
def registration_edit(request, token):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    if not may(request.user, "community.edit_registration", reg):
        messages.error(request, _("This sign-up was cancelled and can no longer be changed."))
        return redirect("community:registration", token=token)
    initial = {
        "name": reg.name,
        "function": reg.function,
        "province": reg.province,
        "needs": reg.needs,
        "series": SERIES if reg.whole_series else SOME,
        "meetings": selectors.registration_meeting_ids(reg),
    }
    form = RegistrationEditForm(request.POST or None, registration=reg, initial=initial)

    def save(d):
        return services.registration_update(
            registration=reg,
            name=d["name"],
            function=d["function"],
            province=d["province"],
            needs=d["needs"],
            whole_series=d["series"] == SERIES,
            meetings=list(d.get("meetings") or []),
        )

    outcome = handle_form(
        request, form, save, success=_("Your changes have been saved."), redirect_to=_back(token)
    )
    return render_form(
        request,
        "community/registration_edit.html",
        {"registration": reg, "community": reg.community, "form": form, "token": token},
        outcome,
    )


def _confirm_action_page(request, reg, token, *, title, text, button, action):
    return render(
        request,
        "community/registration_confirm_action.html",
        {
            "registration": reg,
            "community": reg.community,
            "token": token,
            "title": title,
            "text": text,
            "button": button,
            "action": reverse(action, kwargs={"token": token}),
        },
    )


@never_cache
@GET_POST
def registration_cancel(request, token):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    if request.method == "POST":
        services.registration_cancel(registration=reg)
        messages.success(
            request, _("You have cancelled your sign-up. Your places go to the waiting list.")
        )
        return redirect("community:registration", token=token)
    return _confirm_action_page(
        request,
        reg,
        token,
        title=_("Cancel your sign-up"),
        text=_(
            "You will no longer come to any of the meetings. Your places go to people on the waiting list."
        ),
        button=_("Yes, cancel my sign-up"),
        action="community:registration_cancel",
    )


@never_cache
@require_POST
def seat_cancel(request, token, uuid):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    seat = selectors.registration_seat(reg, uuid=uuid)
    try:
        services.seat_cancel(seat=seat)
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(
            request,
            _("You have cancelled your place at “%(meeting)s”.") % {"meeting": seat.meeting.title},
        )
    return redirect("community:registration", token=token)


@never_cache
@require_safe
def registration_data(request, token):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    response = HttpResponse(
        services.registration_export(reg), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@never_cache
@GET_POST
def registration_delete(request, token):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    if request.method == "POST":
        community = reg.community
        services.registration_erase(registration=reg)
        messages.success(
            request, _("Your personal data has been deleted. This link no longer works.")
        )
        return redirect(
            community.get_absolute_url() if community.is_published else reverse("community:index")
        )
    return _confirm_action_page(
        request,
        reg,
        token,
        title=_("Delete my personal data"),
        text=_(
            "We cancel your sign-up and delete your name, e-mail address, function and needs. "
            "We keep only anonymous numbers. This cannot be undone."
        ),
        button=_("Yes, delete my data"),
        action="community:registration_delete",
    )


@never_cache
@require_safe
def registration_knowledge(request, token):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    if may(request.user, "community.view_participant_knowledge", reg):
        audience = "participants"
    else:
        audience = "public"
    return knowledge_page(request, reg.community, audience, token=token)
