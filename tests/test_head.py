"""HEAD is answered wherever GET is: every GET case of the authorization walk, sent as HEAD."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import PERSONAS
from tests.test_authorization import collect_cases, user_for


def _persona_for(case) -> str:
    """The first persona that GET lets in, so the view itself runs; else anonymous."""
    for persona in PERSONAS:
        if case.status_for(persona) == 200:
            return persona
    return "anonymous"


@pytest.mark.django_db
def test_head_is_answered_wherever_get_is(world, client_for):
    failures = []
    checked = 0
    for case in collect_cases(world):
        if case.method != "get":
            continue
        url = reverse(case.name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
        client = client_for(user_for(world, _persona_for(case)))
        get = client.get(url)
        head = client.head(url)
        checked += 1
        if get.status_code != 405 and head.status_code == 405:
            failures.append(f"HEAD {url}: 405, GET answers {get.status_code}")
        elif head.status_code != get.status_code:
            failures.append(f"HEAD {url}: {head.status_code}, GET answers {get.status_code}")
    assert checked > 50
    assert not failures, "\n".join(failures)
