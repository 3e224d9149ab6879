"""Property-based test of the open data API against its own OpenAPI document: generated
requests (valid and invalid parameters) never cause a server error.

Needs the dev dependency ``schemathesis``; skipped with a reason when it is not installed.
Bounded: a few examples per operation, so the whole run takes well under a minute.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed (dev dependency, see README)"
)

from django.core.wsgi import get_wsgi_application  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from . import factories as f  # noqa: E402

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
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
    from driehoek.organisations.tests.factories import OrganisationFactory

    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, code="0001")
    corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE, code="L0001")
    a = f.published(gemeente=gemeente, others=[corporatie])
    f.report(a.commitments.first(), realised="3")
    return a


SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def _check(case):
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} {case.query}: {response.status_code}"
    )


@pytest.mark.django_db
@schema.include(tag=TAG).parametrize()
@SETTINGS
def test_publication_api_never_answers_with_a_server_error(case, published_data):
    _check(case)


@pytest.mark.django_db
@schema.exclude(tag=TAG).parametrize()
@SETTINGS
def test_rest_of_the_api_never_answers_with_a_server_error(case, published_data):
    _check(case)
