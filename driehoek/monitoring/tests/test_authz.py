"""The monitoring part of the authorization walk, runnable on its own."""

import pytest
from django.urls import reverse

from conftest import PERSONAS

from .authz import url_cases


@pytest.mark.django_db
def test_monitoring_urls_per_persona(world, client_for):
    failures = []
    for case in url_cases(world):
        url = reverse(case.name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
        for persona in PERSONAS:
            user = None if persona == "anonymous" else world.users[persona]
            response = getattr(client_for(user), case.method)(url, data=case.data or {})
            if response.status_code != case.status_for(persona):
                failures.append(
                    f"{case.method} {url} as {persona}: {response.status_code}, expected {case.status_for(persona)}"
                )
    assert not failures, "\n".join(failures)
