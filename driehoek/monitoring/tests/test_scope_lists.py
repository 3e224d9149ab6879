"""The dashboards over many agreements at national scale (issue 13, point 6): a corporatie
working in 170 gemeenten gets a table per gemeente and a list of agreements that sort by their
column headers, search by name and page by 50, for the same number of queries at 5 and 120."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import reset_queries
from django.urls import reverse

from driehoek.organisations.models import Organisation, OrganisationKind
from driehoek.organisations.tests.factories import RegionFactory

from .factories import make_agreement, make_commitment, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _a_day_in_2026(clock):
    """The figures below are of 2026: every test runs on a fixed day of that year."""
    clock.travel_to("2026-12-04 10:00")


def _gemeenten(world, n, *, offset=0, region=None):
    """``n`` gemeenten "Gemeente 000"…, each with one concluded agreement of the world's
    corporatie for 2025–2027 with (i % 3) + 1 commitments; the first one's report is achieved."""
    made = Organisation.objects.bulk_create(
        Organisation(kind=OrganisationKind.GEMEENTE, name=f"Gemeente {i:03d}", slug=f"gm-{i}")
        for i in range(offset, offset + n)
    )
    for i, g in enumerate(made, start=offset):
        if region is not None:
            region.members.add(g)
        a = make_agreement(g, world.corporatie, title=f"Prestatieafspraken {i:03d}")
        for j in range(i % 3 + 1):
            c = make_commitment(a, world.corporatie, targets={2026: 10})
            if j == 0:
                make_report(c, status="achieved")


def _url(world):
    return reverse("monitoring:corporatie", args=[world.corporatie.slug])


def _section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def _gemeente_rows(html):
    return re.findall(
        r'<th scope="row"><a [^>]*>(Gemeente \d{3})</a>', _section(html, "breakdown-heading")
    )


def _agreement_rows(html):
    return re.findall(r">(Prestatieafspraken \d{3})<", _section(html, "agreements-heading"))


@pytest.fixture
def viewer(world, client_for):
    return client_for(world.users["viewer"])


def test_per_gemeente_pages_by_50(world, viewer):
    _gemeenten(world, 120)
    html = viewer.get(_url(world), {"year": 2026}).content.decode()
    section = _section(html, "breakdown-heading")
    assert _gemeente_rows(html) == [f"Gemeente {i:03d}" for i in range(50)]
    assert "1–50 van 120" in section and 'aria-current="page"' in section
    html = viewer.get(_url(world), {"year": 2026, "gpage": 3}).content.decode()
    assert _gemeente_rows(html) == [f"Gemeente {i:03d}" for i in range(100, 120)]
    # The agreements have their own pager: still on their first page.
    assert _agreement_rows(html) == [f"Prestatieafspraken {i:03d}" for i in range(50)]
    assert "1–50 van 120" in _section(html, "agreements-heading")


def test_per_gemeente_sorts_by_total_and_by_status(world, viewer):
    _gemeenten(world, 6)
    html = viewer.get(_url(world), {"year": 2026, "gsort": "-total"}).content.decode()
    # Three commitments in 2 and 5, two in 1 and 4, one in 0 and 3 (the name turned round too).
    assert _gemeente_rows(html) == [f"Gemeente {i:03d}" for i in (5, 2, 4, 1, 3, 0)]
    section = _section(html, "breakdown-heading")
    assert re.search(r'aria-sort="descending"><a class="utrecht-link" href="\?gsort=total', section)
    assert section.count("aria-sort=") == 1
    # "No report": none in 0 and 3, one in 1 and 4, two in 2 and 5.
    html = viewer.get(_url(world), {"year": 2026, "gsort": "none"}).content.decode()
    assert _gemeente_rows(html) == [f"Gemeente {i:03d}" for i in (0, 3, 1, 4, 2, 5)]


def test_agreements_page_and_sort(world, viewer):
    _gemeenten(world, 60)
    params = {"year": 2026, "asort": "-title", "apage": 2}
    html = viewer.get(_url(world), params).content.decode()
    assert _agreement_rows(html) == [f"Prestatieafspraken {i:03d}" for i in range(9, -1, -1)]
    assert "51–60 van 60" in _section(html, "agreements-heading")
    html = viewer.get(_url(world), {"year": 2026, "asort": "-commitments"}).content.decode()
    rows = _agreement_rows(html)
    assert rows[:2] == ["Prestatieafspraken 059", "Prestatieafspraken 056"]  # 3 commitments each


def test_search_narrows_both_lists_not_the_figures(world, viewer):
    _gemeenten(world, 12)
    html = viewer.get(_url(world), {"year": 2026, "q": "gemeente 011"}).content.decode()
    assert _gemeente_rows(html) == ["Gemeente 011"]
    assert _agreement_rows(html) == ["Prestatieafspraken 011"]
    assert "24 afspraken in 2026" in html  # the figures still count all twelve agreements
    html = viewer.get(_url(world), {"year": 2026, "q": "Zwolle"}).content.decode()
    assert "Geen gemeente past bij deze zoekopdracht." in html
    assert "Geen prestatieafspraak past bij deze zoekopdracht." in html


@pytest.mark.parametrize(
    "params", [{"gpage": "abc"}, {"gsort": "evil"}, {"gsort": "-__class__"}, {"gpage": "-1"}]
)
def test_bad_page_or_sort_falls_back(world, viewer, params):
    _gemeenten(world, 55)
    response = viewer.get(_url(world), {"year": 2026, **params})
    assert response.status_code == 200
    html = response.content.decode()
    assert _gemeente_rows(html)[:2] == ["Gemeente 000", "Gemeente 001"]
    assert "1–50 van 55" in _section(html, "breakdown-heading")


def test_page_past_the_end_gives_the_last_page(world, viewer):
    _gemeenten(world, 55)
    html = viewer.get(_url(world), {"year": 2026, "gpage": 99, "apage": 99}).content.decode()
    assert _gemeente_rows(html) == [f"Gemeente {i:03d}" for i in range(50, 55)]
    assert _agreement_rows(html) == [f"Prestatieafspraken {i:03d}" for i in range(50, 55)]


def test_national_page_has_no_search_of_lists(world, viewer):
    html = viewer.get(reverse("monitoring:national"), {"year": 2026}).content.decode()
    assert 'name="q"' not in html


@pytest.mark.parametrize("page", ["corporatie", "region"])
def test_5_and_120_gemeenten_cost_the_same_queries(
    world, viewer, django_assert_max_num_queries, page
):
    region = RegionFactory()
    url = _url(world) if page == "corporatie" else reverse("monitoring:region", args=[region.slug])
    params = {"year": 2026, "gsort": "-total", "asort": "commitments", "gpage": 2, "apage": 2}
    _gemeenten(world, 5, region=region)
    viewer.get(url, params)
    reset_queries()
    with django_assert_max_num_queries(30) as five:
        assert viewer.get(url, params).status_code == 200
    queries_for_five = len(five.captured_queries)
    _gemeenten(world, 115, offset=5, region=region)
    cache.clear()
    html = viewer.get(url, params).content.decode()
    assert "51–100 van 120" in _section(html, "breakdown-heading")
    assert "51–100 van 120" in _section(html, "agreements-heading")
    reset_queries()
    with django_assert_max_num_queries(queries_for_five):
        assert viewer.get(url, params).status_code == 200
