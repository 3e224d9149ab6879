"""Organiser pages of a community: create and edit it, the dashboard, exports, certificates,
the question board and the knowledge base. 404 for everyone the rules refuse."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from driehoek.core import documents, exports
from driehoek.core.formflow import handle_form
from driehoek.core.permissions import may

from .. import selectors, selectors_checkin, services
from ..forms import CommunityForm, KnowledgeItemForm, QuestionForm
from .common import GET_POST, organiser_community, render_form


def _manage_url(community) -> str:
    return reverse("community:manage", kwargs={"slug": community.slug})


@login_required
@GET_POST
def community_create(request):
    if not may(request.user, "community.create"):
        raise Http404
    form = CommunityForm(request.POST or None, user=request.user)
    outcome = handle_form(
        request,
        form,
        lambda d: services.community_create(form=form, actor=request.user),
        success=_("The community has been created. Now add its meetings."),
        redirect_to=_manage_url,
    )
    return render_form(request, "community/community_form.html", {"form": form}, outcome)


@login_required
@GET_POST
def community_edit(request, slug):
    community = organiser_community(request, slug, "community.edit")
    form = CommunityForm(request.POST or None, instance=community, user=request.user)

    def save(d):
        saved = services.organiser_save(
            form=form, actor=request.user, action="community.community.updated"
        )
        services.fill_free_places(community=saved)
        return saved

    outcome = handle_form(
        request,
        form,
        save,
        success=_("Your changes have been saved."),
        redirect_to=_manage_url,
    )
    return render_form(
        request, "community/community_form.html", {"form": form, "community": community}, outcome
    )


@login_required
@require_safe
def manage(request, slug):
    community = organiser_community(request, slug, "community.manage")
    meetings = list(selectors.meetings_with_counts(community))
    for m in meetings:
        m.places_left = max(m.capacity - m.confirmed_count, 0)
    return render(
        request,
        "community/manage.html",
        {"community": community, "meetings": meetings, **selectors.dashboard(community)},
    )


@login_required
@require_safe
def export_csv(request, slug):
    community = organiser_community(request, slug, "community.export")
    header, rows = selectors.export_rows(community)
    return exports.download(
        exports.csv_bytes(header, rows, delimiter=";"), f"{community.slug}-deelnemers.csv"
    )


@login_required
@require_safe
def export_xlsx(request, slug):
    community = organiser_community(request, slug, "community.export")
    header, rows = selectors.export_rows(community)
    return exports.download(
        exports.xlsx_bytes(_("Participants"), header, rows), f"{community.slug}-deelnemers.xlsx"
    )


@login_required
@require_safe
def certificate(request, slug, pk):
    """The certificate of attendance, rendered by a task once per content (core.documents):
    a new check-in or a changed name makes a new version."""
    community = organiser_community(request, slug, "community.issue_certificate")
    reg = selectors.registration_get_for_organiser(community=community, pk=pk)
    attended = selectors.attended_seats(reg)
    if not attended or not reg.name:
        messages.error(request, _("There is no attendance recorded for this participant."))
        return redirect("community:manage", slug=slug)
    attended = selectors_checkin.certified_seats(attended)
    if not attended:
        messages.error(
            request, _("The certificate of attendance is available once the meeting has ended.")
        )
        return redirect("community:manage", slug=slug)

    def html(stamped: bool) -> str:
        return render_to_string(
            "community/certificate.html",
            {
                "community": community,
                "registration": reg,
                "attended": attended,
                "today": timezone.localdate() if stamped else None,
            },
            request=request,
        )

    return documents.serve(
        request,
        kind="community.certificate",
        key=str(reg.pk),
        html=html,
        filename=f"deelnamebewijs-{reg.pk}.pdf",
        disposition="attachment",
    )


@login_required
@require_safe
def questions_manage(request, slug):
    community = organiser_community(request, slug, "community.manage_questions")
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
    outcome = handle_form(
        request,
        form,
        lambda d: services.organiser_save(form=form, actor=request.user, action=action, **attrs),
        success=success,
        redirect_to=redirect_to,
    )
    return render_form(request, template, {"form": form, **ctx}, outcome)


@login_required
@GET_POST
def question_create(request, slug):
    community = organiser_community(request, slug, "community.manage_questions")
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
    community = organiser_community(request, slug, "community.manage_questions")
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
    community = organiser_community(request, slug, "community.manage_knowledge")
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
    community = organiser_community(request, slug, "community.manage_knowledge")
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
