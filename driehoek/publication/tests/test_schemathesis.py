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


@pytest.fixture
def published_data(db):
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory

    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, code="0001")
    corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE, code="L0001")
    a = f.published(gemeente=gemeente, others=[corporatie])
    f.report(a.commitments.first(), realised="3")
    return a


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_answers_with_a_server_error(case, published_data):
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} {case.query}: {response.status_code}"
    )
