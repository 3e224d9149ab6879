"""One walk over every URL pattern with every persona.

Each app lists its URLs in ``driehoek/<app>/tests/authz.py`` as ``url_cases(world)``. A URL
pattern that no app lists makes this test fail: every new view joins the walk.

Every case is requested once per persona (one test per persona, so the walk spreads over the
workers). The same walk checks HEAD: for each GET case, the persona that GET lets in (see
``head_persona``) also sends HEAD, which must answer what its GET answered.
"""

from __future__ import annotations

from collections import Counter
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


def case_url(case: UrlCase) -> str:
    return reverse(case.name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")


def case_key(case: UrlCase) -> tuple[str, str, str]:
    """What makes a request: method, URL and data (a second case with the same key is a repeat)."""
    return case.method, case_url(case), repr(sorted((case.data or {}).items()))


def head_persona(case: UrlCase) -> str:
    """The persona that sends HEAD for a GET case: the first one GET lets in (200), so the view
    itself runs; else anonymous."""
    for persona in PERSONAS:
        if case.status_for(persona) == 200:
            return persona
    return "anonymous"


def user_for(world, persona: str):
    if persona == "anonymous":
        return None
    return world.users[persona]


def mismatch(method: str, url: str, persona: str, got: int, expected: int, why: str = "") -> str:
    """One failure line of the walk: method, URL, persona, the status got and the one expected."""
    return f"{method.upper()} {url} as {persona}: got {got}, expected {expected}{why}"


@pytest.mark.django_db
def test_every_url_is_walked(world):
    cases = collect_cases(world)
    covered = {c.name for c in cases}
    missing = sorted(all_url_names() - covered)
    assert not missing, f"URL patterns without an authorization case: {missing}"
    repeats = sorted(" ".join(k[:2]) for k, n in Counter(map(case_key, cases)).items() if n > 1)
    assert not repeats, f"Cases listed more than once (same method, URL and data): {repeats}"
    # HEAD is checked for every GET case, each by its head_persona.
    assert sum(c.method == "get" for c in cases) > 50


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_gets_the_expected_status(world, client_for, persona):
    """Every case as ``persona`` gets its expected status; where ``persona`` is a GET case's
    head_persona, HEAD answers what that GET answered (HEAD is answered wherever GET is)."""
    failures = []
    walked = heads = 0
    cases = collect_cases(world)
    for case in cases:
        url = case_url(case)
        client = client_for(user_for(world, persona))
        response = getattr(client, case.method)(url, data=case.data or {})
        walked += 1
        expected = case.status_for(persona)
        if response.status_code != expected:
            failures.append(mismatch(case.method, url, persona, response.status_code, expected))
        if case.method == "get" and head_persona(case) == persona:
            head = client.head(url)
            heads += 1
            if head.status_code != response.status_code:
                why = " (what GET answers)"
                failures.append(
                    mismatch("head", url, persona, head.status_code, response.status_code, why)
                )
    assert walked > 50
    assert heads == sum(c.method == "get" and head_persona(c) == persona for c in cases)
    assert not failures, "\n".join(failures)
