"""Community of Practice in a real browser: sign up without an account, confirm through the
link in the e-mail, download the .ics, cancel, and the first on the waiting list is promoted
and told. Organiser pages too. axe-core runs on every page."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from driehoek.accounts.tests.factories import PASSWORD, UserFactory
from driehoek.community import services
from driehoek.community.models import Seat, SeatStatus
from driehoek.community.tests.factories import (
    CommunityFactory,
    KnowledgeItemFactory,
    MeetingFactory,
    QuestionFactory,
    SeatFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cop():
    cache.clear()
    community = CommunityFactory(title="CoP Prestatieafspraken", slug="cop-test")
    meeting = MeetingFactory(
        community=community,
        title="Eerste bijeenkomst",
        capacity=1,
        starts_at=timezone.now() + timedelta(days=20),
    )
    QuestionFactory(community=community, text="Wat is investeren naar redelijkheid?")
    KnowledgeItemFactory(community=community, title="Middelburg: samen getekend")
    return community, meeting


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_sign_up_confirm_ics_cancel_and_waiting_list_promotion(axe_page, cop):
    community, meeting = cop
    page = axe_page
    page.goto("/")
    page.click("nav a:has-text('Community of Practice')")
    page.check()
    page.click("a:has-text('CoP Prestatieafspraken')")
    page.check()
    page.click("main .dh-actions a:has-text('Aanmelden')")
    page.check()

    # Bad input first: no consent gives a Dutch message and nothing changes.
    page.fill("#id_name", "Hanneke Huurder")
    page.fill("#id_email", "hanneke@example.org")
    page.fill("#id_organisation_name", "Huurdersvereniging Oost")
    page.page.check("#id_party_2")
    page.click("main button[type=submit]")
    page.check()
    assert "akkoord gaat met de privacyverklaring" in page.content()
    assert not mail.outbox

    page.page.check("#id_consent")
    page.page.check("input[name=questions]")
    page.click("main button[type=submit]")
    page.check()
    assert "Kijk in je e-mail" in page.locator("h1").inner_text()

    [confirm_mail] = mail.outbox
    link = re.search(r"http\S+/community/aanmelding/\S+/", confirm_mail.body).group(0)
    page.goto(_path(link))
    page.click("button:has-text('Bevestig mijn aanmelding')")
    page.check()
    assert "bevestigd" in page.content()
    assert Seat.objects.get(meeting=meeting).status == SeatStatus.CONFIRMED

    with page.expect_download() as download:
        page.click("a[href$='agenda.ics']")
    ics = Path(download.value.path()).read_text()
    assert "BEGIN:VEVENT" in ics and "Eerste bijeenkomst" in ics

    personal = page.url
    for link_text in (
        "Je gegevens of bijeenkomsten wijzigen",
        "Kennisbank voor deelnemers",
        "Je persoonsgegevens verwijderen",
    ):
        page.click(f"a:has-text('{link_text}')")
        page.check()
        page.goto(_path(personal))

    # Someone else signs up for the full meeting and lands on the waiting list.
    other, token = services.registration_create(
        community=community,
        name="Wachtende Wim",
        email="wim@example.org",
        party="gemeente",
        organisation_name="Gemeente West",
        consent=True,
    )
    services.registration_confirm(registration=other, token=token)
    assert other.seats.get().status == SeatStatus.WAITING
    mail.outbox.clear()

    page.click("a:has-text('Je hele aanmelding afmelden')")
    page.check()
    page.click("button:has-text('Ja, meld mij af')")
    page.check()
    assert other.seats.get().status == SeatStatus.CONFIRMED
    told = [m for m in mail.outbox if m.to == ["wim@example.org"]]
    assert told and "plaats" in told[0].subject.lower()


def test_organiser_pages_and_check_in(axe_page, cop):
    community, meeting = cop
    staff = UserFactory(is_staff=True)
    # Check-in is only on the meeting's day: a meeting that starts now is today, whatever today is.
    today = MeetingFactory(community=community, title="Vandaag", starts_at=timezone.now())
    seat = SeatFactory(
        meeting=today, registration__community=community, registration__name="Anna Aanwezig"
    )
    page = axe_page
    page.login(staff.email, PASSWORD)
    for path in [
        f"/community/{community.slug}/",
        f"/community/{community.slug}/beheer/",
        f"/community/{community.slug}/beheer/wijzigen/",
        f"/community/{community.slug}/beheer/bijeenkomst/nieuw/",
        f"/community/{community.slug}/beheer/bijeenkomst/{meeting.uuid}/wijzigen/",
        f"/community/{community.slug}/beheer/bijeenkomst/{meeting.uuid}/bericht/",
        f"/community/{community.slug}/beheer/vragen/",
        f"/community/{community.slug}/beheer/vragen/nieuw/",
        f"/community/{community.slug}/beheer/kennis/nieuw/",
        f"/community/{community.slug}/kennisbank/",
        f"/community/{community.slug}/bijeenkomst/{meeting.uuid}/",
        f"/community/{community.slug}/aanmelden/team/",
        f"/community/{community.slug}/link-opnieuw/",
        f"/community/{community.slug}/privacy/",
        "/community/aanmelding/bestaat-niet/",
    ]:
        page.goto(path)
    page.goto(f"/community/{community.slug}/beheer/bijeenkomst/{today.uuid}/")
    page.click(f"#seat-{seat.pk} button.utrecht-button--primary-action:has-text('Aanwezig')")
    page.locator(f"#seat-{seat.pk} button:has-text('Ongedaan maken')").wait_for()
    page.check()
    seat.refresh_from_db()
    assert seat.attended_at is not None
