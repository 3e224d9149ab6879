"""Every page works without JavaScript: the main forms in a browser with scripts switched off."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from driehoek.accounts.tests.factories import PASSWORD, UserFactory
from driehoek.community.models import Registration
from driehoek.community.tests.factories import CommunityFactory, MeetingFactory, SeatFactory
from driehoek.organisations.models import Invitation, OrganisationKind, Role
from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .conftest import pass_two_factor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    p = context.new_page()
    p.set_default_timeout(15000)
    p.base = live_server.url
    yield p
    context.close()


def test_login_filter_and_invite_without_javascript(page):
    admin = MembershipFactory(role=Role.ADMIN, organisation__name="Gemeente Zonderscript")
    OrganisationFactory(name="Woonstichting Zonderscript", kind=OrganisationKind.CORPORATIE)
    page.goto(page.base + "/account/inloggen/")
    page.fill("input[name=username]", admin.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    assert "/organisaties/mijn/" in page.url

    page.goto(page.base + "/organisaties/")
    page.select_option("select[name=kind]", "woningcorporatie")
    page.fill("input[name=q]", "Zonderscript")
    page.click(".dh-filters button[type=submit]")
    assert "Woonstichting Zonderscript" in page.content()
    assert "Gemeente Zonderscript" not in page.locator("main table").inner_text()

    page.goto(page.base + f"/organisaties/{admin.organisation.slug}/leden/")
    page.fill("#id_email", "collega@example.org")
    page.select_option("#id_role", "editor")
    page.click("main form:has(#id_email) button[type=submit]")
    assert Invitation.objects.filter(email="collega@example.org", role="editor").exists()


def test_community_sign_up_and_check_in_without_javascript(page):
    cache.clear()
    community = CommunityFactory(title="CoP Zonder Script", slug="cop-zonder-script")
    MeetingFactory(community=community, capacity=5, starts_at=timezone.now() + timedelta(days=10))
    page.goto(page.base + f"/community/{community.slug}/aanmelden/")
    page.fill("#id_name", "Sam Script")
    page.fill("#id_email", "sam@example.org")
    page.fill("#id_organisation_name", "Huurdersvereniging Noord")
    page.check("#id_party_2")
    page.click("main button[type=submit]")
    if page.locator("#id_consent").count():
        page.check("#id_consent")
        page.click("main button[type=submit]")
    assert Registration.objects.filter(email="sam@example.org").exists()

    # Check-in is only on the meeting's day: one that starts now is today, whatever today is.
    today = MeetingFactory(community=community, starts_at=timezone.now())
    seat = SeatFactory(
        meeting=today, registration__community=community, registration__name="Anna Aanwezig"
    )
    staff = UserFactory(is_staff=True)
    page.goto(page.base + "/account/inloggen/")
    page.fill("input[name=username]", staff.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    pass_two_factor(page, staff.email)  # staff must set up two-step sign-in first
    page.goto(page.base + f"/community/{community.slug}/beheer/bijeenkomst/{today.uuid}/")
    page.click(f"#seat-{seat.pk} button[type=submit]")
    seat.refresh_from_db()
    assert seat.attended_at is not None
