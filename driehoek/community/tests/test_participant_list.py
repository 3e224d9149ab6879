"""The list at the door at national scale (issue 13, point 6): a meeting's participants with a
place search by name and organisation, filter on presence, sort by their column headers and
page by 50; checking someone in without JavaScript comes back to the same list; the waiting
list pages in its own order; the same queries for 5 and 120 participants."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import reset_queries
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.testing import amsterdam

from ..models import Party, Registration, RegistrationStatus, Seat, SeatStatus
from .factories import CommunityFactory, MeetingFactory

pytestmark = pytest.mark.django_db

DAY = (2026, 3, 15)


@pytest.fixture
def setup(clock):
    clock.travel_to(amsterdam(*DAY, 18))  # the meeting's day: check-in is open
    organiser = UserFactory()
    community = CommunityFactory(organisers=[organiser])
    meeting = MeetingFactory(community=community, starts_at=amsterdam(*DAY, 19), capacity=500)
    return organiser, community, meeting


def _participants(community, meeting, n, *, offset=0, status=SeatStatus.CONFIRMED):
    """``n`` participants "Deelnemer 000"… from "Organisatie Z…" down to "Organisatie A…"
    (the organisation runs the other way round from the name); every third one present."""
    regs = Registration.objects.bulk_create(
        Registration(
            community=community,
            name=f"Deelnemer {i:03d}",
            email=f"d{i}@example.org",
            organisation_name=f"Organisatie {999 - i:03d}",
            party=[Party.GEMEENTE, Party.CORPORATIE, Party.HUURDERS][i % 3],
            status=RegistrationStatus.CONFIRMED,
        )
        for i in range(offset, offset + n)
    )
    start = amsterdam(*DAY, 8)
    Seat.objects.bulk_create(
        Seat(
            registration=r,
            meeting=meeting,
            status=status,
            attended_at=start if status == SeatStatus.CONFIRMED and i % 3 == 0 else None,
            waiting_since=start + timedelta(minutes=i) if status == SeatStatus.WAITING else None,
        )
        for i, r in enumerate(regs, start=offset)
    )


def _url(community, meeting):
    return reverse(
        "community:meeting_manage", kwargs={"slug": community.slug, "uuid": meeting.uuid}
    )


def _list(html):
    start = html.index('id="checkin-list"')
    return html[start : html.index("Wachtlijst", start)]


def _names(html):
    return re.findall(r'class="dh-checkin__name">(Deelnemer \d{3})<', _list(html))


def _waiting(html):
    start = html.index("Wachtlijst</h2>")
    return re.findall(r"<li>(Deelnemer \d{3}) –", html[start : html.index("Agenda</h2>", start)])


def test_pages_by_50_and_keeps_the_count(client_for, setup):
    organiser, community, meeting = setup
    _participants(community, meeting, 120)
    c = client_for(organiser)
    html = c.get(_url(community, meeting)).content.decode()
    assert _names(html) == [f"Deelnemer {i:03d}" for i in range(50)]
    assert "120 mensen met een plaats" in html
    assert "1–50 van 120" in _list(html) and 'aria-current="page"' in _list(html)
    html = c.get(_url(community, meeting), {"page": 3}).content.decode()
    assert _names(html) == [f"Deelnemer {i:03d}" for i in range(100, 120)]


def test_sorts_by_organisation_party_and_presence(client_for, setup):
    organiser, community, meeting = setup
    _participants(community, meeting, 6)
    c = client_for(organiser)
    html = c.get(_url(community, meeting), {"sort": "organisation"}).content.decode()
    assert _names(html) == [f"Deelnemer {i:03d}" for i in range(5, -1, -1)]
    assert re.search(
        r'aria-sort="ascending"><a class="utrecht-link" href="\?sort=-organisation"', html
    )
    html = c.get(_url(community, meeting), {"sort": "-present"}).content.decode()
    # Present first (0 and 3, the name turned round too), then the others.
    assert _names(html) == [f"Deelnemer {i:03d}" for i in (3, 0, 5, 4, 2, 1)]
    html = c.get(_url(community, meeting), {"sort": "party"}).content.decode()
    # The stored values: corporatie, gemeente, huurders.
    assert _names(html) == [f"Deelnemer {i:03d}" for i in (1, 4, 0, 3, 2, 5)]


def test_search_and_presence_filter(client_for, setup):
    organiser, community, meeting = setup
    _participants(community, meeting, 9)
    c = client_for(organiser)
    url = _url(community, meeting)
    assert _names(c.get(url, {"q": "organisatie 995"}).content.decode()) == ["Deelnemer 004"]
    assert _names(c.get(url, {"presence": "present"}).content.decode()) == [
        "Deelnemer 000",
        "Deelnemer 003",
        "Deelnemer 006",
    ]
    html = c.get(url, {"presence": "absent", "q": "deelnemer 00"}).content.decode()
    assert len(_names(html)) == 6 and "Deelnemer 003" not in _names(html)
    assert "6 mensen met een plaats" in html


@pytest.mark.parametrize("params", [{"page": "x"}, {"sort": "registration__email"}, {"page": "0"}])
def test_bad_page_or_sort_falls_back(client_for, setup, params):
    organiser, community, meeting = setup
    _participants(community, meeting, 55)
    response = client_for(organiser).get(_url(community, meeting), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert _names(html)[:2] == ["Deelnemer 000", "Deelnemer 001"]
    assert "1–50 van 55" in _list(html)


def test_check_in_without_javascript_returns_to_the_same_list(client_for, setup):
    organiser, community, meeting = setup
    _participants(community, meeting, 60)
    seat = Seat.objects.get(registration__name="Deelnemer 010")
    c = client_for(organiser)
    params = {"q": "deelnemer", "presence": "absent", "sort": "-name", "page": "2"}
    html = c.get(_url(community, meeting), params).content.decode()
    assert 'name="sort" value="-name"' in html and 'name="page" value="2"' in html
    url = reverse(
        "community:check_in", kwargs={"slug": community.slug, "uuid": meeting.uuid, "pk": seat.pk}
    )
    r = c.post(url, {"present": "1", **params})
    assert r.status_code == 302
    assert r.url == _url(community, meeting) + (
        f"?q=deelnemer&presence=absent&sort=-name&page=2#seat-{seat.pk}"
    )
    seat.refresh_from_db()
    assert seat.attended_at is not None
    # With htmx the card comes back alone and keeps the list's parameters for the next click.
    body = c.post(url, {"present": "0", **params}, HTTP_HX_REQUEST="true").content.decode()
    assert body.strip().startswith("<tr") and 'name="presence" value="absent"' in body


def test_waiting_list_pages_in_its_order(client_for, setup):
    organiser, community, meeting = setup
    _participants(community, meeting, 55, status=SeatStatus.WAITING)
    c = client_for(organiser)
    html = c.get(_url(community, meeting), {"wpage": 2}).content.decode()
    assert _waiting(html) == [f"Deelnemer {i:03d}" for i in range(50, 55)]
    assert '<ol class="utrecht-ordered-list" start="51">' in html
    assert "51–55 van 55" in html


def test_5_and_120_participants_cost_the_same_queries(
    client_for, setup, django_assert_max_num_queries
):
    organiser, community, meeting = setup
    _participants(community, meeting, 5)
    _participants(community, meeting, 5, offset=500, status=SeatStatus.WAITING)
    c = client_for(organiser)
    params = {"sort": "-organisation", "page": 2, "wpage": 2}
    c.get(_url(community, meeting), params)
    reset_queries()
    with django_assert_max_num_queries(25) as five:
        assert c.get(_url(community, meeting), params).status_code == 200
    queries_for_five = len(five.captured_queries)
    _participants(community, meeting, 115, offset=5)
    _participants(community, meeting, 115, offset=505, status=SeatStatus.WAITING)
    html = c.get(_url(community, meeting), params).content.decode()
    assert "51–100 van 120" in _list(html)
    reset_queries()
    with django_assert_max_num_queries(queries_for_five):
        assert c.get(_url(community, meeting), params).status_code == 200
