"""Organiser pages: exports, check-in, certificates, meetings, questions, knowledge, messages."""

import csv
import io
import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from driehoek.community.models import RegistrationStatus, Seat, SeatStatus
from driehoek.core.testing import amsterdam
from driehoek.organisations.tests.factories import OrganisationFactory

from .factories import (
    MeetingFactory,
    QuestionFactory,
    RegistrationFactory,
    SeatFactory,
)
from .helpers import form_data, sign_up, signup_url

pytestmark = pytest.mark.django_db


def test_exports_have_the_right_rows(staff_client, community, meeting):
    q = QuestionFactory(community=community, text="Redelijk investeren?")
    a = RegistrationFactory(community=community, name="Anna", email="anna@example.org")
    a.questions.add(q)
    SeatFactory(registration=a, meeting=meeting)
    RegistrationFactory(community=community, name="Bram", email="bram@example.org")
    RegistrationFactory(community=community, name="Weg", status=RegistrationStatus.CANCELLED)
    r = staff_client.get(reverse("community:export_xlsx", kwargs={"slug": community.slug}))
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 3
    assert (
        rows[1][0] == "Anna"
        and rows[1][1] == "anna@example.org"
        and rows[1][8] == "Redelijk investeren?"
    )
    assert rows[2][0] == "Bram"
    r = staff_client.get(reverse("community:export_csv", kwargs={"slug": community.slug}))
    lines = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert [line[0] for line in lines[1:]] == ["Anna", "Bram"]


def _staff_on(clock, moment, client_for):
    """Travel to ``moment`` first, then log in (a session does not outlive a long trip)."""
    from driehoek.accounts.tests.factories import UserFactory

    clock.travel_to(moment)
    return client_for(UserFactory(is_staff=True))


