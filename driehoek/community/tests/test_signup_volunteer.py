"""The sign-up as a tenant volunteer meets it: finding one's organisation, full meetings in the
form, the confirmation e-mail, the status after cancelling and the way from an old series to
the open edition. Pages in Dutch (the site's language)."""

import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from driehoek.community import demo
from driehoek.community.models import Community, Registration, RegistrationStatus, SeatStatus
from driehoek.core.testing import amsterdam
from driehoek.organisations import demo as organisations_demo

from .factories import CommunityFactory, MeetingFactory
from .helpers import form_data, link_in_mail, sign_up, signup_url

pytestmark = pytest.mark.django_db


def _personal(client, token):
    return client.get(reverse("community:registration", kwargs={"token": token})).content.decode()


def _status(page: str) -> str:
    match = re.search(r"<strong>Status:?</strong>:?\s*([^<]+)<", page)
    assert match, page
    return match.group(1).strip()


# --- after cancelling --------------------------------------------------------------------------


def test_after_cancelling_the_personal_page_says_afgemeld(client, community, meeting):
    _reg, token = sign_up(community, "afmelder@example.org", confirm=True)
    assert _status(_personal(client, token)) == "Bevestigd"
    r = client.post(reverse("community:registration_cancel", kwargs={"token": token}))
    assert r.status_code == 302
    page = _personal(client, token)
    assert _status(page) == "Afgemeld"
    # The seat at the meeting reads the same, not another catalogue's word for "Cancelled".
    assert "Vervallen" not in page
    assert re.search(r"<td>Afgemeld", page)


# --- the confirmation e-mail -------------------------------------------------------------------


def _button(page: str) -> str:
    match = re.search(r'<button class="utrecht-button[^"]*" type="submit">([^<]+)</button>', page)
    assert match, page
    return match.group(1)


def test_confirmation_mail_says_the_link_needs_a_click_on_the_page(
    client, community, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(signup_url(community), form_data())
    assert r.status_code == 302
    sent = client.get(r["Location"]).content.decode()
    [message] = mail.outbox
    body = message.body
    link = link_in_mail(message)
    # Opening the link (as a link scanner does) confirms nothing ...
    page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1]).content.decode()
    assert Registration.objects.get().status == RegistrationStatus.PENDING
    # ... and the mail says so, naming the button exactly as the page shows it.
    button = _button(page)
    assert button == "Bevestig mijn aanmelding"
    assert f"Klik op die pagina op de knop “{button}”." in body
    assert "Alleen de link openen is niet genoeg" in body
    assert "twee stappen" in body
    assert "met deze link" not in body  # the old text promised the link itself confirms
    assert body.index("1. Open deze link:") < body.index(link) < body.index("2. Klik")
    assert f"knop “{button}”" in sent


# --- full meetings -----------------------------------------------------------------------------


def _choice_label(page: str, meeting) -> str:
    match = re.search(
        rf'<input type="checkbox" name="meetings" value="{meeting.pk}"[^>]*>\s*([^<]+)</label>',
        page,
    )
    assert match, page
    return match.group(1).strip()


def test_a_full_meeting_says_vol_wachtlijst_in_the_form_and_signing_up_waitlists(
    client, community, meeting, django_capture_on_commit_callbacks
):
    roomy = MeetingFactory(community=community, title="Ruim genoeg", capacity=5)
    page = client.get(signup_url(community)).content.decode()
    assert "wachtlijst" not in _choice_label(page, meeting)
    sign_up(community, "eerste@example.org", confirm=True)  # takes the only place

    page = client.get(signup_url(community)).content.decode()
    assert _choice_label(page, meeting).endswith("(vol – wachtlijst)")
    assert "vol – wachtlijst" not in _choice_label(page, roomy)

    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            signup_url(community), form_data(series="some", meetings=[meeting.pk, roomy.pk])
        )
    assert r.status_code == 302
    token = link_in_mail(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("community:registration_confirm", kwargs={"token": token}))
    reg = Registration.objects.get(email="hanneke@example.org")
    seats = {s.meeting_id: s.status for s in reg.seats.all()}
    assert seats == {meeting.pk: SeatStatus.WAITING, roomy.pk: SeatStatus.CONFIRMED}
    personal = _personal(client, token)
    assert "Op de wachtlijst (nummer 1 op de lijst)" in personal
    assert "Op de wachtlijst" in mail.outbox[-1].body


# --- the old series points to the open edition -------------------------------------------------

NOTICE = "Deze reeks is voorbij. Aanmelden kan voor de reeks die nu open is:"


def _detail(client, community) -> str:
    return client.get(reverse("community:detail", kwargs={"slug": community.slug})).content.decode()


def test_the_demo_2015_series_points_to_the_open_edition(client, clock):
    clock.travel_to(amsterdam(2026, 12, 1))  # the 2027 edition is open until 1 September 2027
    organisations_demo.load(io.StringIO())
    demo.load(io.StringIO())
    old = Community.objects.get(slug="prestatieafspraken")
    page = _detail(client, old)
    open_edition = reverse("community:detail", kwargs={"slug": "prestatieafspraken-2027"})
    assert NOTICE in page
    assert re.search(rf'{NOTICE} <a class="utrecht-link" href="{open_edition}">Leernetwerk', page)
    signup = client.get(signup_url(old)).content.decode()
    assert NOTICE in signup and f'href="{open_edition}"' in signup
    # The open edition itself has no such notice.
    assert NOTICE not in _detail(client, Community.objects.get(slug="prestatieafspraken-2027"))


def test_no_notice_for_an_edition_that_is_closed_or_unpublished(client):
    old = CommunityFactory()
    MeetingFactory(community=old, starts_at=timezone.now() - timedelta(days=60))
    new = CommunityFactory(signup_deadline=timezone.now() - timedelta(days=1))
    MeetingFactory(community=new)
    old.next_edition = new
    old.save()
    assert NOTICE not in _detail(client, old)
    new.signup_deadline = None
    new.is_published = False
    new.save()
    assert NOTICE not in _detail(client, old)
    new.is_published = True
    new.save()
    assert NOTICE in _detail(client, old)
