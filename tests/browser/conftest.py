"""Browser tests: Debian Chromium driven by Playwright, axe-core on every page visited."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from driehoek.core.testing import axe_serious

# Playwright's sync API runs an event loop in this thread; the Django test database is used from
# the same thread only through the ORM calls of the test itself.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("DRIEHOEK_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / "vendor" / "axe.min.js"
AXE_SOURCE = AXE.read_text()
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="driehoek-chromium-")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()
    shutil.rmtree(profile, ignore_errors=True)


def pass_two_factor(page, email: str) -> bool:
    """After the password step: type the code a phone app would show, on the code page (user
    with two-step sign-in) or on the set-up page (staff, who must set it up). True if it did."""
    from urllib.parse import urlparse

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from driehoek.accounts.testing import current_code

    page.wait_for_load_state("domcontentloaded")
    path = urlparse(page.url).path
    if path == "/account/inloggen/code/":
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
    elif path == "/account/tweestaps/instellen/":
        device = TOTPDevice.objects.get(user__email=email, confirmed=False)
    else:
        return False
    page.fill("input[name=code]", current_code(device))
    page.click("main form button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    return True


class AxePage:
    """A Playwright page that runs axe-core after every navigation we ask it to check."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.checked: list[str] = []
        # Anything the Content-Security-Policy refused (inline script or style, other hosts).
        self.csp_violations: list[str] = []
        page.on(
            "console",
            lambda msg: (
                self.csp_violations.append(msg.text)
                if "Content Security Policy" in msg.text
                else None
            ),
        )

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        self.check()

    def check(self):
        self.page.wait_for_load_state("domcontentloaded")
        # Evaluated through the DevTools protocol: a <script> tag would be refused by the
        # Content-Security-Policy (no inline script).
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            self.page.evaluate(AXE_SOURCE)
        results = self.page.evaluate(
            "async () => await axe.run(document, {resultTypes: ['violations']})"
        )
        problems = axe_serious(results)
        assert not problems, f"axe-core on {self.page.url}:\n" + "\n".join(problems)
        assert not self.csp_violations, f"CSP on {self.page.url}: {self.csp_violations}"
        self.checked.append(self.page.url)

    def login(self, email: str, password: str):
        self.goto("/account/inloggen/")
        self.page.fill("input[name=username]", email)
        self.page.fill("input[name=password]", password)
        self.page.click("main form button[type=submit]")
        self.check()
        if pass_two_factor(self.page, email):
            self.check()

    def __getattr__(self, name):
        return getattr(self.page, name)


@pytest.fixture
def axe_page(browser, live_server):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield AxePage(page, live_server.url)
    context.close()


@pytest.fixture
def people(browser, live_server, settings):
    """The demo organisations and, for the signatory of each party of the driehoek (gemeente,
    corporatie, huurders), a page of its own, signed in."""
    from driehoek.organisations.demo import email_for
    from driehoek.organisations.demo import load as load_demo_organisations

    from .helpers import NoOutput

    load_demo_organisations(NoOutput())
    contexts, pages = [], {}
    for key in ("gemeente", "corporatie", "huurders"):
        context = browser.new_context(locale="nl-NL")
        page = context.new_page()
        page.set_default_timeout(15000)
        axe = AxePage(page, live_server.url)
        axe.login(email_for(key, "signatory"), settings.DRIEHOEK_DEMO_PASSWORD)
        contexts.append(context)
        pages[key] = axe
    yield pages
    for context in contexts:
        context.close()