def test_check_in_with_and_without_htmx(client_for, community, clock):
    # Check-in is only on the meeting's day.
    staff_client = _staff_on(clock, amsterdam(2026, 3, 15, 9), client_for)
    meeting = MeetingFactory(community=community, starts_at=amsterdam(2026, 3, 15, 19))
    seat = SeatFactory(meeting=meeting, registration__community=community)
    url = reverse(
        "community:check_in", kwargs={"slug": community.slug, "uuid": meeting.uuid, "pk": seat.pk}
    )
    r = staff_client.post(url, {"present": "1"})
    assert r.status_code == 302
    seat.refresh_from_db()
    assert seat.attended_at
    r = staff_client.post(url, {"present": "0"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and r.content.decode().strip().startswith("<tr")
    seat.refresh_from_db()
    assert seat.attended_at is None


def test_certificate_pdf(client_for, community, clock):
    # After the meeting has ended.
    staff_client = _staff_on(clock, amsterdam(2026, 3, 16), client_for)
    meeting = MeetingFactory(community=community, starts_at=amsterdam(2026, 3, 15, 19))
    seat = SeatFactory(
        meeting=meeting, registration__community=community, attended_at=meeting.starts_at
    )
    r = staff_client.get(
        reverse(
            "community:certificate", kwargs={"slug": community.slug, "pk": seat.registration_id}
        )
    )
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_organiser_creates_meeting_and_bad_input(staff_client, community):
    url = reverse("community:meeting_create", kwargs={"slug": community.slug})
    r = staff_client.post(
        url,
        {
            "title": "X",
            "starts_at": "2030-05-01T14:00",
            "ends_at": "2030-05-01T13:00",
            "capacity": 5,
            "place": "Utrecht",
        },
    )
    assert r.status_code == 400 and not community.meetings.exists()
    r = staff_client.post(
        url,
        {
            "title": "X",
            "starts_at": "2030-05-01T14:00",
            "ends_at": "2030-05-01T17:00",
            "capacity": 5,
            "place": "Utrecht",
        },
    )
    assert r.status_code == 302
    m = community.meetings.get()
    assert timezone.localtime(m.starts_at).hour == 14


def test_question_board_and_knowledge_search(staff_client, client, community, meeting):
    q = QuestionFactory(community=community, text="Hoe regionaal samenwerken?", theme="Regio")
    r = staff_client.post(
        reverse("community:question_edit", kwargs={"slug": community.slug, "pk": q.pk}),
        {
            "text": q.text,
            "group": "Regio",
            "theme": "Regio",
            "meeting": meeting.pk,
            "outcome": "Start klein.",
            "is_published": "on",
            "position": 0,
        },
    )
    assert r.status_code == 302
    page = client.get(
        reverse("community:knowledge", kwargs={"slug": community.slug}), {"q": "regionaal"}
    ).content.decode()
    assert "Start klein." in page
    page = client.get(
        reverse("community:knowledge", kwargs={"slug": community.slug}), {"q": "woonvisie"}
    ).content.decode()
    assert "Start klein." not in page


@pytest.mark.parametrize("n", [5, 200])
def test_pages_take_a_bounded_number_of_queries(
    staff_client, client, community, django_assert_max_num_queries, n
):
    meetings = [MeetingFactory(community=community, capacity=300) for _ in range(3)]
    QuestionFactory.create_batch(3, community=community)
    regs = RegistrationFactory.create_batch(n, community=community)
    Seat.objects.bulk_create(
        Seat(registration=r, meeting=m, status=SeatStatus.CONFIRMED) for r in regs for m in meetings
    )
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("community:detail", kwargs={"slug": community.slug})).status_code
            == 200
        )
    with django_assert_max_num_queries(20):
        assert (
            staff_client.get(
                reverse("community:manage", kwargs={"slug": community.slug})
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(20):
        r = staff_client.get(
            reverse(
                "community:meeting_manage",
                kwargs={"slug": community.slug, "uuid": meetings[0].uuid},
            )
        )
        assert r.status_code == 200


def test_dashboard_counts_per_party_province_and_region(staff_client, community, meeting):
    from driehoek.organisations.models import RegionKind
    from driehoek.organisations.tests.factories import RegionFactory

    region = RegionFactory(kind=RegionKind.WONINGMARKTREGIO, name="Regio Zeeland")
    org = OrganisationFactory(province="Zeeland")
    region.members.add(org)
    reg = RegistrationFactory(
        community=community, organisation=org, province="Zeeland", party="huurders"
    )
    SeatFactory(registration=reg, meeting=meeting)
    RegistrationFactory(community=community, party="gemeente", province="Utrecht")
    page = staff_client.get(
        reverse("community:manage", kwargs={"slug": community.slug})
    ).content.decode()
    assert "Regio Zeeland" in page and "Zeeland" in page and "Utrecht" in page
    assert "Niet in balans" in page  # no corporatie yet


def test_mails_are_dutch_and_carry_the_calendar(
    client, community, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(signup_url(community), form_data())
    assert mail.outbox[0].subject.startswith("Bevestig je aanmelding")
    assert "Hallo Hanneke Huurder" in mail.outbox[0].body


def test_public_pages_show_no_personal_data(client, community, meeting):
    reg, _ = sign_up(
        community, "geheim@example.org", confirm=True, name="Geheime Naam", function="wethouder"
    )
    for name, kwargs in [
        ("community:index", {}),
        ("community:detail", {"slug": community.slug}),
        ("community:meeting", {"slug": community.slug, "uuid": meeting.uuid}),
        ("community:knowledge", {"slug": community.slug}),
        ("community:series_ics", {"slug": community.slug}),
        ("community:meeting_ics", {"slug": community.slug, "uuid": meeting.uuid}),
    ]:
        body = client.get(reverse(name, kwargs=kwargs)).content.decode()
        for secret in ("geheim@example.org", "Geheime Naam", "wethouder"):
            assert secret not in body, (name, secret)


def test_organiser_adds_agenda_material_knowledge_and_sends_message(
    staff_client, client, community, meeting, django_capture_on_commit_callbacks
):
    SeatFactory(
        meeting=meeting, registration__community=community, registration__email="p@example.org"
    )
    kw = {"slug": community.slug, "uuid": meeting.uuid}
    r = staff_client.post(
        reverse("community:agenda_item_add", kwargs=kw),
        {"agenda-title": "Welkom", "agenda-position": 1},
    )
    assert r.status_code == 302 and meeting.agenda_items.get().title == "Welkom"
    r = staff_client.post(
        reverse("community:material_add", kwargs=kw), {"material-title": "Sheets"}
    )
    assert r.status_code == 400 and "bestand of een link" in r.content.decode()
    r = staff_client.post(
        reverse("community:material_add", kwargs=kw),
        {"material-title": "Sheets", "material-url": "https://example.org/sheets.pdf"},
    )
    assert r.status_code == 302 and meeting.materials.count() == 1
    r = staff_client.post(
        reverse("community:knowledge_create", kwargs={"slug": community.slug}),
        {
            "kind": "practice",
            "title": "Middelburg",
            "theme": "Huurders",
            "body": "Samen getekend.",
            "visibility": "public",
        },
    )
    assert r.status_code == 302
    assert (
        "Middelburg"
        in client.get(
            reverse("community:knowledge", kwargs={"slug": community.slug})
        ).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        r = staff_client.post(
            reverse("community:meeting_message", kwargs=kw),
            {"subject": "Andere zaal", "body": "We zitten in zaal 2."},
        )
    assert r.status_code == 302
    assert [m.to for m in mail.outbox] == [["p@example.org"]]
    assert "zaal 2" in mail.outbox[0].body


def test_change_meetings_through_the_personal_link(client, community, meeting):
    later = MeetingFactory(community=community, starts_at=timezone.now() + timedelta(days=90))
    reg, token = sign_up(community, "change@example.org", confirm=True)
    r = client.post(
        reverse("community:registration_edit", kwargs={"token": token}),
        {"name": "Nieuwe Naam", "series": "some", "meetings": [later.pk]},
    )
    assert r.status_code == 302
    statuses = dict(reg.seats.values_list("meeting", "status"))
    assert statuses == {meeting.pk: SeatStatus.CANCELLED, later.pk: SeatStatus.CONFIRMED}
    r = client.post(
        reverse("community:registration_edit", kwargs={"token": token}),
        {"name": "", "series": "some"},
    )
    assert r.status_code == 400


def test_organiser_edits_community_without_seeing_all_users(client_for, community):
    from driehoek.accounts.tests.factories import UserFactory

    organiser = UserFactory()
    community.organisers.add(organiser)
    other = UserFactory(full_name="Onbekende Gebruiker")
    c = client_for(organiser)
    page = c.get(
        reverse("community:community_edit", kwargs={"slug": community.slug})
    ).content.decode()
    assert other.full_name not in page
    r = c.post(
        reverse("community:community_create"),
        {
            "title": "Nieuwe reeks",
            "slug": "nieuw",
            "contact_name": "X",
            "contact_email": "x@example.org",
            "privacy_statement": "Kort.",
            "retention_days": 30,
            "reminder_days": 2,
            "reserved_percent": 0,
        },
    )
    assert r.status_code == 400 and "webadres" in r.content.decode()
    r = c.post(
        reverse("community:community_create"),
        {
            "title": "Nieuwe reeks",
            "slug": "nieuwe-reeks",
            "contact_name": "X",
            "contact_email": "x@example.org",
            "privacy_statement": "Kort.",
            "retention_days": 30,
            "reminder_days": 2,
            "reserved_percent": 0,
        },
    )
    assert r.status_code == 302
    from driehoek.community.models import Community

    assert organiser in Community.objects.get(slug="nieuwe-reeks").organisers.all()


def test_the_certificate_is_rendered_once_per_content(client_for, community, clock):
    """Rendered by the document task once (core.documents): asking again serves the stored file;
    a new check-in makes a new version that lists that meeting too."""
    from driehoek.core.models import RenderedDocument

    staff_client = _staff_on(clock, amsterdam(2026, 3, 20), client_for)
    meeting = MeetingFactory(community=community, starts_at=amsterdam(2026, 3, 10, 19))
    seat = SeatFactory(
        meeting=meeting, registration__community=community, attended_at=meeting.starts_at
    )
    url = reverse(
        "community:certificate", kwargs={"slug": community.slug, "pk": seat.registration_id}
    )
    first = staff_client.get(url)
    again = staff_client.get(url)
    assert first.status_code == again.status_code == 200
    assert first["Content-Disposition"].startswith("attachment;")
    assert again.content == first.content
    docs = RenderedDocument.objects.filter(kind="community.certificate")
    assert docs.count() == 1

    later = MeetingFactory(
        community=community, title="Tweede avond", starts_at=amsterdam(2026, 3, 17, 19)
    )
    SeatFactory(meeting=later, registration=seat.registration, attended_at=later.starts_at)
    newer = staff_client.get(url)
    assert newer.status_code == 200 and docs.count() == 2
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=newer.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Tweede avond" in text
