"""Every Community of Practice URL with the expected status per persona.

The community is organised by a user who is none of the personas: every persona except staff is
a non-organiser (404 on organiser pages; anonymous is sent to the login page). Personal-link
pages depend on the token, not on who is logged in."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from driehoek.community import checkin, services
from driehoek.community.models import SeatStatus, Visibility
from driehoek.core.testing import UrlCase

from .factories import (
    CommunityFactory,
    KnowledgeItemFactory,
    MeetingFactory,
    QuestionFactory,
    SeatFactory,
)

PUBLIC = {"*": 200}
ORGANISER = {"anonymous": 302, "*": 404, "staff": 200}


def url_cases(world) -> list[UrlCase]:
    from driehoek.accounts.tests.factories import UserFactory

    organiser = UserFactory()
    community = CommunityFactory(organisers=[organiser])
    draft = CommunityFactory(is_published=False, organisers=[organiser])
    meeting = MeetingFactory(community=community)
    question = QuestionFactory(community=community)
    item = KnowledgeItemFactory(community=community)
    hidden_item = KnowledgeItemFactory(community=community, visibility=Visibility.ORGANISERS)
    seat = SeatFactory(meeting=meeting, registration__community=community)
    # A certificate only after the meeting has ended: a checked-in place at a past meeting.
    past = MeetingFactory(community=community, starts_at=timezone.now() - timedelta(days=2))
    attended = SeatFactory(
        meeting=past, registration__community=community, attended_at=past.starts_at
    )
    SeatFactory(meeting=meeting, registration__community=community, status=SeatStatus.WAITING)
    _reg, token = services.registration_create(
        community=community,
        name="Authz Persoon",
        email="authz@example.org",
        party="gemeente",
        organisation_name="Gemeente Authz",
        consent=True,
    )
    c = {"slug": community.slug}
    m = {"slug": community.slug, "uuid": meeting.uuid}
    t = {"token": token}
    bad = {"token": "no-such-token"}
    return [
        UrlCase("community:index", expect=PUBLIC),
        UrlCase("community:community_create", expect=ORGANISER),
        # personal link
        UrlCase("community:registration", t, expect=PUBLIC),
        UrlCase("community:registration", bad, expect={"*": 404}),
        UrlCase("community:registration_confirm", t, method="post", expect={"*": 302}),
        UrlCase("community:registration_edit", t, expect=PUBLIC),
        UrlCase("community:registration_cancel", t, expect=PUBLIC),
        UrlCase(
            "community:seat_cancel", {**bad, "uuid": meeting.uuid}, method="post", expect={"*": 404}
        ),
        UrlCase("community:registration_data", t, expect=PUBLIC),
        UrlCase("community:registration_delete", t, expect=PUBLIC),
        UrlCase("community:registration_delete", bad, expect={"*": 404}),
        UrlCase("community:registration_knowledge", t, expect=PUBLIC),
        # public
        UrlCase("community:detail", c, expect=PUBLIC),
        UrlCase("community:detail", {"slug": draft.slug}, expect=ORGANISER | {"anonymous": 404}),
        UrlCase("community:signup", c, expect=PUBLIC),
        UrlCase("community:signup_team", c, expect=PUBLIC),
        UrlCase("community:signup_organisations", c, query="q=test", expect=PUBLIC),
        UrlCase(
            "community:signup_organisations",
            {"slug": draft.slug},
            query="q=test",
            expect=ORGANISER | {"anonymous": 404},
        ),
        UrlCase("community:signup_sent", c, expect=PUBLIC),
        UrlCase("community:resend_link", c, expect=PUBLIC),
        UrlCase("community:privacy", c, expect=PUBLIC),
        UrlCase("community:series_ics", c, expect=PUBLIC),
        UrlCase("community:meeting", m, expect=PUBLIC),
        UrlCase("community:meeting_ics", m, expect=PUBLIC),
        UrlCase("community:knowledge", c, expect=PUBLIC),
        UrlCase("community:knowledge_item", {**c, "pk": item.pk}, expect=PUBLIC),
        UrlCase(
            "community:knowledge_item",
            {**c, "pk": hidden_item.pk},
            expect={"*": 404, "staff": 200},
        ),
        # organisers
        UrlCase("community:manage", c, expect=ORGANISER),
        UrlCase("community:community_edit", c, expect=ORGANISER),
        UrlCase("community:export_xlsx", c, expect=ORGANISER),
        UrlCase("community:export_csv", c, expect=ORGANISER),
        UrlCase("community:certificate", {**c, "pk": attended.registration_id}, expect=ORGANISER),
        UrlCase("community:meeting_create", c, expect=ORGANISER),
        UrlCase("community:meeting_manage", m, expect=ORGANISER),
        UrlCase("community:meeting_edit", m, expect=ORGANISER),
        UrlCase(
            "community:agenda_item_add",
            m,
            method="post",
            data={},
            expect=ORGANISER | {"staff": 400},
        ),
        UrlCase(
            "community:material_add", m, method="post", data={}, expect=ORGANISER | {"staff": 400}
        ),
        UrlCase(
            "community:check_in",
            {**m, "pk": seat.pk},
            method="post",
            data={"present": "1"},
            expect=ORGANISER | {"staff": 302},
        ),
        UrlCase(
            "community:checkin_scan",
            {**c, "token": checkin.checkin_token(seat.registration)},
            expect=ORGANISER,
        ),
        UrlCase(
            "community:checkin_scan",
            {**c, "token": checkin.checkin_token(seat.registration)},
            method="post",
            data={"seat": seat.pk, "present": "1"},
            expect=ORGANISER | {"staff": 302},
        ),
        UrlCase(
            "community:checkin_scan",
            {**c, "token": "1:wrong"},
            expect={"anonymous": 302, "*": 404},
        ),
        UrlCase("community:meeting_message", m, expect=ORGANISER),
        UrlCase("community:questions_manage", c, expect=ORGANISER),
        UrlCase("community:question_create", c, expect=ORGANISER),
        UrlCase("community:question_edit", {**c, "pk": question.pk}, expect=ORGANISER),
        UrlCase("community:knowledge_create", c, expect=ORGANISER),
        UrlCase("community:knowledge_edit", {**c, "pk": hidden_item.pk}, expect=ORGANISER),
    ]
