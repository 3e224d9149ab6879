"""Small screens (issue 13): no page is wider than a 375 px phone.

The pages come from the authorization walk (``tests/test_authorization.py``): for each persona
below, every GET case that answers 200 with HTML, one case per URL pattern (the first that
answers). A page fails when ``document.documentElement.scrollWidth`` exceeds the viewport;
a table may scroll inside its ``.dh-table-wrap``, which itself must fit.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from tests.test_authorization import case_url, collect_cases

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 375

# A representative set of who uses the site: the user in the ``world``, and the walk's persona
# when it is one (its expected statuses then spare asking for pages it may not see).
PERSONAS = {
    "anonymous": (lambda w: None, "anonymous"),
    "tenant organisation member": (lambda w: w.member(w.huurders, "viewer"), None),
    "corporatie editor": (lambda w: w.member(w.corporatie, "editor"), None),
    "gemeente admin": (lambda w: w.users["admin"], "admin"),
    "staff": (lambda w: w.users["staff"], "staff"),
}
# Long names, as real ones can be: one Dutch compound is wider than a phone in a heading.
LONG_NAMES = {
    "gemeente": "Gemeente Noordoostpolderwaterschapsgebied",
    "corporatie": "Woningcorporatiestichting Volkshuisvestingsontwikkelingsmaatschappij",
    "huurders": "Huurdersbelangenvereniging Bewonerscommissiesamenwerkingsverband",
}
# Downloads and feeds (a path ending in a file name) are no pages: not even asked for.
FILE_NAME = re.compile(r"/[^/]+\.[a-z0-9]+$")

# Wider than the viewport: the page's scroll width, and the widest elements that stick out
# (not counting what sits inside a box that scrolls or clips on its own, such as .dh-table-wrap).
OVERFLOW_JS = """
() => {
  const vw = window.innerWidth;
  const sw = document.documentElement.scrollWidth;
  if (sw <= vw) return null;
  // Inside a box that scrolls or clips: an ancestor with overflow other than visible on the
  // element's chain of containing blocks (an absolutely positioned element escapes a box that
  // is not positioned, and then widens the page).
  const clipped = (el) => {
    let pos = getComputedStyle(el).position;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      const contains = pos === 'fixed' ? s.transform !== 'none'
        : pos === 'absolute' ? s.position !== 'static' || s.transform !== 'none' : true;
      if (!contains) continue;
      if (s.overflowX !== 'visible') return true;
      pos = s.position;
    }
    return false;
  };
  // What a closed <details> holds is not shown (the menu below 768 px).
  const shut = 'details:not([open]) > :not(summary)';
  const depth = (el) => { let d = 0; for (; el; el = el.parentElement) d++; return d; };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 0.5 || el.closest(shut) || clipped(el)) continue;
    out.push({tag: el.tagName.toLowerCase(), cls: el.getAttribute('class') || '', id: el.id,
              width: Math.round(r.width), right: Math.round(r.right), depth: depth(el)});
  }
  // The widest first; of equal width the deepest (the one that makes its ancestors wide).
  out.sort((a, b) => b.width - a.width || b.depth - a.depth);
  // And the deepest element reaching furthest right: usually what to fix.
  const far = Math.max(...out.map((e) => e.right));
  const culprit = out.filter((e) => e.right >= far - 1).sort((a, b) => b.depth - a.depth)[0];
  return {scrollWidth: sw, innerWidth: vw, widest: out.slice(0, 1), culprit: culprit};
}
"""


def full_url(case) -> str:
    url = case_url(case)
    if case.data:
        url += ("&" if "?" in url else "?") + urlencode(case.data, doseq=True)
    return url


def pages_for(client: Client, cases, walk_persona: str | None) -> list[str]:
    """The URLs ``client`` may see as an HTML page: one per URL pattern, the first case of it
    that answers 200 with text/html."""
    seen: set[str] = set()
    urls: list[str] = []
    for case in cases:
        if case.method != "get" or case.name in seen or case.name.startswith("api:"):
            continue
        if walk_persona and case.status_for(walk_persona) != 200:
            continue
        url = full_url(case)
        if FILE_NAME.search(url.split("?")[0]):
            continue
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            seen.add(case.name)
            urls.append(url)
    return urls


def element(e: dict | None) -> str:
    if not e:
        return "none found"
    name = (
        e["tag"] + (f"#{e['id']}" if e["id"] else "") + (f" class='{e['cls']}'" if e["cls"] else "")
    )
    return f"<{name}> {e['width']} px wide, right edge at {e['right']} px"


def describe(url: str, found: dict) -> str:
    widest = element(found["widest"][0] if found["widest"] else None)
    return (
        f"{url}: {found['scrollWidth']} px > {found['innerWidth']} px; widest {widest}; "
        f"furthest right {element(found['culprit'])}"
    )


def test_no_page_is_wider_than_a_phone(browser, live_server, world):
    for key, name in LONG_NAMES.items():
        organisation = getattr(world, key)
        organisation.name = name
        organisation.save(update_fields=["name"])
    cases = collect_cases(world)
    failures: list[str] = []
    visited = 0
    for persona, (user_of, walk_persona) in PERSONAS.items():
        user = user_of(world)
        client = Client()
        if user is not None:
            client.force_login(user)
        urls = pages_for(client, cases, walk_persona)
        assert len(urls) > 10, f"{persona} reaches only {urls}"
        context = browser.new_context(
            locale="nl-NL", viewport={"width": WIDTH, "height": 800}, java_script_enabled=True
        )
        if user is not None:
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url,
                    }
                ]
            )
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            for url in urls:
                response = page.goto(live_server.url + url, wait_until="load")
                assert response is not None and response.status == 200, (
                    f"{url} as {persona}: {response and response.status} in the browser"
                )
                assert response.request.redirected_from is None, f"{url} as {persona}: redirected"
                visited += 1
                found = page.evaluate(OVERFLOW_JS)
                if found:
                    failures.append(f"as {persona}: " + describe(url, found))
        finally:
            context.close()
    assert visited > 50
    assert not failures, f"Wider than {WIDTH} px:\n" + "\n".join(failures)
