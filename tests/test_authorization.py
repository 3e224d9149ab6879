"""One walk over every URL pattern with every persona.

Each app lists its URLs in ``driehoek/<app>/tests/authz.py`` as ``url_cases(world)``. A URL
pattern that no app lists makes this test fail: every new view joins the walk.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS
from driehoek.core.testing import UrlCase

APPS = ["core", "accounts", "organisations", "agreements", "monitoring", "community", "publication"]
# Namespaces outside the product's own views.
SKIP_NAMESPACES = {"admin"}
SKIP_NAMES = {"set_language"}  # Django's POST-only language switch


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, prefix: str = ""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace
                if ns in SKIP_NAMESPACES:
                    continue
                walk(p.url_patterns, f"{prefix}{ns}:" if ns else prefix)
            elif isinstance(p, URLPattern) and p.name and p.name not in SKIP_NAMES:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    return names


def collect_cases(world) -> list[UrlCase]:
    cases: list[UrlCase] = []
    for app in APPS:
        try:
            module = import_module(f"driehoek.{app}.tests.authz")
        except ModuleNotFoundError:
            continue
        cases.extend(module.url_cases(world))
    return cases


def user_for(world, persona: str):
    if persona == "anonymous":
        return None
    return world.users[persona]


@pytest.mark.django_db
def test_every_url_is_walked(world):
    covered = {c.name for c in collect_cases(world)}
    missing = sorted(all_url_names() - covered)
    assert not missing, f"URL patterns without an authorization case: {missing}"


@pytest.mark.django_db
def test_every_persona_gets_the_expected_status(world, client_for):
    failures = []
    for case in collect_cases(world):
        url = reverse(case.name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
        for persona in PERSONAS:
            client = client_for(user_for(world, persona))
            response = getattr(client, case.method)(url, data=case.data or {})
            expected = case.status_for(persona)
            if response.status_code != expected:
                failures.append(
                    f"{case.method.upper()} {url} as {persona}: {response.status_code}, expected {expected}"
                )
    assert not failures, "\n".join(failures)
