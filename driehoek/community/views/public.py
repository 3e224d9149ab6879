"""Public pages: the list of communities, a community, its meetings, calendar files and the
knowledge base. They show counts, never names."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from driehoek.core.permissions import may

from .. import selectors, selectors_signup
from ..forms import KnowledgeSearchForm
from ..ics import meetings_calendar
from .common import ics_response, signup_closed_reason


@require_safe
def index(request):
    communities = selectors.community_list(user=request.user)
    return render(request, "community/index.html", {"communities": communities})


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
            "closed_reason": signup_closed_reason(community),
            "next_edition": selectors_signup.open_next_edition(community, user=request.user),
            "reservation_active": community.reservation_active() and community.reserved_until,
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
    return render(
        request,
        "community/meeting.html",
        {
            "community": community,
            "meeting": m,
            "agenda_questions": selectors.meeting_published_questions(m),
        },
    )


@require_safe
def meeting_ics(request, slug, uuid):
    community = selectors.community_get_public(user=request.user, slug=slug)
    m = selectors.meeting_get(community=community, uuid=uuid)
    return ics_response(
        meetings_calendar([m], name=community.title), f"{slugify(m.title) or 'bijeenkomst'}.ics"
    )


@require_safe
def series_ics(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    meetings = selectors.series_meetings(community)
    return ics_response(meetings_calendar(meetings, name=community.title), f"{community.slug}.ics")


def _audience(request, community) -> str:
    if may(request.user, "community.view_draft_knowledge", community):
        return "organisers"
    return "public"


@require_safe
def knowledge(request, slug):
    community = selectors.community_get_public(user=request.user, slug=slug)
    return knowledge_page(request, community, _audience(request, community), token="")


def knowledge_page(request, community, audience, token):
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
    item = selectors.knowledge_item_visible(
        community=community, pk=pk, audience=_audience(request, community)
    )
    return render(request, "community/knowledge_item.html", {"community": community, "item": item})
