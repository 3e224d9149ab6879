"""Check-in at the door on a phone (issue 13, point 3): only on the meeting's day, the QR code in
the confirmation e-mail and on the personal page opens an organiser page with one button, and
a certificate of attendance only after the meeting has ended."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.community import checkin
from driehoek.community.models import SeatStatus
from driehoek.core.testing import amsterdam

from .factories import CommunityFactory, MeetingFactory, SeatFactory
from .helpers import sign_up

pytestmark = pytest.mark.django_db

DAY = (2026, 3, 15)


@pytest.fixture
def setup(clock):
    organiser = UserFactory()
    community = CommunityFactory(organisers=[organiser])
    clock.travel_to(amsterdam(2026, 3, 1))
    meeting = MeetingFactory(community=community, starts_at=amsterdam(*DAY, 19))
    seat = SeatFactory(
        meeting=meeting, registration__community=community, registration__name="Anna de Vries"
    )
    return organiser, community, meeting, seat


def _login_at(client_for, clock, user, moment):
    clock.travel_to(moment)
    return client_for(user)


def _check_in_url(community, meeting, seat):
    return reverse(
        "community:check_in", kwargs={"slug": community.slug, "uuid": meeting.uuid, "pk": seat.pk}
    )


def _scan_url(seat):
    return reverse(
        "community:checkin_scan",
        kwargs={
            "slug": seat.registration.community.slug,
            "token": checkin.checkin_token(seat.registration),
        },
    )


@pytest.mark.parametrize(
    ("moment", "allowed"),
    [
        (amsterdam(2026, 3, 14, 23, 30), False),  # the evening before
        (amsterdam(*DAY, 0, 5), True),  # just after midnight in Amsterdam (23:05 UTC before)
        (amsterdam(*DAY, 18, 45), True),
        (amsterdam(2026, 3, 16, 9), False),  # the day after
    ],
)
def test_check_in_only_on_the_meetings_day(client_for, clock, setup, moment, allowed):
    organiser, community, meeting, seat = setup
    c = _login_at(client_for, clock, organiser, moment)
    page = c.get(
        reverse("community:meeting_manage", kwargs={"slug": community.slug, "uuid": meeting.uuid})
    ).content.decode()
    assert ("alleen op de dag van de bijeenkomst" in page) is not allowed
    assert (f'action="{_check_in_url(community, meeting, seat)}"' in page) is allowed
    r = c.post(_check_in_url(community, meeting, seat), {"present": "1"}, follow=True)
    seat.refresh_from_db()
    assert (seat.attended_at is not None) is allowed
    if not allowed:
        assert "Aanwezig melden kan alleen op de dag van de bijeenkomst" in r.content.decode()


def test_htmx_card_says_why_not_on_another_day(client_for, clock, setup):
    organiser, community, meeting, seat = setup
    c = _login_at(client_for, clock, organiser, amsterdam(2026, 3, 14, 12))
    r = c.post(_check_in_url(community, meeting, seat), {"present": "1"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert body.strip().startswith("<tr") and 'role="alert"' in body
    assert "zondag 15 maart 2026" in body
    seat.refresh_from_db()
    assert seat.attended_at is None


def test_search_filters_the_cards_by_name(client_for, clock, setup):
    organiser, community, meeting, seat = setup
    SeatFactory(meeting=meeting, registration__community=community, registration__name="Bert")
    c = _login_at(client_for, clock, organiser, amsterdam(*DAY, 18))
    url = reverse("community:meeting_manage", kwargs={"slug": community.slug, "uuid": meeting.uuid})
    page = c.get(url, {"q": "anna"}).content.decode()
    assert "Anna de Vries" in page and "Bert" not in page
    assert 'class="utrecht-button utrecht-button--primary-action dh-checkin__button"' in page


def test_qr_page_checks_in_with_one_button(client_for, clock, setup):
    organiser, community, meeting, seat = setup
    c = _login_at(client_for, clock, organiser, amsterdam(*DAY, 18, 50))
    page = c.get(_scan_url(seat)).content.decode()
    assert "Anna de Vries" in page and page.count('name="present" value="1"') == 1
    r = c.post(_scan_url(seat), {"seat": seat.pk, "present": "1"}, follow=True)
    assert "Aanwezig ✓" in r.content.decode()
    seat.refresh_from_db()
    assert seat.attended_at is not None


def test_qr_page_the_day_before_changes_nothing(client_for, clock, setup):
    organiser, community, meeting, seat = setup
    c = _login_at(client_for, clock, organiser, amsterdam(2026, 3, 14, 18))
    page = c.get(_scan_url(seat)).content.decode()
    assert 'name="present"' not in page
    assert "alleen op de dag van de bijeenkomst" in page
    r = c.post(_scan_url(seat), {"seat": seat.pk, "present": "1"}, follow=True)
    assert "Aanwezig melden kan alleen op de dag van de bijeenkomst" in r.content.decode()
    seat.refresh_from_db()
    assert seat.attended_at is None


def test_qr_wrong_token_or_other_community_is_404(client_for, clock, setup):
    organiser, community, meeting, seat = setup
    c = _login_at(client_for, clock, organiser, amsterdam(*DAY, 18))
    good = checkin.checkin_token(seat.registration)
    for token in [good[:-2] + "xx", f"{seat.registration.pk}:nope", "abc"]:
        url = reverse("community:checkin_scan", kwargs={"slug": community.slug, "token": token})
        assert c.get(url).status_code == 404
    # A valid token of another community's sign-up, under this community's address.
    other = SeatFactory(meeting=MeetingFactory(starts_at=amsterdam(*DAY, 19)))
    url = reverse(
        "community:checkin_scan",
        kwargs={"slug": community.slug, "token": checkin.checkin_token(other.registration)},
    )
    assert c.get(url).status_code == 404
    assert c.post(url, {"seat": other.pk, "present": "1"}).status_code == 404
    other.refresh_from_db()
    assert other.attended_at is None


def test_qr_page_refused_to_non_organisers(client_for, clock, setup, client):
    organiser, community, meeting, seat = setup
    outsider = _login_at(client_for, clock, UserFactory(), amsterdam(*DAY, 18))
    assert outsider.get(_scan_url(seat)).status_code == 404
    assert outsider.post(_scan_url(seat), {"seat": seat.pk, "present": "1"}).status_code == 404
    r = client.get(_scan_url(seat))
    assert r.status_code == 302 and "/account/inloggen/" in r["Location"]
    seat.refresh_from_db()
    assert seat.attended_at is None


def test_certificate_only_after_the_meeting_has_ended(client_for, clock, setup):
    organiser, community, meeting, seat = setup
    url = reverse(
        "community:certificate", kwargs={"slug": community.slug, "pk": seat.registration_id}
    )
    c = _login_at(client_for, clock, organiser, amsterdam(*DAY, 19, 5))
    c.post(_scan_url(seat), {"seat": seat.pk, "present": "1"})
    r = c.get(url, follow=True)
    assert r.redirect_chain and "als de bijeenkomst voorbij is" in r.content.decode()
    clock.travel_to(amsterdam(*DAY, 22, 30))  # ends at 22:00
    r = c.get(url)
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_confirmation_mail_and_personal_page_carry_the_qr_code(
    client, clock, django_capture_on_commit_callbacks
):
    clock.travel_to(amsterdam(2026, 3, 1))
    community = CommunityFactory()
    MeetingFactory(community=community, starts_at=amsterdam(*DAY, 19))
    with django_capture_on_commit_callbacks(execute=True):
        reg, token = sign_up(community, "qr@example.org", confirm=True)
    assert reg.seats.get().status == SeatStatus.CONFIRMED
    message = [m for m in mail.outbox if "bevestigd" in m.subject][-1]
    pngs = [a for a in message.attachments if a[2] == "image/png"]
    url = checkin.checkin_url(reg)
    assert url.startswith(settings.BASE_URL + "/community/")
    # The attached PNG is the QR code of that absolute address (the organiser's page).
    assert len(pngs) == 1 and pngs[0][1] == checkin.qr_png(url)
    assert "QR-code in de bijlage" in message.body
    page = client.get(reverse("community:registration", kwargs={"token": token})).content
    svg = re.search(rb'<figure class="dh-qr" role="img" aria-label="[^"]+"><svg', page)
    assert svg, "no QR code on the personal page"
    assert checkin.qr_svg(url).encode() in page
    assert checkin.registration_pk(url.rstrip("/").split("/")[-1]) == reg.pk
