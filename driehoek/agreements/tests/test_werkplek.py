"""The werkplek (agreements:index): its cycles and agreements sort, filter and page, and each
row says what waits for the user's organisation and how late it is."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import reset_queries
from django.urls import reverse

from driehoek.core.testing import amsterdam

from ..models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Bod,
    BodStatus,
    Cycle,
)
from .factories import CycleFactory, make_cycle, sign_ready

pytestmark = pytest.mark.django_db
URL = reverse("agreements:index")


def _agreements(world, n, *, status=AgreementStatus.DRAFT):
    cycle = Cycle.objects.filter(gemeente=world.gemeente, year=2025).first()
    cycle = cycle or make_cycle(world, year=2025)
    made = Agreement.objects.bulk_create(
        Agreement(
            cycle=cycle,
            kind=AgreementKind.FRAMEWORK,
            title=f"Afspraak {i:03d}",
            period_start=2027,
            period_end=2030,
            status=status,
        )
        for i in range(n)
    )
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=a, organisation=o)
        for a in made
        for o in (world.gemeente, world.corporatie)
    )
    return made


def _cycles(world, n, offset=0):
    for i in range(offset, offset + n):
        CycleFactory(gemeente=world.gemeente, year=3000 - i, participants=[world.corporatie])


def _section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _titles(html):
    return re.findall(r"Afspraak \d{3}", _section(html, "agreements-heading"))


def test_agreements_page_by_50_with_count_and_page_links(world, client_for):
    _agreements(world, 120)
    c = client_for(world.users["editor"])
    html = c.get(URL, {"sort": "title"}).content.decode()
    section = _section(html, "agreements-heading")
    assert _titles(html) == [f"Afspraak {i:03d}" for i in range(50)]
    assert "1–50 van 120" in section
    assert 'aria-current="page"' in section and "Volgende" in section and "Vorige" not in section
    html = c.get(URL, {"sort": "title", "page": 3}).content.decode()
    assert _titles(html) == [f"Afspraak {i:03d}" for i in range(100, 120)]
    assert "101–120 van 120" in _section(html, "agreements-heading")


def test_sort_by_header_and_turn_round(world, client_for):
    _agreements(world, 3)
    c = client_for(world.users["editor"])
    html = c.get(URL, {"sort": "-title"}).content.decode()
    assert _titles(html) == ["Afspraak 002", "Afspraak 001", "Afspraak 000"]
    section = _section(html, "agreements-heading")
    assert re.search(r'aria-sort="descending"><a class="utrecht-link" href="\?sort=title"', section)
    assert section.count("aria-sort=") == 1


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"sort": "evil"},
        {"sort": "-cycle__gemeente__password"},
        {"page": "-1", "csort": "x"},
    ],
)
def test_bad_input_gives_a_sensible_page(world, client_for, params):
    _agreements(world, 60)
    response = client_for(world.users["editor"]).get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    # The default sort (newest period, then title) and the first page.
    assert "1–50 van 60" in _section(html, "agreements-heading")


def test_page_past_the_end_gives_the_last_page(world, client_for):
    _agreements(world, 60)
    html = client_for(world.users["editor"]).get(URL, {"page": 999, "sort": "title"})
    html = html.content.decode()
    assert _titles(html) == [f"Afspraak {i:03d}" for i in range(50, 60)]


def test_filter_by_name_status_and_year(world, client_for):
    _agreements(world, 3)
    other = make_cycle(world, year=2031)
    Agreement.objects.create(
        cycle=other,
        kind=AgreementKind.FRAMEWORK,
        title="Afspraak 900",
        period_start=2031,
        period_end=2034,
        status=AgreementStatus.CONCLUDED,
    ).parties.create(organisation=world.gemeente)
    c = client_for(world.users["editor"])
    assert _titles(c.get(URL, {"q": "900"}).content.decode()) == ["Afspraak 900"]
    assert _titles(c.get(URL, {"status": "concluded"}).content.decode()) == ["Afspraak 900"]
    assert len(_titles(c.get(URL, {"year": 2025}).content.decode())) == 3
    bad = c.get(URL, {"year": "twintig"})
    assert bad.status_code == 400
    assert "Vul een jaartal in" in bad.content.decode()


def test_filter_keeps_outsiders_out(world, client_for):
    _agreements(world, 2)
    html = client_for(world.users["outsider"]).get(URL, {"q": "Afspraak"}).content.decode()
    assert _titles(html) == []


def test_cycles_page_and_sort_with_their_own_parameters(world, client_for):
    _cycles(world, 55)
    c = client_for(world.users["editor"])
    html = c.get(URL, {"csort": "year", "cpage": 2}).content.decode()
    section = _section(html, "cycles-heading")
    assert "51–55 van 55" in section
    assert re.findall(r">(\d{4})</td>", section)[0] == "2996"
    assert "cpage=1" in section


def test_5_and_120_rows_cost_the_same_queries(world, client_for, django_assert_max_num_queries):
    sign_ready(world)  # something waits, so the waiting reads run too
    _agreements(world, 5, status=AgreementStatus.CONCLUDED)
    _cycles(world, 5)
    c = client_for(world.member(world.corporatie, "signatory"))
    c.get(URL)
    reset_queries()  # the query log keeps the last 9000 only: measure from an empty one
    with django_assert_max_num_queries(40) as five:
        assert c.get(URL).status_code == 200
    queries_for_five = len(five.captured_queries)  # now: the log is reset below
    _agreements(world, 115, status=AgreementStatus.CONCLUDED)
    _cycles(world, 115, offset=5)
    html = c.get(URL).content.decode()
    assert "1–50 van 121" in html and "Jouw handtekening" in html and "Indienen" in html
    reset_queries()
    with django_assert_max_num_queries(queries_for_five):
        assert c.get(URL).status_code == 200


def test_werkplek_says_your_signature_and_how_late(world, client_for, clock):
    clock.travel_to(amsterdam(2026, 12, 27))  # the cycle's submission date was 15 December
    agreement, _version = sign_ready(world)
    html = client_for(world.member(world.corporatie, "signatory")).get(URL).content.decode()
    row = _section(html, "agreements-heading")
    assert "Jouw handtekening" in row
    assert "te laat sinds 12 dagen" in row


def test_signature_not_yet_late_shows_the_date(world, client_for, clock):
    clock.travel_to(amsterdam(2026, 12, 1))
    sign_ready(world)
    html = client_for(world.member(world.corporatie, "signatory")).get(URL).content.decode()
    row = _section(html, "agreements-heading")
    assert "Jouw handtekening" in row and "vóór 15 december 2026" in row
    assert "te laat" not in row
    # An editor may not sign: nothing waits for them.
    html = client_for(world.member(world.corporatie, "editor")).get(URL).content.decode()
    assert "Jouw handtekening" not in _section(html, "agreements-heading")


def test_werkplek_says_your_bod_until_it_is_sent(world, client_for, clock):
    clock.travel_to(amsterdam(2026, 7, 2))  # bod date 1 July
    cycle = make_cycle(world)
    editor = world.member(world.corporatie, "editor")
    html = client_for(editor).get(URL).content.decode()
    section = _section(html, "cycles-heading")
    assert "Jouw bod" in section and "te laat sinds 1 dag<" in section
    # The gemeente has no bod to make.
    gemeente_html = client_for(world.users["editor"]).get(URL).content.decode()
    assert "Jouw bod" not in _section(gemeente_html, "cycles-heading")
    bod = Bod.objects.create(cycle=cycle, title="Bod", status=BodStatus.SENT)
    bod.corporaties.set([world.corporatie])
    html = client_for(editor).get(URL).content.decode()
    assert "Jouw bod" not in _section(html, "cycles-heading")


def test_concluded_agreement_waits_for_submission(world, client_for, clock):
    clock.travel_to(amsterdam(2027, 1, 4))
    cycle = make_cycle(world, submission_due=date(2026, 12, 15))
    a = Agreement.objects.create(
        cycle=cycle,
        kind=AgreementKind.FRAMEWORK,
        title="Afspraak 001",
        period_start=2027,
        period_end=2030,
        status=AgreementStatus.CONCLUDED,
    )
    a.parties.create(organisation=world.corporatie)
    html = client_for(world.member(world.corporatie, "editor")).get(URL).content.decode()
    row = _section(html, "agreements-heading")
    assert "Indienen" in row and "te laat sinds 20 dagen" in row
