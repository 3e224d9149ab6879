"""Adding municipalities to a work area from the check boxes, with axe-core at 1280 and 375 px:
type to filter (names compared without case or accents), tick two, add them; both are listed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.accounts.tests.factories import PASSWORD
from driehoek.organisations.models import OrganisationKind, Role, WorkArea
from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = {
    "Utrecht": ["Amersfoort", "Zeist", "Utrechtse Heuvelrug", "Stichtse Vecht"],
    "Noord-Holland": ["Amsterdam", "Hollands Kroon", "Zaanstad"],
    "Fryslân": ["Súdwest-Fryslân", "Leeuwarden"],
    "Zuid-Holland": ["Zoetermeer", "Alphen aan den Rijn", "Krimpenerwaard"],
}


def fits(page):
    wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1], f"{page.url}: {wide[0]} px wide at {wide[1]} px"


def box(page, name):
    return page.locator(f"main .dh-pick label:has-text('{name}')")


@pytest.mark.parametrize("width", [1280, 375])
def test_filter_tick_two_and_add(axe_page, width):
    corp = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Thuis")
    admin = MembershipFactory(organisation=corp, role=Role.ADMIN).user
    for province, names in NAMES.items():
        for name in names:
            OrganisationFactory(kind=OrganisationKind.GEMEENTE, name=name, province=province)
    axe_page.login(admin.email, PASSWORD)
    page = axe_page.page
    page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(reverse("organisations:work_area", args=[corp.slug]))
    fits(page)
    with page.expect_navigation():
        page.click("main a:has-text('Gemeenten kiezen uit een lijst')")
    axe_page.check()
    fits(page)
    assert page.locator("main fieldset.dh-pick__group legend").all_inner_texts() == [
        "Fryslân",
        "Noord-Holland",
        "Utrecht",
        "Zuid-Holland",
    ]

    # Typing hides what does not match, and a province with nothing left.
    page.locator("#id_q").press_sequentially("zei", delay=30)
    box(page, "Amersfoort").wait_for(state="hidden")
    assert box(page, "Zeist").is_visible()
    assert not page.locator("main fieldset.dh-pick__group:has-text('Fryslân')").is_visible()
    page.check("main .dh-pick input[type=checkbox]:visible")  # the only one left: Zeist
    # Accents and case do not matter; a ticked box stays in sight.
    page.fill("#id_q", "")
    page.locator("#id_q").press_sequentially("SUDWEST", delay=30)
    box(page, "Amersfoort").wait_for(state="hidden")
    assert box(page, "Súdwest-Fryslân").is_visible() and box(page, "Zeist").is_visible()
    box(page, "Súdwest-Fryslân").click()
    page.locator("[data-dh-pick-status]").filter(has_text="Aangevinkt: 2.").wait_for()
    # Enter filters here (the whole list is on the page): no new page, the ticks stay.
    url = page.url
    page.locator("#id_q").press("Enter")
    assert page.url == url
    assert page.locator("main .dh-pick input[type=checkbox]:checked").count() == 2
    axe_page.check()
    fits(page)

    with page.expect_navigation():
        page.click("main form.dh-pick button[type=submit]")
    axe_page.check()
    fits(page)
    main = page.locator("main").inner_text()
    assert "2 gemeenten zijn toegevoegd aan het werkgebied." in main
    listed = page.locator("main table.dh-table tbody th[scope=row]").all_inner_texts()
    assert listed == ["Súdwest-Fryslân", "Zeist"]
    assert sorted(
        WorkArea.objects.filter(organisation=corp).values_list("gemeente__name", flat=True)
    ) == ["Súdwest-Fryslân", "Zeist"]

    # Nothing ticked: the message at the check boxes, at this width too.
    axe_page.goto(reverse("organisations:work_area_add", args=[corp.slug]))
    with page.expect_navigation():
        page.click("main form.dh-pick button[type=submit]")
    axe_page.check()
    fits(page)
    assert "Kies minstens één gemeente." in page.locator("#id_gemeenten_error").inner_text()
