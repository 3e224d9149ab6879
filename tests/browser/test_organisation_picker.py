"""The organisation picker of a staff-side form in a real browser, at 1280 and 375 px with
axe-core: a cycle's administrator types part of a housing association's name, chooses it with
the arrow keys and Enter (the combobox of static/js/organisation-search.js, fed by
/organisaties/zoeken/), sends the form and sees it among the cycle's parties."""

from __future__ import annotations

import pytest
from django.urls import reverse

from driehoek.accounts.tests.factories import PASSWORD
from driehoek.agreements.tests.factories import CycleFactory
from driehoek.organisations.models import OrganisationKind, Role, WorkArea
from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIELD = "#id_organisation"


@pytest.mark.parametrize("width", [1280, 375])
def test_choose_a_corporatie_with_the_keyboard(axe_page, width):
    gemeente = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Testdorp")
    first = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Eerst")
    admin = MembershipFactory(organisation=gemeente, role=Role.ADMIN).user
    cycle = CycleFactory(gemeente=gemeente, participants=[first])
    candidates = OrganisationFactory.create_batch(55, kind=OrganisationKind.CORPORATIE)
    wanted = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Wonen Zuidkant")
    OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Zuidwest Wonen")
    WorkArea.objects.bulk_create(
        [WorkArea(organisation=o, gemeente=gemeente) for o in [*candidates, wanted]]
    )
    axe_page.login(admin.email, PASSWORD)
    page = axe_page.page
    page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(reverse("agreements:cycle_parties", kwargs={"cycle_id": cycle.uuid}))
    field = page.locator(FIELD)
    listbox = page.locator("[role=listbox]")
    assert field.get_attribute("role") == "combobox"
    assert page.locator("select").count() == 0

    field.press_sequentially("zuid")
    options = listbox.locator("[role=option]")
    options.first.wait_for()
    # The endpoint suggests housing associations by name (the server still checks that the
    # chosen one is a candidate of this cycle); a name that starts with what was typed first.
    assert options.all_inner_texts() == [
        "Zuidwest Wonen (Woningcorporatie)",
        "Wonen Zuidkant (Woningcorporatie)",
    ]
    axe_page.check()  # with the list open
    wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1]

    field.press("ArrowDown")
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    field.press("Enter")
    assert field.input_value() == "Wonen Zuidkant"
    assert page.locator("#id_organisation_id").input_value() == str(wanted.pk)
    assert listbox.is_hidden()
    with page.expect_navigation():
        page.click("main form:has(#id_organisation) button[type=submit]")
    axe_page.check()
    assert cycle.participants.filter(pk=wanted.pk).exists()
    assert "Wonen Zuidkant" in page.locator("main").inner_text()
