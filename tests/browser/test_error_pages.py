"""Error pages and the API documentation in Chromium, under the Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from driehoek.accounts.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch(page):
    """Collect CSP violations (console and DOM event) and every requested URL."""
    violations: list[str] = []
    requests: list[str] = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.on("request", lambda req: requests.append(req.url))
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => {"
        " window.__csp = (window.__csp || []).concat([e.violatedDirective + ' ' + e.blockedURI]);"
        "});"
    )
    return violations, requests


def _csp_events(page) -> list[str]:
    return page.evaluate("window.__csp || []")


def test_404_page_is_dutch_accessible_and_leads_home(axe_page, live_server):
    violations, _ = _watch(axe_page.page)
    response = axe_page.page.goto(live_server.url + "/bestaat-niet/")
    assert response.status == 404
    axe_page.check()
    assert axe_page.locator("h1").inner_text() == "We kunnen deze pagina niet vinden"
    assert axe_page.get_by_text("Wat kun je doen?").is_visible()
    axe_page.get_by_role("link", name="Naar de startpagina").click()
    axe_page.wait_for_url(live_server.url + "/")
    assert not violations and not _csp_events(axe_page.page)


def test_403_page_is_dutch_and_accessible(axe_page, live_server, world):
    violations, _ = _watch(axe_page.page)
    # A viewer may not open the gemeente's members page (administrators only).
    axe_page.login(world.users["viewer"].email, PASSWORD)
    response = axe_page.page.goto(live_server.url + f"/organisaties/{world.gemeente.slug}/leden/")
    assert response.status == 403
    axe_page.check()
    assert axe_page.locator("h1").inner_text() == "Dit mag je niet doen"
    assert axe_page.get_by_role("link", name="Naar de startpagina").is_visible()
    assert not violations and not _csp_events(axe_page.page)


def test_api_docs_load_from_this_server_without_csp_violations(axe_page, live_server):
    violations, requests = _watch(axe_page.page)
    axe_page.page.goto(live_server.url + "/api/v1/docs")
    # Swagger UI renders the operations from the OpenAPI document.
    axe_page.locator(".opblock").first.wait_for()
    assert axe_page.locator(".opblock").count() >= 3
    assert not violations, violations
    assert not _csp_events(axe_page.page)
    host = urlsplit(live_server.url).netloc
    outside = [
        u
        for u in requests
        if urlsplit(u).scheme in ("http", "https") and urlsplit(u).netloc != host
    ]
    assert not outside, outside
