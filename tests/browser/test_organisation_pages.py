"""The organisation pages staff use, with axe-core at 1280 and at 375 px: recording a merger
(fusie) and a split (splitsing), a corporatie's work area (werkgebied), the regions and a
region's page, and an organisation's own page, each with content, a search and a refused form."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from driehoek.accounts.tests.factories import PASSWORD, UserFactory
from driehoek.organisations import services
from driehoek.organisations.models import OrganisationKind
from driehoek.organisations.tests.factories import OrganisationFactory, RegionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 375)


def gemeente(name):
    return OrganisationFactory(kind=OrganisationKind.GEMEENTE, name=name)


@pytest.fixture
def organisations():
    """Gemeenten of which two merged into a third, a corporatie working in two of them, and a
    region with two members; staff to keep them."""
    staff = UserFactory(is_staff=True)
    aalburg, werkendam, altena = gemeente("Aalburg"), gemeente("Werkendam"), gemeente("Altena")
    utrecht, zeist = gemeente("Utrecht"), gemeente("Zeist")
    services.record_merger(
        actor=staff,
        predecessors=[aalburg, werkendam],
        successor=altena,
        date=datetime.date(2019, 1, 1),
    )
    corp = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Thuis")
    services.work_area_add(actor=staff, organisation=corp, gemeente=utrecht, homes=1200)
    services.work_area_add(actor=staff, organisation=corp, gemeente=zeist)
    region = RegionFactory(name="Woonregio Midden")
    services.region_members_add(actor=staff, region=region, gemeenten=[utrecht, zeist])
    return {
        "staff": staff,
        "old": aalburg,
        "successor": altena,
        "gemeente": utrecht,
        "corporatie": corp,
        "region": region,
    }


def fits(axe_page):
    """Nothing wider than the viewport (a table scrolls inside its .dh-table-wrap)."""
    wide = axe_page.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1], f"{axe_page.page.url}: {wide[0]} px wide at {wide[1]} px"


def test_staff_organisation_pages_are_accessible_wide_and_narrow(axe_page, organisations):
    o = organisations
    g, corp, region = o["gemeente"], o["corporatie"], o["region"]
    pages = [
        o["successor"].get_absolute_url(),  # what went up in it
        o["old"].get_absolute_url(),  # no longer exists, with its successor
        corp.get_absolute_url(),
        reverse("organisations:record_merger", args=[g.slug]),
        reverse("organisations:record_merger", args=[g.slug]) + "?q=zei",
        reverse("organisations:record_split", args=[g.slug]),
        reverse("organisations:work_area", args=[corp.slug]),
        reverse("organisations:work_area", args=[corp.slug]) + "?q=alt",
        reverse("organisations:work_area_remove", args=[corp.slug, g.pk]),
        reverse("organisations:regions"),
        reverse("organisations:region", args=[region.slug]),
        reverse("organisations:region", args=[region.slug]) + "?q=alt",
        reverse("organisations:region_member_remove", args=[region.slug, g.pk]),
    ]
    # Forms sent without a choice: refused, with the error summary and the message at the field.
    refused = [
        reverse("organisations:record_merger", args=[g.slug]),
        reverse("organisations:record_split", args=[g.slug]),
        reverse("organisations:work_area", args=[corp.slug]),
    ]
    axe_page.login(o["staff"].email, PASSWORD)
    axe_page.goto(pages[0])
    assert "Aalburg" in axe_page.locator("main").inner_text()  # the merger is on the page
    for width in WIDTHS:
        axe_page.page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            axe_page.goto(path)
            fits(axe_page)
        for path in refused:
            axe_page.goto(path)
            form = "main form.utrecht-form[method=post]:not(.dh-inline-form)"
            with axe_page.page.expect_navigation():
                axe_page.page.locator(form).last.locator("button[type=submit]").click()
            axe_page.check()
            fits(axe_page)
            assert axe_page.page.locator(".dh-errorsummary").count() == 1, axe_page.page.url
    assert len(axe_page.checked) >= 2 * (len(pages) + len(refused))
