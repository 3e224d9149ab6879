"""Publishing in Chromium: two parties agree to publish a signed agreement; then a visitor
without an account finds the gemeente's agreement, reads its confirmed progress, downloads the
PDF and pulls the same data from the API and the bulk file. axe-core checks every page."""

from __future__ import annotations

import pytest

from driehoek.accounts.tests.factories import PASSWORD
from driehoek.organisations.models import Role
from driehoek.publication.models import Publication
from driehoek.publication.tests import factories as f

from .conftest import AxePage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _press(axe, selector):
    with axe.page.expect_navigation():
        axe.page.click(selector)
    axe.check()


def _decide(browser, live_server, user, agreement, organisation):
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15000)
    axe = AxePage(page, live_server.url)
    axe.login(user.email, PASSWORD)
    axe.goto("/openbaar/publiceren/")
    _press(axe, f"main a:has-text('{agreement.title}')")
    axe.page.select_option("select[name=organisation]", str(organisation.pk))
    axe.page.check("input[name=decision][value=consent]")
    _press(axe, "main form button[type=submit]")
    assert "Je toestemming is vastgelegd" in axe.page.content() or "openbaar" in axe.page.content()
    context.close()


def test_parties_publish_and_a_visitor_finds_reads_and_downloads(
    browser, live_server, world, axe_page
):
    world.gemeente.name = "Gemeente Zichtbaar"
    world.gemeente.code = "0999"
    world.gemeente.save()
    agreement = f.sign(
        f.agreement(
            gemeente=world.gemeente,
            others=[world.corporatie],
            title="Prestatieafspraken Zichtbaar 2025",
        )
    )
    f.report(agreement.commitments.first(), realised="42", explanation="Volgens planning")

    _decide(browser, live_server, world.users["signatory"], agreement, world.gemeente)
    assert not Publication.objects.exists()
    _decide(
        browser,
        live_server,
        world.member(world.corporatie, Role.SIGNATORY),
        agreement,
        world.corporatie,
    )
    assert Publication.objects.filter(agreement=agreement).exists()

    # A visitor without an account.
    page = axe_page
    page.goto("/")
    _press(page, "nav a[href='/openbaar/']")
    page.select_option("select[name=gemeente]", world.gemeente.slug)
    _press(page, "main form button[type=submit]")
    _press(page, "main a:has-text('Prestatieafspraken Zichtbaar 2025')")
    content = page.content()
    assert "Volgens planning" in content and "42" in content
    assert "Begrippen" in content or "begrippen" in content

    pdf_href = page.get_attribute("main a[href$='prestatieafspraken.pdf']", "href")
    pdf = page.request.get(live_server.url + pdf_href)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    api_href = page.get_attribute("main a[href^='/api/v1/agreements/']", "href")
    data = page.request.get(live_server.url + api_href).json()
    assert data["commitments"][0]["progress"][0]["realised"] == 42.0

    page.goto("/openbaar/open-data/")
    csv_href = page.get_attribute("main a[href='/api/v1/bulk/commitments.csv']", "href")
    rows = page.request.get(live_server.url + csv_href).text().splitlines()
    assert len(rows) == 1 + agreement.commitments.count()

    page.goto(f"/openbaar/organisaties/{world.gemeente.slug}/")
    assert "Prestatieafspraken Zichtbaar 2025" in page.content()
