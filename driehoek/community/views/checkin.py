"""The page a participant's QR code opens: an organiser (logged in) sees who it is and checks
them in with one button. Everyone whom ``community.check_in`` refuses gets 404, as does a
wrong token."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from driehoek.core.errors import ServiceError

from .. import selectors_checkin, services
from .common import GET_POST, organiser_community


@never_cache
@login_required
@GET_POST
def checkin_scan(request, slug, token):
    community = organiser_community(request, slug, "community.check_in")
    reg = selectors_checkin.registration_by_checkin_token(community=community, token=token)
    if request.method == "POST":
        seat_pk = request.POST.get("seat", "")
        if not seat_pk.isdigit():
            raise Http404
        seat = selectors_checkin.registration_seat_get(registration=reg, pk=int(seat_pk))
        present = request.POST.get("present") != "0"
        try:
            services.seat_check_in(seat=seat, actor=request.user, present=present)
        except ServiceError as err:
            messages.error(request, err.message)
        else:
            messages.success(
                request,
                _("Checked in for “%(meeting)s”.") % {"meeting": seat.meeting.title}
                if present
                else _("The check-in has been undone."),
            )
        return redirect(request.path)
    return render(
        request,
        "community/checkin_scan.html",
        {
            "community": community,
            "registration": reg,
            "seats": selectors_checkin.confirmed_seats(reg),
        },
    )
