"""A tenant volunteer signs up for the Community of Practice in a real browser, on a wide and on a
phone-sized screen: types part of the organisation's name, picks a suggestion with the keyboard
(arrow keys, Escape, Enter), sends the form and sees the confirmation. axe-core runs on every
state checked, the list of suggestions open included."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from driehoek.community.models import Registration
from driehoek.community.tests.factories import CommunityFactory, MeetingFactory
from driehoek.organisations.models import OrganisationKind
from driehoek.organisations.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIELD = "#id_organisation_name"


@pytest.fixture
def cop():
    cache.clear()
    community = CommunityFactory(title="CoP Huurders", slug="cop-huurders")
    MeetingFactory(community=community, starts_at=timezone.now() + timedelta(days=14))
    tenants = OrganisationFactory(
        name="Huurdersvereniging Oost-Utrecht", kind=OrganisationKind.HUURDERS
    )
    OrganisationFactory(name="Huurdersvereniging Oosterpark", kind=OrganisationKind.HUURDERS)
    OrganisationFactory(name="Oostzaan", kind=OrganisationKind.GEMEENTE)
    OrganisationFactory(name="Súdwest-Fryslân", kind=OrganisationKind.GEMEENTE)
    return community, tenants


@pytest.mark.parametrize("width,height", [(1280, 900), (375, 740)])
def test_volunteer_picks_the_organisation_with_the_keyboard(axe_page, cop, width, height):
    community, tenants = cop
    page = axe_page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"/community/{community.slug}/aanmelden/")
    field = page.locator(FIELD)
    listbox = page.locator("[role=listbox]")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-controls") == listbox.get_attribute("id")

    page.fill("#id_name", "Hanneke Huurder")
    page.fill("#id_email", "hanneke@example.org")
    page.locator("input[name=party][value=huurders]").check()
    field.press_sequentially("oost")
    options = listbox.locator("[role=option]")
    options.first.wait_for()
    # Only tenant organisations: the party is chosen. The live region says how many.
    assert options.all_inner_texts() == [
        "Huurdersvereniging Oost-Utrecht (Huurdersorganisatie)",
        "Huurdersvereniging Oosterpark (Huurdersorganisatie)",
    ]
    assert field.get_attribute("aria-expanded") == "true"
    assert "2 organisaties gevonden" in page.locator("[role=status]").last.inner_text()
    page.check()  # axe with the list open
    if width < 400:
        assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Escape closes the list; arrow down opens it again at the first option.
    field.press("Escape")
    assert listbox.is_hidden()
    assert field.get_attribute("aria-expanded") == "false"
    field.press("ArrowDown")
    assert field.get_attribute("aria-expanded") == "true"
    first = options.nth(0)
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    field.press("ArrowDown")
    field.press("ArrowUp")
    assert field.get_attribute("aria-activedescendant") == first.get_attribute("id")

    # Enter takes the option and does not send the form yet.
    field.press("Enter")
    assert "/aanmelden/" in page.url and not mail.outbox
    assert field.input_value() == "Huurdersvereniging Oost-Utrecht"
    assert page.locator("#id_organisation").input_value() == str(tenants.pk)
    assert listbox.is_hidden()
    assert field.get_attribute("aria-expanded") == "false"
    page.check()

    page.locator("#id_consent").check()
    with page.expect_navigation():
        page.click("main form button[type=submit].utrecht-button--primary-action")
    page.check()
    assert "Kijk in je e-mail" in page.locator("h1").inner_text()
    assert Registration.objects.get().organisation == tenants


def test_typing_again_forgets_the_chosen_organisation(axe_page, cop):
    community, _tenants = cop
    page = axe_page
    page.goto(f"/community/{community.slug}/aanmelden/")
    field = page.locator(FIELD)
    field.press_sequentially("sudwest")
    option = page.locator("[role=listbox] [role=option]").first
    option.wait_for()
    assert option.inner_text() == "Súdwest-Fryslân (Gemeente)"  # accents do not matter
    option.click()
    assert field.input_value() == "Súdwest-Fryslân"
    assert page.locator("#id_organisation").input_value() != ""
    field.press("End")
    field.press_sequentially(" Noord")
    assert page.locator("#id_organisation").input_value() == ""
