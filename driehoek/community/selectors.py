"""Permission-aware reads for the Community of Practice. Views fetch through these."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from driehoek.core.permissions import may
from driehoek.organisations.models import RegionKind

from .models import (
    TRIANGLE,
    AgendaItem,
    Community,
    KnowledgeItem,
    Meeting,
    Party,
    Question,
    Registration,
    RegistrationStatus,
    Seat,
    SeatStatus,
    Visibility,
    hash_token,
)


def organised_community_ids(user) -> set[int]:
    """The communities the user is listed as organiser of (cached on the user object)."""
    cache = getattr(user, "_dh_organised", None)
    if cache is None:
        cache = set(user.organised_communities.values_list("pk", flat=True))
        user._dh_organised = cache
    return cache


def organises_any_community(user) -> bool:
    return user.organised_communities.exists()


def is_organiser(user, community: Community) -> bool:
    return may(user, "community.manage", community)


def can_create_community(user) -> bool:
    """Staff, and people who already organise a community, may start a new one."""
    return may(user, "community.create")


def community_list(*, user) -> QuerySet[Community]:
    qs = Community.objects.all()
    if not may(user, "community.view_all"):
        visible = Q(is_published=True)
        if user.is_authenticated:
            visible |= Q(organisers=user)
        qs = qs.filter(visible).distinct()
    return qs.annotate(meeting_count=Count("meetings", distinct=True)).order_by("title")


def _community(slug: str) -> Community:
    try:
        return Community.objects.get(slug=slug)
    except Community.DoesNotExist:
        raise Http404 from None


def community_get_public(*, user, slug: str) -> Community:
    community = _community(slug)
    if not may(user, "community.view", community):
        raise Http404
    return community


def community_get_for_organiser(*, user, slug: str, rule: str = "community.manage") -> Community:
    """404 for everyone whom ``rule`` refuses (organiser pages: staff organise all)."""
    community = _community(slug)
    if not may(user, rule, community):
        raise Http404
    return community


def meetings_with_counts(community: Community) -> QuerySet[Meeting]:
    return (
        community.meetings.annotate(
            confirmed_count=Count("seats", filter=Q(seats__status=SeatStatus.CONFIRMED)),
            waiting_count=Count("seats", filter=Q(seats__status=SeatStatus.WAITING)),
            attended_count=Count("seats", filter=Q(seats__attended_at__isnull=False)),
            gemeente_count=Count(
                "seats",
                filter=Q(
                    seats__status=SeatStatus.CONFIRMED, seats__registration__party=Party.GEMEENTE
                ),
            ),
            corporatie_count=Count(
                "seats",
                filter=Q(
                    seats__status=SeatStatus.CONFIRMED, seats__registration__party=Party.CORPORATIE
                ),
            ),
            huurders_count=Count(
                "seats",
                filter=Q(
                    seats__status=SeatStatus.CONFIRMED, seats__registration__party=Party.HUURDERS
                ),
            ),
        )
        .prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "pk")),
            "materials",
        )
        .order_by("starts_at", "pk")
    )


def meeting_get(*, community: Community, uuid) -> Meeting:
    try:
        meeting = community.meetings.prefetch_related("agenda_items", "materials").get(uuid=uuid)
    except (Meeting.DoesNotExist, ValueError):
        raise Http404 from None
    meeting.community = community
    return meeting


def agenda_questions(community: Community) -> QuerySet[Question]:
    return community.questions.filter(is_agenda=True).order_by("position", "pk")


def registration_get_by_token(token: str) -> Registration | None:
    if not token or len(token) > 100:
        return None
    return (
        Registration.objects.select_related("community", "organisation", "team")
        .filter(token_hash=hash_token(token))
        .first()
    )


def registration_seats(registration: Registration) -> list[Seat]:
    return list(registration.seats.select_related("meeting").order_by("meeting__starts_at"))


def waiting_position(seat: Seat) -> int | None:
    if seat.status != SeatStatus.WAITING:
        return None
    ahead = Seat.objects.filter(meeting_id=seat.meeting_id, status=SeatStatus.WAITING).filter(
        Q(waiting_since__lt=seat.waiting_since)
        | Q(waiting_since=seat.waiting_since, pk__lt=seat.pk)
    )
    return ahead.count() + 1


def dashboard(community: Community) -> dict:
    """Numbers for the organiser dashboard: a fixed number of queries however many sign-ups."""
    regs = community.registrations.exclude(status=RegistrationStatus.CANCELLED)
    by_status = dict(regs.values_list("status").annotate(n=Count("pk")).order_by())
    confirmed = regs.filter(status=RegistrationStatus.CONFIRMED)
    by_party = dict(confirmed.values_list("party").annotate(n=Count("pk")).order_by())
    party_rows = [
        {"party": label, "key": value, "count": by_party.get(value, 0)}
        for value, label in Party.choices
    ]
    triangle_total = sum(by_party.get(p, 0) for p in TRIANGLE) or 1
    for row in party_rows:
        row["percent"] = (
            round(100 * row["count"] / triangle_total) if row["key"] in TRIANGLE else None
        )
    by_province = list(
        confirmed.values("province").annotate(n=Count("pk")).order_by("-n", "province")
    )
    by_region = list(
        confirmed.filter(organisation__regions__kind=RegionKind.WONINGMARKTREGIO)
        .values("organisation__regions__name")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n", "organisation__regions__name")
    )
    teams = list(
        community.teams.annotate(
            members=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)
            )
        ).order_by("place")
    )
    counts = [r["count"] for r in party_rows if r["key"] in TRIANGLE]
    balanced = min(counts) * 2 >= max(counts) if max(counts) else False
    return {
        "pending": by_status.get(RegistrationStatus.PENDING, 0),
        "confirmed": by_status.get(RegistrationStatus.CONFIRMED, 0),
        "party_rows": party_rows,
        "by_province": by_province,
        "by_region": by_region,
        "teams": teams,
        "balanced": balanced,
    }


def seat_get(*, meeting: Meeting, pk: int) -> Seat:
    try:
        return Seat.objects.select_related("registration", "meeting").get(meeting=meeting, pk=pk)
    except Seat.DoesNotExist:
        raise Http404 from None


def registration_get_for_organiser(*, community: Community, pk: int) -> Registration:
    try:
        return community.registrations.select_related("organisation").get(pk=pk)
    except Registration.DoesNotExist:
        raise Http404 from None


def export_rows(community: Community) -> tuple[list[str], list[list]]:
    """Participants and their answers, one row per sign-up (for Excel and CSV)."""
    from django.utils.translation import gettext as _

    meetings = list(community.meetings.order_by("starts_at", "pk"))
    header = [
        _("Name"),
        _("E-mail address"),
        _("Organisation"),
        _("Party"),
        _("Function"),
        _("Province"),
        _("Status"),
        _("Team"),
        _("Questions brought"),
        _("Own question"),
        _("Accessibility or dietary needs"),
    ] + [m.title for m in meetings]
    regs = (
        community.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("organisation", "team")
        .prefetch_related("questions", "own_questions", "seats")
        .order_by("name", "pk")
    )
    rows = []
    for r in regs:
        seats = {s.meeting_id: s for s in r.seats.all()}
        cells = []
        for m in meetings:
            seat = seats.get(m.pk)
            if seat is None or seat.status == SeatStatus.CANCELLED:
                cells.append("")
            elif seat.attended_at:
                cells.append(_("present"))
            else:
                cells.append(seat.get_status_display())
        rows.append(
            [
                r.name,
                r.email,
                r.organisation_label,
                r.get_party_display(),
                r.function,
                r.get_province_display() if r.province else "",
                r.get_status_display(),
                r.team.place if r.team else "",
                "; ".join(q.text for q in r.questions.all()),
                "; ".join(q.text for q in r.own_questions.all()),
                r.needs,
            ]
            + cells
        )
    return header, rows


def question_board(community: Community) -> QuerySet[Question]:
    return (
        community.questions.select_related("meeting")
        .annotate(brought=Count("brought_by", distinct=True))
        .order_by("group", "position", "pk")
    )


def question_get(*, community: Community, pk: int) -> Question:
    try:
        return community.questions.get(pk=pk)
    except Question.DoesNotExist:
        raise Http404 from None


def knowledge_get(*, community: Community, pk: int) -> KnowledgeItem:
    try:
        return community.knowledge_items.get(pk=pk)
    except KnowledgeItem.DoesNotExist:
        raise Http404 from None


def knowledge_search(*, community: Community, audience: str, q: str = "", theme: str = "") -> dict:
    """The knowledge base: published questions with their outcome, practice examples and
    documents. ``audience`` is "public", "participants" or "organisers"."""
    visible = {
        "public": [Visibility.PUBLIC],
        "participants": [Visibility.PUBLIC, Visibility.PARTICIPANTS],
        "organisers": list(Visibility.values),
    }[audience]
    items = community.knowledge_items.filter(visibility__in=visible)
    questions = community.questions.select_related("meeting")
    if audience != "organisers":
        questions = questions.filter(is_published=True)
    themes = sorted(
        {t for t in items.values_list("theme", flat=True) if t}
        | {t for t in questions.values_list("theme", flat=True) if t}
    )
    if theme:
        items = items.filter(theme=theme)
        questions = questions.filter(theme=theme)
    if q.strip():
        text = q.strip()
        items = items.filter(
            Q(title__icontains=text) | Q(body__icontains=text) | Q(theme__icontains=text)
        )
        questions = questions.filter(
            Q(text__icontains=text) | Q(outcome__icontains=text) | Q(theme__icontains=text)
        )
    return {
        "items": list(items.order_by("title", "pk")),
        "questions": list(questions.order_by("theme", "position", "pk")),
        "themes": themes,
    }


def knowledge_item_visible(*, community: Community, pk: int, audience: str) -> KnowledgeItem:
    item = knowledge_get(community=community, pk=pk)
    by_audience: dict[str, list[str]] = {
        "public": [Visibility.PUBLIC],
        "participants": [Visibility.PUBLIC, Visibility.PARTICIPANTS],
        "organisers": list(Visibility.values),
    }
    allowed = by_audience[audience]
    if item.visibility not in allowed:
        raise Http404
    return item


def upcoming(community: Community) -> bool:
    return community.meetings.filter(starts_at__gt=timezone.now()).exists()


def series_meetings(community: Community) -> list[Meeting]:
    """Every meeting of the series with its agenda (for the calendar file)."""
    meetings = list(community.meetings.prefetch_related("agenda_items").order_by("starts_at"))
    for m in meetings:
        m.community = community
    return meetings


def meeting_published_questions(meeting: Meeting) -> list[Question]:
    return list(meeting.questions.filter(is_published=True).order_by("position", "pk"))


def registration_seat(registration: Registration, *, uuid) -> Seat:
    """The sign-up's seat at the meeting ``uuid``, or 404."""
    seat = registration.seats.select_related("meeting").filter(meeting__uuid=uuid).first()
    if seat is None:
        raise Http404
    return seat


def registration_meeting_ids(registration: Registration) -> list[int]:
    """The meetings a sign-up comes to (its seats), or else the ones it chose."""
    return [s.meeting_id for s in registration.seats.exclude(status=SeatStatus.CANCELLED)] or [
        m.pk for m in registration.chosen_meetings.all()
    ]


def messages_sent(meeting: Meeting, *, limit: int = 20) -> QuerySet:
    return meeting.messages.all()[:limit]


def attended_seats(registration: Registration) -> list[Seat]:
    return list(
        registration.seats.filter(attended_at__isnull=False)
        .select_related("meeting")
        .order_by("meeting__starts_at")
    )
