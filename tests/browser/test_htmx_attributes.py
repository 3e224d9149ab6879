"""htmx attributes are written as data-hx-* (valid HTML; htmx 2 reads both), no template or script
of ours uses hx-on (it needs eval, which the Content-Security-Policy refuses), and an htmx
interaction still works after the rename: checking a visitor in swaps the row in place, and the
button says it is busy while the request runs."""

import re
from pathlib import Path

import pytest
from django.utils import timezone

from driehoek.accounts.tests.factories import PASSWORD, UserFactory
from driehoek.community.tests.factories import CommunityFactory, MeetingFactory, SeatFactory

ROOT = Path(__file__).resolve().parents[2]
# An attribute name that starts with hx- (not data-hx-): after whitespace or a quote (a name
# passed to setAttribute in a script).
BARE_HX = re.compile(r"""(?<=[\s"'])hx-[a-z][\w:.-]*""")
HX_ON = re.compile(r"""(?<=[\s"'])(?:data-)?hx-on[:-]""")


def _sources():
    templates = [ROOT / "templates", *sorted((ROOT / "driehoek").glob("*/templates"))]
    for folder in templates:
        yield from sorted(folder.rglob("*.html"))
    # static/vendor (htmx itself) is not under static/js
    yield from sorted((ROOT / "static" / "js").rglob("*.js"))


def test_the_patterns_find_what_they_name():
    assert BARE_HX.findall('<form method="post" hx-post="/x/" hx-swap="outerHTML">') == [
        "hx-post",
        "hx-swap",
    ]
    assert BARE_HX.findall('el.setAttribute("hx-get", url)') == ["hx-get"]
    assert not BARE_HX.findall('<form data-hx-post="/x/" data-hx-on--after-request="x">')
    assert HX_ON.findall('<form data-hx-on:submit="x">') == ["data-hx-on:"]


def test_no_template_or_script_has_a_bare_hx_attribute():
    found, checked = [], 0
    for path in _sources():
        checked += 1
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for name in BARE_HX.findall(line) + HX_ON.findall(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {name}")
    assert checked > 50, "templates not found"
    assert not found, "write data-hx-* (and no hx-on):\n" + "\n".join(found)


def test_the_project_uses_data_hx_attributes():
    """The rename did not lose the enhancement: htmx attributes are still there, as data-hx-*."""
    uses = [p for p in _sources() if "data-hx-post=" in p.read_text()]
    assert uses, "no data-hx-post left in any template"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_check_in_swaps_the_row_and_the_button_shows_it_is_busy(axe_page):
    community = CommunityFactory(slug="cop-htmx")
    # Check-in is only on the meeting's day: one that starts now is today, whatever today is.
    meeting = MeetingFactory(community=community, starts_at=timezone.now())
    seat = SeatFactory(
        meeting=meeting, registration__community=community, registration__name="Bram Bezig"
    )
    staff = UserFactory(is_staff=True)
    page = axe_page
    page.login(staff.email, PASSWORD)
    page.goto(f"/community/{community.slug}/beheer/bijeenkomst/{meeting.uuid}/")
    form = page.locator(f"#seat-{seat.pk} form")
    assert form.get_attribute("data-hx-post")
    assert form.get_attribute("hx-post") is None
    # A mark on this document: it survives an htmx swap, not a page load. And what the button
    # says while the request is on its way (htmx:beforeSend comes after htmx:beforeRequest).
    page.evaluate(
        """() => {
          window.dhSameDocument = true;
          window.dhWhileSending = null;
          document.addEventListener("htmx:beforeSend", (event) => {
            const button = event.detail.elt.querySelector("button");
            window.dhWhileSending = {busy: button.getAttribute("aria-busy"),
                                     disabled: button.disabled};
          });
        }"""
    )
    page.click(f"#seat-{seat.pk} button:has-text('Aanwezig')")
    page.locator(f"#seat-{seat.pk} button:has-text('Ongedaan maken')").wait_for()
    assert page.evaluate("window.dhSameDocument") is True, "the page was loaded again, no swap"
    assert page.evaluate("window.dhWhileSending") == {"busy": "true", "disabled": True}
    undo = page.locator(f"#seat-{seat.pk} button")
    assert undo.get_attribute("aria-busy") is None
    assert undo.is_enabled()
    page.check()
    seat.refresh_from_db()
    assert seat.attended_at is not None


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_form_shows_its_busy_message_when_sent(axe_page, settings):
    """The import form is a plain form (no htmx): sending it shows the waiting message and marks
    its button busy, through static/js (hx-on would need eval, refused by the CSP)."""
    from driehoek.monitoring.tests.factories import make_agreement
    from driehoek.organisations.demo import email_for, organisations
    from driehoek.organisations.demo import load as load_demo_organisations

    from .helpers import NoOutput

    load_demo_organisations(NoOutput())
    orgs = organisations()
    agreement = make_agreement(orgs["gemeente"], orgs["corporatie"], orgs["huurders"])
    page = axe_page
    page.login(email_for("corporatie", "editor"), settings.DRIEHOEK_DEMO_PASSWORD)
    page.goto(f"/monitoring/afspraak/{agreement.uuid}/importeren/")
    assert page.locator("#import-busy").is_hidden()
    # Listened to after static/js: records what the form shows once sent, then stops the
    # sending so that the page stays.
    page.evaluate(
        """() => {
          window.dhOnSubmit = null;
          document.addEventListener("submit", (event) => {
            const button = event.target.querySelector("button[type=submit]");
            window.dhOnSubmit = {
              message: !document.getElementById("import-busy").hidden,
              busy: button.getAttribute("aria-busy"),
            };
            event.preventDefault();
          });
        }"""
    )
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "leeg.csv", "mimeType": "text/csv", "buffer": b"referentie\n"}],
    )
    page.click("main form button[type=submit]")
    assert page.evaluate("window.dhOnSubmit") == {"message": True, "busy": "true"}
    assert page.locator("#import-busy").is_visible()
    page.check()
