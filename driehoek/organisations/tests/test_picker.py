"""The suggestions endpoint of the organisation picker (/organisaties/zoeken/): anyone may ask,
it sends only active organisations (the public directory's names), at most 20, compared
without case or accents, narrowed by kind and to those that exist today."""

from __future__ import annotations

import re

from django.urls import reverse

from driehoek.organisations.models import OrganisationKind, OrganisationStatus
from driehoek.organisations.tests.factories import OrganisationFactory


def names(response) -> list[str]:
    return re.findall(r'data-name="([^"]*)"', response.content.decode())


def test_folding_finds_sudwest_fryslan(db, client):
    OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Súdwest-Fryslân")
    OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Utrecht")
    response = client.get(reverse("organisations:search"), {"q": "sudwest"})
    assert response.status_code == 200
    assert names(response) == ["Súdwest-Fryslân"]
    assert 'role="option"' in response.content.decode()
    assert names(client.get(reverse("organisations:search"), {"q": "SUDWEST fryslan"})) == [
        "Súdwest-Fryslân"
    ]


def test_bounded_and_narrowed_by_kind(db, client, django_assert_max_num_queries):
    OrganisationFactory.create_batch(30, kind=OrganisationKind.GEMEENTE, name="Dorp")
    OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Dorp Wonen")
    url = reverse("organisations:search")
    with django_assert_max_num_queries(2):
        response = client.get(url, {"q": "dorp"})
    assert len(names(response)) == 20
    assert names(client.get(url, {"q": "dorp", "soort": "woningcorporatie"})) == ["Dorp Wonen"]
    both = client.get(f"{url}?q=dorp+wonen&soort=gemeente&soort=woningcorporatie")
    assert names(both) == ["Dorp Wonen"]


def test_only_public_names_and_current_on_request(db, client):
    OrganisationFactory(
        kind=OrganisationKind.HUURDERS, name="Huurders Geheim", status=OrganisationStatus.PENDING
    )
    OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Oudstad", is_current=False)
    OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Oudstad-Nieuw")
    url = reverse("organisations:search")
    assert names(client.get(url, {"q": "geheim"})) == []
    assert "Geen organisatie gevonden" in client.get(url, {"q": "geheim"}).content.decode()
    assert names(client.get(url, {"q": "oudstad"})) == ["Oudstad-Nieuw", "Oudstad"]
    assert names(client.get(url, {"q": "oudstad", "huidig": "1"})) == ["Oudstad-Nieuw"]


def test_too_short_or_strange_input_finds_nothing(db, client):
    OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Ede")
    url = reverse("organisations:search")
    assert names(client.get(url, {"q": "e"})) == []
    assert client.get(url, {"q": "%' OR 1=1 --", "soort": "x"}).status_code == 200
    assert client.post(url, {"q": "ede"}).status_code == 405
