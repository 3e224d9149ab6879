"""Community of Practice pages. Public pages show no personal data; the personal link (token)
gives a participant their own sign-up; organiser pages 404 for everyone else."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from driehoek.core import exports
from driehoek.core.clientip import client_ip
from driehoek.core.errors import ServiceError
from driehoek.core.versioning import StaleEdit

from . import selectors, services
from .forms import (
    HONEYPOT,
    SERIES,
    SOME,
    AgendaItemForm,
    CheckInSearchForm,
    CommunityForm,
    KnowledgeItemForm,
    KnowledgeSearchForm,
    MaterialForm,
    MeetingForm,
    MessageForm,
    QuestionForm,
    RegistrationEditForm,
    ResendLinkForm,
    SignupForm,
    TeamSignupForm,
)
from .ics import meetings_calendar
from .models import RegistrationStatus, SeatStatus

GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _ip(request) -> str:
    return client_ip(request)


def _signup_closed_reason(community) -> str:
    if not community.signup_open():
        return _("Sign-up for this community has closed.")
    if not selectors.upcoming(community):
        return _("There are no upcoming meetings to sign up for.")
    return ""


# --- public ----------------------------------------------------------------------------------


@require_safe
def index(request):
    communities = selectors.community_list(user=request.user)
    return render(
        request,
        "community/index.html",
        {"communities": communities, "can_create": selectors.can_create_community(request.user)},
    )


@require_safe
def detail(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    meetings = list(selectors.meetings_with_counts(community))
    for m in meetings:
        m.places_left = max(m.capacity - m.confirmed_count, 0)
    return render(
        request,
        "community/detail.html",
        {
            "community": community,
            "meetings": meetings,
            "questions": list(selectors.agenda_questions(community)),
            "closed_reason": _signup_closed_reason(community),
            "reservation_active": community.reservation_active() and community.reserved_until,
            "is_organiser": selectors.is_organiser(request.user, community),
        },
    )


@require_safe
def privacy(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    return render(request, "community/privacy.html", {"community": community})


@require_safe
def meeting(request, slug, uuid):
    community = selectors.community_get_public(user=request.user, slug=slug)
    m = selectors.meeting_get(community=community, uuid=uuid)
    agenda_questions = list(m.questions.filter(is_published=True).order_by("position", "pk"))
    return render(
        request,
        "community/meeting.html",
        {"community": community, "meeting": m, "agenda_questions": agenda_questions},
    )


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def meeting_ics(request, slug, uuid):
    community = selectors.community_get_public(user=request.user, slug=slug)
    m = selectors.meeting_get(community=community, uuid=uuid)
    return _ics_response(
        meetings_calendar([m], name=community.title), f"{slugify(m.title) or 'bijeenkomst'}.ics"
    )


@require_safe
def series_ics(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    meetings = community.meetings.prefetch_related("agenda_items").order_by("starts_at")
    for m in meetings:
        m.community = community
    return _ics_response(meetings_calendar(meetings, name=community.title), f"{community.slug}.ics")


@GET_POST
def signup(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    closed = _signup_closed_reason(community)
    form = SignupForm(request.POST or None, community=community)
    if request.method == "POST":
        if closed:
            form.is_valid()
            form.add_error(None, closed)
        elif request.POST.get(HONEYPOT):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "This sign-up looks automated and was not sent. Leave the field “Website” empty."
                ),
            )
        elif form.is_valid():
            try:
                services.check_rate_limit(email=form.cleaned_data["email"], ip=_ip(request))
                services.registration_create(community=community, **form.service_kwargs())
            except ServiceError as err:
                err.add_to_form(form)
            else:
                return redirect("community:signup_sent", slug=community.slug)
        return render(
            request,
            "community/signup.html",
            {"community": community, "form": form, "closed_reason": closed},
            status=400,
        )
    return render(
        request,
        "community/signup.html",
        {"community": community, "form": form, "closed_reason": closed},
    )


@GET_POST
def signup_team(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    closed = _signup_closed_reason(community)
    form = TeamSignupForm(request.POST or None, community=community)
    if request.method == "POST":
        if closed:
            form.is_valid()
            form.add_error(None, closed)
        elif request.POST.get(HONEYPOT):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "This sign-up looks automated and was not sent. Leave the field “Website” empty."
                ),
            )
        elif form.is_valid():
            try:
                for member in form.members():
                    services.check_rate_limit(email=member["email"], ip=_ip(request))
                services.team_create(
                    community=community,
                    place=form.cleaned_data["place"],
                    members=form.members(),
                    **form.shared_kwargs(),
                )
            except ServiceError as err:
                err.add_to_form(form)
            else:
                return redirect("community:signup_sent", slug=community.slug)
        return render(
            request,
            "community/signup_team.html",
            {"community": community, "form": form, "closed_reason": closed},
            status=400,
        )
    return render(
        request,
        "community/signup_team.html",
        {"community": community, "form": form, "closed_reason": closed},
    )


@require_safe
def signup_sent(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    return render(request, "community/signup_sent.html", {"community": community})


@GET_POST
def resend_link(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    form = ResendLinkForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.check_rate_limit(email=form.cleaned_data["email"], ip=_ip(request))
            except ServiceError as err:
                err.add_to_form(form)
            else:
                services.resend_link(community=community, email=form.cleaned_data["email"])
                messages.success(
                    request,
                    _("If this address has signed up, we have sent the personal link to it again."),
                )
                return redirect("community:detail", slug=community.slug)
        return render(
            request,
            "community/resend_link.html",
            {"community": community, "form": form},
            status=400,
        )
    return render(request, "community/resend_link.html", {"community": community, "form": form})


@require_safe
def knowledge(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    audience = "organisers" if selectors.is_organiser(request.user, community) else "public"
    return _knowledge(request, community, audience, token="")


def _knowledge(request, community, audience, token):
    base = selectors.knowledge_search(community=community, audience=audience)
    form = KnowledgeSearchForm(request.GET or None, themes=base["themes"])
    q = theme = ""
    if form.is_valid():
        q, theme = form.cleaned_data["q"], form.cleaned_data["theme"]
    result = selectors.knowledge_search(community=community, audience=audience, q=q, theme=theme)
    return render(
        request,
        "community/knowledge.html",
        {"community": community, "form": form, "token": token, "audience": audience, **result},
    )


@require_safe
def knowledge_item(request, slug, pk):
    community = selectors.community_get_public(user=request.user, slug=slug)
    audience = "organisers" if selectors.is_organiser(request.user, community) else "public"
    item = selectors.knowledge_item_visible(community=community, pk=pk, audience=audience)
    return render(request, "community/knowledge_item.html", {"community": community, "item": item})


# --- personal link ----------------------------------------------------------------------------


def _registration_or_invalid(request, token):
    registration = selectors.registration_get_by_token(token)
    if registration is None:
        return None, render(request, "community/link_invalid.html", status=404)
    return registration, None


def _registration_context(registration, token):
    seats = selectors.registration_seats(registration)
    for seat in seats:
        seat.position = selectors.waiting_position(seat)
    return {
        "registration": registration,
        "community": registration.community,
        "seats": seats,
        "token": token,
        "now": timezone.now(),
        "expired": registration.status == RegistrationStatus.PENDING
        and registration.created_at < timezone.now() - timedelta(days=services.CONFIRM_VALID_DAYS),
    }


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
    if reg.status == RegistrationStatus.CANCELLED:
        messages.error(request, _("This sign-up was cancelled and can no longer be changed."))
        return redirect("community:registration", token=token)
    initial = {
        "name": reg.name,
        "function": reg.function,
        "province": reg.province,
        "needs": reg.needs,
        "series": SERIES if reg.whole_series else SOME,
        "meetings": [s.meeting_id for s in reg.seats.exclude(status=SeatStatus.CANCELLED)]
        or [m.pk for m in reg.chosen_meetings.all()],
    }
    form = RegistrationEditForm(request.POST or None, registration=reg, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.registration_update(
                    registration=reg,
                    name=d["name"],
                    function=d["function"],
                    province=d["province"],
                    needs=d["needs"],
                    whole_series=d["series"] == SERIES,
                    meetings=list(d.get("meetings") or []),
                )
            except ServiceError as err:
                err.add_to_form(form)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect("community:registration", token=token)
        return render(
            request,
            "community/registration_edit.html",
            {"registration": reg, "community": reg.community, "form": form, "token": token},
            status=400,
        )
    return render(
        request,
        "community/registration_edit.html",
        {"registration": reg, "community": reg.community, "form": form, "token": token},
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
    return render(
        request,
        "community/registration_confirm_action.html",
        {
            "registration": reg,
            "community": reg.community,
            "token": token,
            "title": _("Cancel your sign-up"),
            "text": _(
                "You will no longer come to any of the meetings. Your places go to people on the waiting list."
            ),
            "button": _("Yes, cancel my sign-up"),
            "action": reverse("community:registration_cancel", kwargs={"token": token}),
        },
    )


@never_cache
@require_POST
def seat_cancel(request, token, uuid):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    seat = reg.seats.select_related("meeting").filter(meeting__uuid=uuid).first()
    if seat is None:
        raise Http404
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
    return render(
        request,
        "community/registration_confirm_action.html",
        {
            "registration": reg,
            "community": reg.community,
            "token": token,
            "title": _("Delete my personal data"),
            "text": _(
                "We cancel your sign-up and delete your name, e-mail address, function and needs. "
                "We keep only anonymous numbers. This cannot be undone."
            ),
            "button": _("Yes, delete my data"),
            "action": reverse("community:registration_delete", kwargs={"token": token}),
        },
    )


@never_cache
@require_safe
def registration_knowledge(request, token):
    reg, invalid = _registration_or_invalid(request, token)
    if invalid:
        return invalid
    audience = "participants" if reg.status == RegistrationStatus.CONFIRMED else "public"
    return _knowledge(request, reg.community, audience, token=token)


# --- organisers -------------------------------------------------------------------------------


def _organiser(request, slug):
    return selectors.community_get_for_organiser(user=request.user, slug=slug)


@login_required
@GET_POST
def community_create(request):
    if not selectors.can_create_community(request.user):
        raise Http404
    form = CommunityForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            community = services.community_create(form=form, actor=request.user)
            messages.success(request, _("The community has been created. Now add its meetings."))
            return redirect("community:manage", slug=community.slug)
        return render(request, "community/community_form.html", {"form": form}, status=400)
    return render(request, "community/community_form.html", {"form": form})


@login_required
@GET_POST
def community_edit(request, slug):
    community = _organiser(request, slug)
    form = CommunityForm(request.POST or None, instance=community, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            community = services.organiser_save(
                form=form, actor=request.user, action="community.community.updated"
            )
            services.fill_free_places(community=community)
            messages.success(request, _("Your changes have been saved."))
            return redirect("community:manage", slug=community.slug)
        return render(
            request,
            "community/community_form.html",
            {"form": form, "community": community},
            status=400,
        )
    return render(request, "community/community_form.html", {"form": form, "community": community})


@login_required
@require_safe
def manage(request, slug):
    community = _organiser(request, slug)
    meetings = list(selectors.meetings_with_counts(community))
    for m in meetings:
        m.places_left = max(m.capacity - m.confirmed_count, 0)
    return render(
        request,
        "community/manage.html",
        {"community": community, "meetings": meetings, **selectors.dashboard(community)},
    )


@login_required
@GET_POST
def meeting_create(request, slug):
    community = _organiser(request, slug)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                m = services.meeting_save(
                    form=form, actor=request.user, community=community, created=True
                )
            except ServiceError as err:
                err.add_to_form(form)
            else:
                messages.success(request, _("The meeting has been added."))
                return redirect("community:meeting_manage", slug=slug, uuid=m.uuid)
        return render(
            request,
            "community/meeting_form.html",
            {"form": form, "community": community},
            status=400,
        )
    return render(request, "community/meeting_form.html", {"form": form, "community": community})


@login_required
@GET_POST
def meeting_edit(request, slug, uuid):
    community = _organiser(request, slug)
    m = selectors.meeting_get(community=community, uuid=uuid)
    form = MeetingForm(request.POST or None, instance=m, version=m.version)
    ctx = {"form": form, "community": community, "meeting": m}
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.meeting_save(
                    form=form,
                    actor=request.user,
                    community=community,
                    created=False,
                    expected_version=form.loaded_version,
                )
            except StaleEdit as err:
                form.refuse_stale(err)
                status = 409
            except ServiceError as err:
                err.add_to_form(form)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect("community:meeting_manage", slug=slug, uuid=m.uuid)
        return render(request, "community/meeting_form.html", ctx, status=status)
    return render(request, "community/meeting_form.html", ctx)


def _meeting_manage_context(request, community, m, **extra):
    search = CheckInSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    return {
        "community": community,
        "meeting": m,
        "search": search,
        "q": q,
        "agenda_form": extra.pop("agenda_form", None) or AgendaItemForm(prefix="agenda"),
        "material_form": extra.pop("material_form", None) or MaterialForm(prefix="material"),
        **selectors.meeting_seats(m, q=q),
        **extra,
    }


@login_required
@require_safe
def meeting_manage(request, slug, uuid):
    community = _organiser(request, slug)
    m = selectors.meeting_get(community=community, uuid=uuid)
    return render(
        request, "community/meeting_manage.html", _meeting_manage_context(request, community, m)
    )


@login_required
@require_POST
def agenda_item_add(request, slug, uuid):
    community = _organiser(request, slug)
    m = selectors.meeting_get(community=community, uuid=uuid)
    form = AgendaItemForm(request.POST, prefix="agenda")
    if form.is_valid():
        services.organiser_save(
            form=form, actor=request.user, action="community.agenda_item.created", meeting=m
        )
        messages.success(request, _("The agenda item has been added."))
        return redirect("community:meeting_manage", slug=slug, uuid=uuid)
    return render(
        request,
        "community/meeting_manage.html",
        _meeting_manage_context(request, community, m, agenda_form=form),
        status=400,
    )


@login_required
@require_POST
def material_add(request, slug, uuid):
    community = _organiser(request, slug)
    m = selectors.meeting_get(community=community, uuid=uuid)
    form = MaterialForm(request.POST, request.FILES, prefix="material")
    if form.is_valid():
        services.organiser_save(
            form=form, actor=request.user, action="community.material.created", meeting=m
        )
        messages.success(request, _("The material has been added."))
        return redirect("community:meeting_manage", slug=slug, uuid=uuid)
    return render(
        request,
        "community/meeting_manage.html",
        _meeting_manage_context(request, community, m, material_form=form),
        status=400,
    )


@login_required
@require_POST
def check_in(request, slug, uuid, pk):
    community = _organiser(request, slug)
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
                "q": request.POST.get("q", ""),
            },
        )
    if error:
        messages.error(request, error)
    url = reverse("community:meeting_manage", kwargs={"slug": slug, "uuid": uuid})
    q = request.POST.get("q", "")
    return redirect(url + (f"?{urlencode({'q': q})}" if q else "") + f"#seat-{seat.pk}")


@login_required
@GET_POST
def meeting_message(request, slug, uuid):
    community = _organiser(request, slug)
    m = selectors.meeting_get(community=community, uuid=uuid)
    form = MessageForm(request.POST or None)
    ctx = {"community": community, "meeting": m, "form": form, "sent": m.messages.all()[:20]}
    if request.method == "POST":
        if form.is_valid():
            try:
                msg = services.message_send(meeting=m, actor=request.user, **form.cleaned_data)
            except ServiceError as err:
                err.add_to_form(form)
            else:
                messages.success(
                    request,
                    _("Your message has been sent to %(n)s people.") % {"n": msg.recipients},
                )
                return redirect("community:meeting_manage", slug=slug, uuid=uuid)
        return render(request, "community/meeting_message.html", ctx, status=400)
    return render(request, "community/meeting_message.html", ctx)


@login_required
@require_safe
def export_csv(request, slug):
    community = _organiser(request, slug)
    header, rows = selectors.export_rows(community)
    return exports.download(
        exports.csv_bytes(header, rows, delimiter=";"), f"{community.slug}-deelnemers.csv"
    )


@login_required
@require_safe
def export_xlsx(request, slug):
    community = _organiser(request, slug)
    header, rows = selectors.export_rows(community)
    return exports.download(
        exports.xlsx_bytes(_("Participants"), header, rows), f"{community.slug}-deelnemers.xlsx"
    )


@login_required
@require_safe
def certificate(request, slug, pk):
    from weasyprint import HTML

    community = _organiser(request, slug)
    reg = selectors.registration_get_for_organiser(community=community, pk=pk)
    attended = list(
        reg.seats.filter(attended_at__isnull=False)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
    if not attended or not reg.name:
        messages.error(request, _("There is no attendance recorded for this participant."))
        return redirect("community:manage", slug=slug)
    html = render_to_string(
        "community/certificate.html",
        {
            "community": community,
            "registration": reg,
            "attended": attended,
            "today": timezone.localdate(),
        },
        request=request,
    )
    pdf = HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="deelnamebewijs-{reg.pk}.pdf"'
    return response


@login_required
@require_safe
def questions_manage(request, slug):
    community = _organiser(request, slug)
    questions = list(selectors.question_board(community))
    groups: dict[str, list] = {}
    for q in questions:
        groups.setdefault(q.group, []).append(q)
    return render(
        request,
        "community/questions_manage.html",
        {
            "community": community,
            "groups": sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0])),
        },
    )


def _organiser_form_page(request, *, form, template, ctx, action, success, redirect_to, **attrs):
    """GET shows the form; a valid POST saves it with an audit event and redirects; an invalid
    POST shows the form again with status 400."""
    if request.method == "POST":
        if form.is_valid():
            services.organiser_save(form=form, actor=request.user, action=action, **attrs)
            messages.success(request, success)
            return redirect(redirect_to)
        return render(request, template, {"form": form, **ctx}, status=400)
    return render(request, template, {"form": form, **ctx})


@login_required
@GET_POST
def question_create(request, slug):
    community = _organiser(request, slug)
    return _organiser_form_page(
        request,
        form=QuestionForm(request.POST or None, community=community),
        template="community/question_form.html",
        ctx={"community": community},
        action="community.question.created",
        success=_("The question has been added."),
        redirect_to=reverse("community:questions_manage", kwargs={"slug": slug}),
        community=community,
    )


@login_required
@GET_POST
def question_edit(request, slug, pk):
    community = _organiser(request, slug)
    question = selectors.question_get(community=community, pk=pk)
    return _organiser_form_page(
        request,
        form=QuestionForm(request.POST or None, instance=question, community=community),
        template="community/question_form.html",
        ctx={"community": community, "question": question},
        action="community.question.updated",
        success=_("Your changes have been saved."),
        redirect_to=reverse("community:questions_manage", kwargs={"slug": slug}),
    )


@login_required
@GET_POST
def knowledge_create(request, slug):
    community = _organiser(request, slug)
    return _organiser_form_page(
        request,
        form=KnowledgeItemForm(request.POST or None, request.FILES or None),
        template="community/knowledge_form.html",
        ctx={"community": community},
        action="community.knowledge.created",
        success=_("The item has been added to the knowledge base."),
        redirect_to=reverse("community:knowledge", kwargs={"slug": slug}),
        community=community,
    )


@login_required
@GET_POST
def knowledge_edit(request, slug, pk):
    community = _organiser(request, slug)
    item = selectors.knowledge_get(community=community, pk=pk)
    return _organiser_form_page(
        request,
        form=KnowledgeItemForm(request.POST or None, request.FILES or None, instance=item),
        template="community/knowledge_form.html",
        ctx={"community": community, "item": item},
        action="community.knowledge.updated",
        success=_("Your changes have been saved."),
        redirect_to=reverse("community:knowledge", kwargs={"slug": slug}),
    )
