"""Check-in at the door on a phone (issue 13, point 3): at 375 px the participants are cards
with one large button, a search by name narrows them, pressing "Aanwezig" swaps the card in
place (htmx), nothing scrolls sideways and axe-core finds nothing serious."""

from datetime import timedelta

import pytest
from django.utils import timezone

from driehoek.accounts.tests.factories import PASSWORD, UserFactory
from driehoek.community.tests.factories import CommunityFactory, MeetingFactory, SeatFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_check_in_on_a_phone(axe_page):
    community = CommunityFactory(slug="cop-deur")
    # The meeting is today whatever today is: it starts now (check-in is only on its day).
    now = timezone.now()
    meeting = MeetingFactory(community=community, starts_at=now, ends_at=now + timedelta(hours=3))
    anna = SeatFactory(
        meeting=meeting,
        registration__community=community,
        registration__name="Anna de Vries",
        registration__organisation_name="Huurdersbelangenvereniging Bewonerscommissiesamenwerking",
    )
    bert = SeatFactory(
        meeting=meeting, registration__community=community, registration__name="Bert Bezoeker"
    )
    staff = UserFactory(is_staff=True)
    page = axe_page
    page.set_viewport_size({"width": 375, "height": 800})
    page.login(staff.email, PASSWORD)
    page.goto(f"/community/{community.slug}/beheer/bijeenkomst/{meeting.uuid}/")
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    card = page.locator(f"#seat-{anna.pk}")
    # A card, not a table row: the row is laid out as a block below 768 px.
    assert card.evaluate("el => getComputedStyle(el).display") == "block"
    assert "Huurdersbelangenvereniging" in card.inner_text()

    page.fill("#id_q", "anna")
    page.click("main form[role=search] button[type=submit]")
    page.locator(f"#seat-{bert.pk}").wait_for(state="detached")
    page.check()
    card = page.locator(f"#seat-{anna.pk}")
    button = card.locator("button:has-text('Aanwezig')")
    assert button.bounding_box()["height"] >= 44
    page.evaluate("() => { window.dhSameDocument = true; }")
    button.click()
    card.locator("button:has-text('Ongedaan maken')").wait_for()
    assert "Aanwezig ✓" in card.inner_text()
    assert page.evaluate("window.dhSameDocument") is True, "the card was not swapped in place"
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.check()
    anna.refresh_from_db()
    bert.refresh_from_db()
    assert anna.attended_at is not None and bert.attended_at is None
