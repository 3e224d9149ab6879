"""The options of the public list's gemeente and corporatie filters are read once per data
version (and language) and then served from the cache; a new publication raises the version, so
the next request lists the new gemeente."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from driehoek.organisations.models import OrganisationKind
from driehoek.organisations.tests.factories import OrganisationFactory

from .factories import published


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_filter_options_come_from_the_cache_until_a_publication(world, client):
    # Signed in: the page is computed (visitors without a session get stored answers).
    client.force_login(world.users["viewer"])
    first_gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Eerstedorp")
    corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonzorg Een")
    published(gemeente=first_gemeente, others=[corporatie])
    url = reverse("publication:index")
    first, page = _queries(client, url)
    assert ">Eerstedorp</option>" in page and ">Woonzorg Een</option>" in page
    second, page = _queries(client, url)
    assert second < first
    assert ">Eerstedorp</option>" in page

    later = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Laterstad")
    published(gemeente=later, others=[corporatie])
    third, page = _queries(client, url)
    assert ">Laterstad</option>" in page
    assert third > second  # read afresh once
