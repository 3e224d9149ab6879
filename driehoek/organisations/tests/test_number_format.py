"""One number format (issue 13, point 9): the directory's count and the regions' figures in the
active language's format (1.001 in Dutch, 1,001 in English); the plural still follows the
number."""

import pytest
from django.conf import settings
from django.urls import reverse

from driehoek.organisations.models import Organisation, OrganisationKind

from .factories import RegionFactory

pytestmark = pytest.mark.django_db


def _page(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _gemeenten(n, start=0):
    Organisation.objects.bulk_create(
        [
            Organisation(kind=OrganisationKind.GEMEENTE, name=f"Gemeente {i:04d}", slug=f"g-{i}")
            for i in range(start, start + n)
        ]
    )


def test_directory_count_is_grouped_and_keeps_its_plural(client):
    url = reverse("organisations:directory")
    _gemeenten(1)
    assert ">1 organisatie</h2>" in _page(client, url, "nl")
    assert ">1 organisation</h2>" in _page(client, url, "en")
    _gemeenten(1000, start=1)
    assert ">1.001 organisaties</h2>" in _page(client, url, "nl")
    assert ">1,001 organisations</h2>" in _page(client, url, "en")


def test_regions_show_households_grouped(client):
    RegionFactory(households=123456, expected_gemeenten=None)
    url = reverse("organisations:regions")
    assert "<td>123.456</td>" in _page(client, url, "nl")
    page = _page(client, url, "en")
    assert "<td>123,456</td>" in page and "<td>—</td>" in page  # no published count
