"""The data version and stored answers (issue 14, points 1 and 2): a repeat request while nothing
changed is served from stored bytes with one query, a 304 costs one primary-key read, and a change
made through a service is visible on the very next request."""

from __future__ import annotations

import pytest
from django.test import Client

from driehoek.core import dataversion, stored
from driehoek.core.models import DataVersion
from driehoek.organisations.models import Role
from driehoek.organisations.services import organisation_update
from driehoek.organisations.tests.factories import MembershipFactory
from driehoek.publication.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions_only():
    """Only the data version decides (not the test-only counter of factory saves)."""
    stored.key_extra = stored._no_extra


def test_bump_raises_the_number_and_survives_a_flushed_table(django_assert_num_queries):
    before = dataversion.current()
    dataversion.bump()
    after = dataversion.current()
    assert after.number == before.number + 1
    assert after.changed_at is not None and after.token != before.token
    DataVersion.objects.all().delete()
    assert dataversion.current().number == 0
    dataversion.bump()
    assert dataversion.current().number == 1
    with django_assert_num_queries(1):
        dataversion.current()


@pytest.mark.parametrize(
    "action, raises",
    [
        ("publication.agreement.published", True),
        ("monitoring.report.confirmed", True),
        ("agreements.version.signed", True),
        ("organisations.organisation.updated", True),
        ("agreements.comment.added", False),
        ("community.registration.created", False),
        ("accounts.user.created", False),
    ],
)
def test_audited_writes_raise_the_version_unless_they_change_nothing_public(action, raises):
    before = dataversion.current().number
    dataversion.note(action)
    assert (dataversion.current().number > before) is raises


def test_a_repeat_visit_is_served_from_stored_bytes(
    world, versions_only, django_assert_num_queries
):
    f.published(gemeente=world.gemeente, others=[world.corporatie], title="Afspraken Eerst")
    client = Client()
    first = client.get("/openbaar/")
    assert first.status_code == 200 and first["X-Driehoek-Stored"] == "miss"
    with django_assert_num_queries(1):  # the data version; the page comes from the cache
        again = client.get("/openbaar/")
    assert again["X-Driehoek-Stored"] == "hit"
    assert "Afspraken Eerst" in again.content.decode()
    with django_assert_num_queries(1):
        not_modified = client.get("/openbaar/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert client.get("/openbaar/", HTTP_IF_NONE_MATCH='"oud"').status_code == 200
    # Another language is another answer.
    client.cookies["django_language"] = "en"
    assert client.get("/openbaar/")["X-Driehoek-Stored"] == "miss"


def test_a_published_agreement_shows_on_the_next_request(world, versions_only):
    client = Client()
    etag = client.get("/openbaar/")["ETag"]
    f.published(gemeente=world.gemeente, others=[world.corporatie], title="Afspraken Later")
    fresh = client.get("/openbaar/", HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200
    assert "Afspraken Later" in fresh.content.decode()
    api = client.get("/api/v1/agreements").json()
    assert [a["title"] for a in api["results"]] == ["Afspraken Later"]


def test_an_organisation_renamed_through_its_service_shows_at_once(world, versions_only):
    public = f.published(gemeente=world.gemeente, others=[world.corporatie])
    client = Client()
    url = f"/openbaar/afspraken/{public.uuid}/"
    assert world.corporatie.name in client.get(url).content.decode()
    assert client.get(url)["X-Driehoek-Stored"] == "hit"
    admin = MembershipFactory(organisation=world.corporatie, role=Role.ADMIN).user
    organisation_update(
        actor=admin, organisation=world.corporatie, fields={"name": "Woonstichting Nieuwe Naam"}
    )
    page = client.get(url)
    assert page["X-Driehoek-Stored"] == "miss"
    assert "Woonstichting Nieuwe Naam" in page.content.decode()


def test_each_visitor_gets_its_own_csrf_token_from_a_stored_page(world, versions_only):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert first.get("/openbaar/")["X-Driehoek-Stored"] == "miss"
    page = second.get("/openbaar/")
    assert page["X-Driehoek-Stored"] == "hit"
    html = page.content.decode()
    assert stored.MARKER not in html
    token = html.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    # The token in the stored page works for this visitor: the language switch answers.
    switched = second.post(
        "/i18n/setlang/", {"language": "en", "next": "/openbaar/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302


def test_signed_in_users_and_other_paths_are_not_stored(world, client_for, versions_only):
    signed_in = client_for(world.users["viewer"])
    page = signed_in.get("/openbaar/")
    assert page.status_code == 200 and "X-Driehoek-Stored" not in page
    assert "X-Driehoek-Stored" not in Client().get("/")
    assert "X-Driehoek-Stored" not in Client().get("/api/v1/openapi.json")
