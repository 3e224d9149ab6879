"""Organiser pages of one meeting: add and edit it, the check-in list at the door, agenda
items, materials and a message to the participants."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from driehoek.core.errors import ServiceError
from driehoek.core.formflow import handle_form
from driehoek.core.listing import listing

from .. import selectors, selectors_checkin, services
from ..forms import AgendaItemForm, CheckInSearchForm, MaterialForm, MeetingForm, MessageForm
from .common import GET_POST, organiser_community, render_form


def _manage_url(slug, uuid) -> str:
    return reverse("community:meeting_manage", kwargs={"slug": slug, "uuid": uuid})


@login_required
@GET_POST
def meeting_create(request, slug):
    community = organiser_community(request, slug, "community.add_meeting")
    form = MeetingForm(request.POST or None)
    outcome = handle_form(
        request,
        form,
        lambda d: services.meeting_save(
            form=form, actor=request.user, community=community, created=True
        ),
        success=_("The meeting has been added."),
        redirect_to=lambda m: _manage_url(slug, m.uuid),
    )
    return render_form(
        request, "community/meeting_form.html", {"form": form, "community": community}, outcome
    )


@login_required
@GET_POST
def meeting_edit(request, slug, uuid):
    community = organiser_community(request, slug, "community.edit_meeting")
    m = selectors.meeting_get(community=community, uuid=uuid)
    form = MeetingForm(request.POST or None, instance=m, version=m.version)
    outcome = handle_form(
        request,
        form,
        lambda d: services.meeting_save(
            form=form,
            actor=request.user,
            community=community,
            created=False,
            expected_version=form.loaded_version,
        ),
        success=_("Your changes have been saved."),
        redirect_to=_manage_url(slug, m.uuid),
    )
    return render_form(
        request,
        "community/meeting_form.html",
        {"form": form, "community": community, "meeting": m},
        outcome,
    )


# What the list at the door keeps when a participant is checked in without JavaScript: the
# search, the filter, the sort and the pages.
LIST_PARAMS = ("q", "presence", "sort", "page", "wpage")


def _kept(data) -> list[tuple[str, str]]:
    return [(k, data[k][:100]) for k in LIST_PARAMS if data.get(k)]


def _meeting_manage_context(request, community, m, **extra):
    """The meeting's page: the participants with a place as a list that searches (name,
    organisation), filters on presence, sorts by its column headers and pages by 50
    (``core.listing``); the waiting list in its own order, paged by 50 too."""
    bound = any(request.GET.get(k) for k in CheckInSearchForm.base_fields)
    search = CheckInSearchForm(request.GET if bound else None)
    f = search.cleaned_data if bound and search.is_valid() else {}
    q = f.get("q") or ""
    seats = selectors_checkin.meeting_seats(m, q=q, presence=f.get("presence") or "")
    return {
        "community": community,
        "meeting": m,
        "search": search,
        "q": q,
        "keep": _kept(request.GET),
        "agenda_form": extra.pop("agenda_form", None) or AgendaItemForm(prefix="agenda"),
        "material_form": extra.pop("material_form", None) or MaterialForm(prefix="material"),
        "confirmed": listing(
            request, seats["confirmed"], sorts=selectors_checkin.SEAT_SORTS, default="name"
        ),
        "waiting": listing(
            request,
            seats["waiting"],
            sorts=selectors_checkin.WAITING_SORTS,
            default="since",
            prefix="w",
        ),
        **extra,
    }


@login_required
@require_safe
def meeting_manage(request, slug, uuid):
    community = organiser_community(request, slug, "community.manage_meeting")
    m = selectors.meeting_get(community=community, uuid=uuid)
    return render(
        request, "community/meeting_manage.html", _meeting_manage_context(request, community, m)
    )


def _meeting_part_added(request, slug, uuid, *, form_class, prefix, action, success):
    """A POST from the meeting page adds an agenda item or a material; an invalid one shows
    the page again (400) with the form's errors."""
    community = organiser_community(request, slug, "community.manage_meeting")
    m = selectors.meeting_get(community=community, uuid=uuid)
    form = form_class(request.POST, request.FILES, prefix=prefix)
    outcome = handle_form(
        request,
        form,
        lambda d: services.organiser_save(form=form, actor=request.user, action=action, meeting=m),
        success=success,
        redirect_to=_manage_url(slug, uuid),
    )
    if outcome.response is not None:
        return outcome.response
    context = _meeting_manage_context(request, community, m, **{f"{prefix}_form": form})
    return render_form(request, "community/meeting_manage.html", context, outcome)


@login_required
@require_POST
def agenda_item_add(request, slug, uuid):
    return _meeting_part_added(
        request,
        slug,
        uuid,
        form_class=AgendaItemForm,
        prefix="agenda",
        action="community.agenda_item.created",
        success=_("The agenda item has been added."),
    )


@login_required
@require_POST
def material_add(request, slug, uuid):
    return _meeting_part_added(
        request,
        slug,
        uuid,
        form_class=MaterialForm,
        prefix="material",
        action="community.material.created",
        success=_("The material has been added."),
    )


@login_required
@require_POST
def check_in(request, slug, uuid, pk):
    community = organiser_community(request, slug, "community.check_in")
    m = selectors.meeting_get(community=community, uuid=uuid)
    seat = selectors.seat_get(meeting=m, pk=pk)
    error = ""
    try:
        seat = services.seat_check_in(
            seat=seat, actor=request.user, present=request.POST.get("present") != "0"
        )
    except ServiceError as err:
        error = err.message
    if request.headers.get("HX-Request"):
        return render(
            request,
            "community/_checkin_row.html",
            {
                "community": community,
                "meeting": m,
                "seat": seat,
                "error": error,
                "keep": _kept(request.POST),
            },
        )
    if error:
        messages.error(request, error)
    keep = _kept(request.POST)
    query = f"?{urlencode(keep)}" if keep else ""
    return redirect(_manage_url(slug, uuid) + query + f"#seat-{seat.pk}")


@login_required
@GET_POST
def meeting_message(request, slug, uuid):
    community = organiser_community(request, slug, "community.message")
    m = selectors.meeting_get(community=community, uuid=uuid)
    form = MessageForm(request.POST or None)
    ctx = {"community": community, "meeting": m, "form": form, "sent": selectors.messages_sent(m)}

    def send(d):
        msg = services.message_send(meeting=m, actor=request.user, **d)
        messages.success(
            request,
            ngettext(
                "Your message has been sent to %(n)s person.",
                "Your message has been sent to %(n)s people.",
                msg.recipients,
            )
            % {"n": msg.recipients},
        )
        return msg

    outcome = handle_form(request, form, send, redirect_to=_manage_url(slug, uuid))
    return render_form(request, "community/meeting_message.html", ctx, outcome)
