"""Friendly failure and headers: Dutch error pages, 503 without a database, CSP, HEAD."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

from driehoek.organisations.tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_unknown_page_answers_dutch_404_with_a_way_home(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We kunnen deze pagina niet vinden" in html
    assert "Wat kun je doen?" in html
    assert f'href="{reverse("core:home")}"' in html
    assert 'class="dh-footer"' in html  # the site's layout


@pytest.mark.django_db
def test_too_weak_a_role_answers_dutch_403(world, client_for):
    response = client_for(world.users["viewer"]).get(
        reverse("organisations:members", kwargs={"slug": world.gemeente.slug})
    )
    assert response.status_code == 403
    assert "Dit mag je niet doen" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_answers_friendly_dutch_403(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert "We konden je formulier niet opslaan" in response.content.decode()
    # Nothing changed: still logged in.
    assert "_auth_user_id" in client.session


def test_server_error_page_renders_without_request_context(rf):
    from driehoek.core.error_views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Er ging bij ons iets mis" in response.content.decode()


@pytest.mark.django_db
def test_bad_request_page_is_dutch(rf):
    from driehoek.core.error_views import bad_request

    response = bad_request(rf.get("/"))
    assert response.status_code == 400
    assert "We begrijpen dit verzoek niet" in response.content.decode()


def _database_down():
    return mock.patch.object(
        BaseDatabaseWrapper, "cursor", side_effect=OperationalError("connection refused")
    )


@pytest.mark.django_db
def test_database_down_answers_dutch_503_page(client):
    org = OrganisationFactory()
    with _database_down():
        response = client.get(reverse("organisations:detail", kwargs={"slug": org.slug}))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Driehoek is even niet beschikbaar" in html
    assert 'class="dh-footer"' in html


@pytest.mark.django_db
def test_database_down_healthz_stays_json_503(client):
    with _database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_content_security_policy_forbids_inline_script(client):
    response = client.get(reverse("core:home"))
    policy = {
        part.split()[0]: part.split()[1:] for part in response["Content-Security-Policy"].split(";")
    }
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "<script>" not in response.content.decode()


@pytest.mark.django_db
def test_api_docs_use_local_swagger_files(client):
    html = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui-init.js" in html
    assert "cdn" not in html.lower()


@pytest.mark.django_db
def test_api_answers_head_like_get_without_body(client):
    OrganisationFactory()
    get = client.get("/api/v1/organisations")
    head = client.head("/api/v1/organisations")
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


@pytest.mark.django_db
def test_openapi_document_has_no_duplicated_keys(client):
    """Swagger UI refuses a document with a key twice (e.g. 304 as number and as text)."""
    import json

    duplicated = []

    def pairs_hook(pairs):
        keys = [k for k, _v in pairs]
        duplicated.extend(k for k in set(keys) if keys.count(k) > 1)
        return dict(pairs)

    json.loads(client.get("/api/v1/openapi.json").content, object_pairs_hook=pairs_hook)
    assert not duplicated
