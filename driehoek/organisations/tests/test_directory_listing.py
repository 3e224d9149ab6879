"""The organisations directory at national scale: it sorts by its column headers, filters by
name, kind and province, pages by 50 and costs the same queries for 5 and 120 rows."""

from __future__ import annotations

import re

import pytest
from django.db import reset_queries
from django.urls import reverse

from ..models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db
URL = reverse("organisations:directory")


def _orgs(n, *, offset=0, kind=OrganisationKind.GEMEENTE, province="Utrecht", prefix="Gemeente"):
    Organisation.objects.bulk_create(
        Organisation(
            kind=kind,
            name=f"{prefix} {i:03d}",
            slug=f"{prefix.lower()}-{i}",
            province=province,
            code=f"{999 - i:04d}",
        )
        for i in range(offset, offset + n)
    )


def _names(html):
    body = html[html.index("<tbody>") : html.index("</tbody>")] if "<tbody>" in html else ""
    return re.findall(r'class="utrecht-link" href="/organisaties/[^"]+/">([^<]+)</a>', body)


def test_pages_by_50_with_count_and_page_links(client):
    _orgs(120)
    html = client.get(URL).content.decode()
    assert _names(html) == [f"Gemeente {i:03d}" for i in range(50)]
    assert "1–50 van 120" in html
    assert 'aria-current="page"' in html and "Volgende" in html and "Vorige" not in html
    html = client.get(URL, {"page": 3}).content.decode()
    assert _names(html) == [f"Gemeente {i:03d}" for i in range(100, 120)]
    assert "101–120 van 120" in html and "Vorige" in html


def test_sort_by_header_and_turn_round(client):
    _orgs(3)
    _orgs(2, kind=OrganisationKind.CORPORATIE, province="", prefix="Woonstichting")
    html = client.get(URL, {"sort": "-name"}).content.decode()
    assert _names(html) == [
        "Woonstichting 001",
        "Woonstichting 000",
        "Gemeente 002",
        "Gemeente 001",
        "Gemeente 000",
    ]
    assert re.search(r'aria-sort="descending"><a class="utrecht-link" href="\?sort=name"', html)
    assert html.count("aria-sort=") == 1
    # The code column (999 - i), the name breaking ties.
    assert _names(client.get(URL, {"sort": "code"}).content.decode()) == [
        "Gemeente 002",
        "Gemeente 001",
        "Woonstichting 001",
        "Gemeente 000",
        "Woonstichting 000",
    ]
    # Kind: gemeenten before woningcorporaties; province: the ones without one first.
    assert _names(client.get(URL, {"sort": "-kind"}).content.decode())[0] == "Woonstichting 001"
    assert _names(client.get(URL, {"sort": "province"}).content.decode())[:2] == [
        "Woonstichting 000",
        "Woonstichting 001",
    ]


def test_sort_keeps_the_filters_and_a_filter_starts_at_page_one(client):
    _orgs(60)
    html = client.get(URL, {"province": "Utrecht", "page": 2}).content.decode()
    # A header link keeps the filter and drops the page.
    assert 'href="?province=Utrecht&amp;sort=-name"' in html
    assert "page=1&amp;province=Utrecht" in html  # the pager keeps the filter


@pytest.mark.parametrize(
    "params", [{"page": "abc"}, {"sort": "evil"}, {"sort": "-successor__slug"}, {"page": "-1"}]
)
def test_bad_page_or_sort_falls_back(client, params):
    _orgs(60)
    response = client.get(URL, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1–50 van 60" in html
    assert _names(html)[0] == "Gemeente 000"


def test_page_past_the_end_gives_the_last_page(client):
    _orgs(60)
    html = client.get(URL, {"page": 999}).content.decode()
    assert _names(html) == [f"Gemeente {i:03d}" for i in range(50, 60)]


def test_filter_by_name_kind_and_province(client):
    _orgs(3)
    _orgs(2, kind=OrganisationKind.CORPORATIE, province="Gelderland", prefix="Woonstichting")
    assert _names(client.get(URL, {"q": "gemeente 001"}).content.decode()) == ["Gemeente 001"]
    assert _names(client.get(URL, {"kind": "woningcorporatie"}).content.decode()) == [
        "Woonstichting 000",
        "Woonstichting 001",
    ]
    html = client.get(URL, {"province": "Gelderland", "sort": "-name"}).content.decode()
    assert _names(html) == ["Woonstichting 001", "Woonstichting 000"]
    bad = client.get(URL, {"province": "Atlantis"})
    assert bad.status_code == 400
    assert _names(bad.content.decode()) == [f"Gemeente {i:03d}" for i in range(3)] + [
        "Woonstichting 000",
        "Woonstichting 001",
    ]


def test_5_and_120_rows_cost_the_same_queries(client, django_assert_max_num_queries):
    _orgs(5)
    params = {"sort": "-province", "kind": "gemeente", "page": 2}
    client.get(URL, params)
    reset_queries()
    with django_assert_max_num_queries(8) as five:
        assert client.get(URL, params).status_code == 200
    queries_for_five = len(five.captured_queries)
    _orgs(115, offset=5)
    assert "51–100 van 120" in client.get(URL, params).content.decode()
    reset_queries()
    with django_assert_max_num_queries(queries_for_five):
        assert client.get(URL, params).status_code == 200
