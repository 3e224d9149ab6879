"""The API keeps its contract: the OpenAPI document at /api/v1/openapi.json is a valid
OpenAPI 3.1 document (openapi-spec-validator), and schemathesis, sending generated requests
(valid and invalid parameters) to every operation, finds no server error and no answer that the
document does not describe: every default check runs (status code, content type, headers and
body against the declared schema, invalid data refused, valid data accepted).

Runs on SQLite and, with DATABASE_URL, on PostgreSQL (where a NUL character in any string
once gave a 500). Bounded: a few dozen examples per operation, well under a minute.
"""

from __future__ import annotations

import gzip
import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from openapi_spec_validator.validation.validators import OpenAPIV31SpecValidator
from schemathesis.specs.openapi.checks import positive_data_acceptance

from driehoek.publication.api.schemas import COMMITMENT_CURSOR, PROGRESS_CURSOR

from . import factories as f


def _decoding(app):
    """The app as an HTTP client sees it: schemathesis asks for gzip (requests' default
    headers) but its WSGI transport does not decode, so gzip answers are decoded here."""

    def wrapped(environ, start_response):
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda _data: None

        result = app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        headers = captured["headers"]
        if any(k.lower() == "content-encoding" and v == "gzip" for k, v in headers):
            body = gzip.decompress(body)
            headers = [
                (k, v)
                for k, v in headers
                if k.lower() not in ("content-encoding", "content-length")
            ]
        start_response(captured["status"], headers)
        return [body]

    return wrapped


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", _decoding(get_wsgi_application()))
TAG = "published agreements"


@pytest.fixture
def keep_connection():
    """Like Django's test client: requests must not close the test's database connection
    (on PostgreSQL that would end the test transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def published_data(db, keep_connection):
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory, RegionFactory

    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, code="0001")
    corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE, code="L0001")
    region = RegionFactory()
    region.members.add(gemeente)
    a = f.published(gemeente=gemeente, others=[corporatie])
    f.report(a.commitments.first(), realised="3")
    return a


SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_the_served_document_is_valid_openapi(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.1")
    errors = [e.message for e in OpenAPIV31SpecValidator(document).iter_errors()]
    assert errors == []
    validate(document)  # raises on any error


def test_the_validator_would_refuse_a_broken_document(client):
    """The check above can fail: the same document with a parameter's `examples` as a list
    (what django-ninja writes for `Field(examples=[...])` on a query field) is refused."""
    document = json.loads(client.get("/api/v1/openapi.json").content)
    parameter = document["paths"]["/api/v1/agreements"]["get"]["parameters"][0]
    parameter["examples"] = ["0344"]
    assert list(OpenAPIV31SpecValidator(document).iter_errors())


def _checks_not_asked(case) -> list:
    """A cursor is a value the API issued: OpenAPI cannot say which strings those are, nor that
    `page` and `cursor` exclude each other. For a generated cursor a 422 is the right answer, so
    "valid data is accepted" is not asked of that request; every other check still runs on it
    (status documented, body and headers as the document says)."""
    return [positive_data_acceptance] if (case.query or {}).get("cursor") else []


@pytest.mark.django_db
@schema.include(tag=TAG).parametrize()
@SETTINGS
def test_publication_api_keeps_its_contract(case, published_data):
    case.call_and_validate(excluded_checks=_checks_not_asked(case))


@pytest.mark.django_db
@schema.exclude(tag=TAG).parametrize()
@SETTINGS
def test_rest_of_the_api_keeps_its_contract(case, published_data):
    case.call_and_validate()


def _known_requests(a):
    """Requests that hit real data: generated identifiers almost never exist, so the answers
    with a body (and their headers) are checked here on the objects the fixture made."""
    from driehoek.organisations.models import Region

    commitment = a.commitments.first()
    gemeente = a.cycle.gemeente
    region = Region.objects.filter(members=gemeente).first()
    return [
        ("/api/v1/agreements", {}, {"gemeente": gemeente.code}),
        ("/api/v1/agreements/{agreement_id}", {"agreement_id": str(a.uuid)}, {}),
        ("/api/v1/agreements/{agreement_id}/commitments", {"agreement_id": str(a.uuid)}, {}),
        ("/api/v1/commitments", {}, {"agreement": str(a.uuid)}),
        ("/api/v1/commitments/{commitment_id}", {"commitment_id": str(commitment.uuid)}, {}),
        ("/api/v1/progress", {}, {"commitment": str(commitment.uuid)}),
        ("/api/v1/commitments", {}, {"cursor": COMMITMENT_CURSOR}),
        ("/api/v1/progress", {}, {"cursor": PROGRESS_CURSOR}),
        ("/api/v1/parties", {}, {}),
        ("/api/v1/cycles", {}, {"gemeente": gemeente.slug}),
        ("/api/v1/cycles/{cycle_id}", {"cycle_id": str(a.cycle.uuid)}, {}),
        ("/api/v1/organisations", {}, {"region": region.slug}),
        ("/api/v1/organisations/{slug}", {"slug": gemeente.slug}, {}),
        ("/api/v1/regions", {}, {}),
        ("/api/v1/regions/{slug}", {"slug": region.slug}, {}),
        *[("/api/v1/bulk/{dataset}.csv", {"dataset": d}, {}) for d in ("agreements", "progress")],
        *[("/api/v1/bulk/{dataset}.json", {"dataset": d}, {}) for d in ("commitments", "cycles")],
    ]


@pytest.mark.django_db
def test_answers_on_real_data_match_the_document(published_data):
    for path, path_parameters, query in _known_requests(published_data):
        operation = schema[path]["GET"]
        response = operation.Case(path_parameters=path_parameters, query=query).call_and_validate()
        assert response.status_code == 200, (path, response.status_code)
        etag = {k.lower(): v for k, v in response.headers.items()}.get("etag")
        if isinstance(etag, list):
            etag = etag[0]
        # Every open-data answer is stored per data version (core.stored), organisations and
        # regions too, and answers a 304 to its own ETag.
        assert etag, path
        again = operation.Case(
            path_parameters=path_parameters, query=query, headers={"If-None-Match": etag}
        ).call_and_validate()
        assert again.status_code == 304, path
