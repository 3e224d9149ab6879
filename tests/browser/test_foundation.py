"""Issue 2 in a real browser: log in, filter the directory, open an organisation, invite."""

import re

import pytest
from django.core import mail

from driehoek.organisations.demo import email_for
from driehoek.organisations.demo import load as load_demo_organisations
from driehoek.organisations.models import (
    Invitation,
    Organisation,
    OrganisationKind,
    hash_invitation_token,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _Out:
    def write(self, *args, **kwargs):
        pass


@pytest.fixture
def demo(settings):
    from driehoek.organisations.reference import load_reference_data

    load_reference_data()
    load_demo_organisations(_Out())
    return Organisation.objects.get(slug="demo-gemeente-demodorp")


def test_public_pages_are_accessible(axe_page, demo):
    for path in [
        "/",
        "/organisaties/",
        "/organisaties/regios/",
        "/begrippen/",
        "/bronnen/",
        "/toegankelijkheid/",
        "/organisaties/aanmelden-huurdersorganisatie/",
        "/account/inloggen/",
    ]:
        axe_page.goto(path)
    assert axe_page.locator("html").get_attribute("lang") == "nl"


def test_admin_logs_in_filters_opens_and_invites(axe_page, demo, settings):
    page = axe_page
    page.login(email_for("gemeente", "admin"), settings.DRIEHOEK_DEMO_PASSWORD)
    assert "Mijn organisaties" in page.locator("h1").inner_text()

    page.goto("/organisaties/")
    page.select_option("select[name=kind]", OrganisationKind.GEMEENTE.value)
    page.select_option("select[name=province]", "Utrecht")
    page.fill("input[name=q]", "Demodorp")
    page.click(".dh-filters button[type=submit]")
    axe_page.check()
    assert "kind=gemeente" in page.url
    page.click("a:has-text('Gemeente Demodorp (demo)')")
    # The result list is boosted (htmx): wait for the new page before reading it.
    page.wait_for_url(re.compile(r"/organisaties/demo-gemeente-demodorp/$"))
    page.locator("h1", has_text="Gemeente Demodorp (demo)").wait_for()
    axe_page.check()
    assert "Gemeente Demodorp (demo)" in page.locator("h1").inner_text()
    assert "demogegevens" in page.content().lower() or "demo" in page.content()

    page.click("main a[href$='/leden/']")
    axe_page.check()
    page.fill("input[name=email]", "nieuwe.collega@example.org")
    page.select_option("#id_role", "editor")
    page.click("main form:has(input[name=email]) button[type=submit]")
    axe_page.check()
    assert "nieuwe.collega@example.org" in page.content()
    invitation = Invitation.objects.get(email="nieuwe.collega@example.org")
    assert invitation.organisation == demo and invitation.role == "editor"
    # Only the token's hash is stored; the raw token is in the e-mailed link.
    tokens = [t for m in mail.outbox for t in re.findall(r"/uitnodiging/([^/\s]+)/", m.body)]
    assert hash_invitation_token(tokens[-1]) == invitation.token_hash

    # Bad input: inviting an existing member shows the message next to the field.
    page.fill("input[name=email]", email_for("gemeente", "viewer"))
    page.click("main form:has(input[name=email]) button[type=submit]")
    axe_page.check()
    assert page.locator("#id_email_error").is_visible()


def test_invited_colleague_creates_account(axe_page, demo):
    from driehoek.organisations.models import Role

    invitation = Invitation.objects.create(
        organisation=demo, email="welkom@example.org", role=Role.VIEWER
    )
    axe_page.goto(f"/organisaties/uitnodiging/{invitation.token}/")
    axe_page.fill("input[name=full_name]", "Wim Welkom")
    axe_page.fill("input[name=password1]", "lang-en-veilig-2026")
    axe_page.fill("input[name=password2]", "lang-en-veilig-2026")
    axe_page.click("main form button[type=submit]")
    axe_page.check()
    assert demo.memberships.filter(user__email="welkom@example.org").exists()
