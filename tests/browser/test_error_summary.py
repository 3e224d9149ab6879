"""The error summary in a real browser: three forms sent empty. The summary at the top takes
focus (a screen reader reads it first), and each link in it puts the cursor in its field.
axe-core runs on every page."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from driehoek.accounts.tests.factories import PASSWORD
from driehoek.community.tests.factories import CommunityFactory, MeetingFactory
from driehoek.organisations.models import OrganisationKind, Role
from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUMMARY = "[data-dh-error-summary]"
FOCUSED_ID = "document.activeElement && document.activeElement.id"


def submit_empty_and_follow_links(page, form: str) -> list[str]:
    """Send ``form`` without filling anything in; check the summary has focus and that each
    of its links focuses its field. Returns the ids the links pointed to."""
    page.click(f"{form} button[type=submit]")
    page.check()
    assert page.title().startswith("Fout:"), page.title()
    page.locator(SUMMARY).wait_for()
    page.wait_for_function("s => document.activeElement === document.querySelector(s)", arg=SUMMARY)
    hrefs = page.locator(f"{SUMMARY} a").evaluate_all("links => links.map(a => a.hash)")
    assert hrefs, "the summary links to no field"
    for href in hrefs:
        page.locator(f"{SUMMARY} a[href='{href}']").click()
        assert page.evaluate(FOCUSED_ID) == href[1:], f"{href} did not focus its field"
    return [h[1:] for h in hrefs]


def test_cop_sign_up_sent_empty(axe_page):
    cache.clear()
    community = CommunityFactory(title="CoP Lege Aanmelding", slug="cop-leeg")
    MeetingFactory(community=community, starts_at=timezone.now() + timedelta(days=20))
    axe_page.goto(f"/community/{community.slug}/aanmelden/")
    ids = submit_empty_and_follow_links(axe_page, "main form.utrecht-form")
    assert {"id_name", "id_email", "id_consent"} <= set(ids)
    # The party is a group of radios: its link goes to the first option.
    assert "id_party_0" in ids


def test_tenant_registration_sent_empty(axe_page):
    cache.clear()
    OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Leegdorp")
    OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Leegdorp")
    axe_page.goto("/organisaties/aanmelden-huurdersorganisatie/")
    ids = submit_empty_and_follow_links(axe_page, "main form:has(#id_name)")
    assert {"id_name", "id_contact_email"} <= set(ids)


def test_invitation_sent_empty(axe_page):
    admin = MembershipFactory(role=Role.ADMIN, organisation__name="Gemeente Leeglaten")
    axe_page.login(admin.user.email, PASSWORD)
    axe_page.goto(f"/organisaties/{admin.organisation.slug}/leden/")
    ids = submit_empty_and_follow_links(axe_page, "main form:has(#id_email)")
    assert ids == ["id_email"]
    # Typing in the field the link led to and sending again leaves no summary.
    axe_page.keyboard.type("nieuwe.collega@example.org")
    axe_page.click("main form:has(#id_email) button[type=submit]")
    axe_page.check()
    assert not axe_page.locator(SUMMARY).count()
    assert "nieuwe.collega@example.org" in axe_page.content()
