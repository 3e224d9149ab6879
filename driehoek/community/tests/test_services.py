import io
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from driehoek.community import services
from driehoek.community.models import (
    Party,
    Question,
    Registration,
    RegistrationStatus,
    Seat,
    SeatStatus,
)
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent

from .factories import CommunityFactory, MeetingFactory, QuestionFactory, SeatFactory
from .helpers import link_in_mail, mails_to, sign_up

pytestmark = pytest.mark.django_db


@pytest.fixture
def community():
    return CommunityFactory()


@pytest.fixture
def meeting(community):
    return MeetingFactory(community=community, capacity=2)


def test_sign_up_holds_nothing_until_confirmed(
    community, meeting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reg, token = sign_up(community, "a@example.org")
    assert reg.status == RegistrationStatus.PENDING
    assert not Seat.objects.exists()
    assert reg.token_hash and token not in reg.token_hash  # only the hash is stored
    [message] = mails_to("a@example.org")
    assert token in link_in_mail(message)
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_confirm(registration=reg, token=token)
    seat = Seat.objects.get()
    assert seat.status == SeatStatus.CONFIRMED
    confirmed_mail = mails_to("a@example.org")[-1]
    assert confirmed_mail.attachments[0][0].endswith(".ics")
    assert AuditEvent.objects.filter(action="community.registration.confirmed").exists()


def test_full_meeting_gives_waiting_list_and_cancel_promotes_first(
    community, meeting, django_capture_on_commit_callbacks
):
    first, _ = sign_up(community, "1@example.org", confirm=True)
    sign_up(community, "2@example.org", confirm=True)
    third, _ = sign_up(community, "3@example.org", confirm=True)
    fourth, _ = sign_up(community, "4@example.org", confirm=True)
    assert third.seats.get().status == SeatStatus.WAITING
    assert fourth.seats.get().status == SeatStatus.WAITING
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=first)
    assert third.seats.get().status == SeatStatus.CONFIRMED
    assert fourth.seats.get().status == SeatStatus.WAITING
    assert Seat.objects.filter(meeting=meeting, status=SeatStatus.CONFIRMED).count() == 2
    [promoted] = mails_to("3@example.org")
    assert "plaats" in promoted.subject.lower() or "place" in promoted.subject.lower()
    assert AuditEvent.objects.filter(action="community.seat.promoted").count() == 1


def test_series_by_default_and_single_meetings(community):
    m1 = MeetingFactory(community=community)
    m2 = MeetingFactory(community=community, starts_at=timezone.now() + timedelta(days=60))
    MeetingFactory(community=community, starts_at=timezone.now() - timedelta(days=1))  # past
    whole, _ = sign_up(community, "w@example.org", confirm=True)
    assert set(whole.seats.values_list("meeting", flat=True)) == {m1.pk, m2.pk}
    single, _ = sign_up(community, "s@example.org", confirm=True, whole_series=False, meetings=[m2])
    assert list(single.seats.values_list("meeting", flat=True)) == [m2.pk]


def test_past_meeting_cannot_be_chosen(community, meeting):
    past = MeetingFactory(community=community, starts_at=timezone.now() - timedelta(days=2))
    with pytest.raises(ServiceError) as err:
        sign_up(community, "p@example.org", whole_series=False, meetings=[past])
    assert err.value.field == "meetings"
    assert not Registration.objects.exists()


def test_duplicate_email_resends_link_and_changes_nothing(
    community, meeting, django_capture_on_commit_callbacks
):
    reg, _ = sign_up(community, "d@example.org", confirm=True, name="Eerste")
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ServiceError) as err:
        sign_up(community, "D@example.org", name="Tweede")
    assert err.value.code == "duplicate"
    reg.refresh_from_db()
    assert reg.name == "Eerste"
    assert Registration.objects.count() == 1
    [resent] = mails_to("d@example.org")
    assert "/community/aanmelding/" in resent.body


def test_missing_consent(community, meeting):
    with pytest.raises(ServiceError) as err:
        sign_up(community, "c@example.org", consent=False)
    assert err.value.field == "consent"
    assert not Registration.objects.exists()


def test_deadline_closes_sign_up(community, meeting):
    community.signup_deadline = timezone.now() - timedelta(minutes=1)
    community.save()
    with pytest.raises(ServiceError) as err:
        sign_up(community, "late@example.org")
    assert err.value.code == "closed"


def test_expired_confirmation_link(community, meeting):
    reg, token = sign_up(community, "e@example.org")
    Registration.objects.filter(pk=reg.pk).update(created_at=timezone.now() - timedelta(days=8))
    with pytest.raises(ServiceError) as err:
        services.registration_confirm(registration=reg, token=token)
    assert err.value.code == "expired"
    assert not Seat.objects.exists()


def test_cancelled_person_can_sign_up_again(community, meeting):
    reg, _ = sign_up(community, "again@example.org", confirm=True)
    services.registration_cancel(registration=reg)
    again, token = sign_up(community, "again@example.org")
    assert again.pk == reg.pk and again.status == RegistrationStatus.PENDING
    services.registration_confirm(registration=again, token=token)
    assert again.seats.get().status == SeatStatus.CONFIRMED


def test_reserved_share_for_tenants(community):
    community.reserved_party = Party.HUURDERS
    community.reserved_percent = 50
    community.reserved_until = timezone.now() + timedelta(days=7)
    community.save()
    meeting = MeetingFactory(community=community, capacity=4)
    regs = [sign_up(community, f"g{i}@example.org", confirm=True)[0] for i in range(3)]
    assert [r.seats.get().status for r in regs] == [
        SeatStatus.CONFIRMED,
        SeatStatus.CONFIRMED,
        SeatStatus.WAITING,
    ]
    tenant, _ = sign_up(community, "h@example.org", confirm=True, party=Party.HUURDERS)
    assert tenant.seats.get().status == SeatStatus.CONFIRMED
    # After the reservation ends, the free place goes to the waiting list.
    community.reserved_until = timezone.now() - timedelta(seconds=1)
    community.save()
    assert services.fill_free_places(community=community) == 1
    assert regs[2].seats.get().status == SeatStatus.CONFIRMED
    assert Seat.objects.filter(meeting=meeting, status=SeatStatus.CONFIRMED).count() == 4


def test_update_changes_meetings(community):
    m1 = MeetingFactory(community=community)
    m2 = MeetingFactory(community=community, starts_at=timezone.now() + timedelta(days=40))
    reg, _ = sign_up(community, "u@example.org", confirm=True)
    services.registration_update(registration=reg, name="Nieuw", whole_series=False, meetings=[m2])
    statuses = dict(reg.seats.values_list("meeting", "status"))
    assert statuses == {m1.pk: SeatStatus.CANCELLED, m2.pk: SeatStatus.CONFIRMED}
    services.registration_update(registration=reg, name="Nieuw", whole_series=True)
    statuses = dict(reg.seats.values_list("meeting", "status"))
    assert statuses == {m1.pk: SeatStatus.CONFIRMED, m2.pk: SeatStatus.CONFIRMED}


def test_seat_cancel_single_meeting(community, meeting, django_capture_on_commit_callbacks):
    reg, _ = sign_up(community, "x@example.org", confirm=True)
    sign_up(community, "y@example.org", confirm=True)
    waiting, _ = sign_up(community, "z@example.org", confirm=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.seat_cancel(seat=reg.seats.get())
    assert waiting.seats.get().status == SeatStatus.CONFIRMED


def test_team_signs_up_as_triangle(community, meeting):
    members = [
        {
            "name": "G",
            "email": "g@example.org",
            "party": Party.GEMEENTE,
            "organisation_name": "Gemeente A",
        },
        {
            "name": "C",
            "email": "c@example.org",
            "party": Party.CORPORATIE,
            "organisation_name": "Corp A",
        },
        {
            "name": "H",
            "email": "h@example.org",
            "party": Party.HUURDERS,
            "organisation_name": "HV A",
        },
    ]
    team = services.team_create(community=community, place="A-dorp", members=members, consent=True)
    assert team.registrations.count() == 3
    assert set(team.registrations.values_list("party", flat=True)) == {
        "gemeente",
        "corporatie",
        "huurders",
    }


def test_team_refuses_double_email(community, meeting):
    members = [
        {
            "name": "G",
            "email": "same@example.org",
            "party": Party.GEMEENTE,
            "organisation_name": "A",
        },
        {
            "name": "C",
            "email": "same@example.org",
            "party": Party.CORPORATIE,
            "organisation_name": "B",
        },
    ]
    with pytest.raises(ServiceError):
        services.team_create(community=community, place="A", members=members, consent=True)
    assert not Registration.objects.exists()


def test_questions_brought_and_own_question(community, meeting):
    q = QuestionFactory(community=community)
    reg, _ = sign_up(
        community, "q@example.org", questions=[q], own_question="Hoe betrek je jongeren?"
    )
    assert list(reg.questions.all()) == [q]
    assert Question.objects.get(registration=reg).text == "Hoe betrek je jongeren?"


def test_rate_limit_per_address():
    for _i in range(services.RATE_LIMIT_PER_EMAIL):
        services.check_rate_limit(email="spam@example.org", ip="10.0.0.1")
    with pytest.raises(ServiceError):
        services.check_rate_limit(email="spam@example.org", ip="10.0.0.2")


def test_reminders_are_sent_once(community, django_capture_on_commit_callbacks):
    soon = MeetingFactory(community=community, starts_at=timezone.now() + timedelta(days=1))
    later = MeetingFactory(community=community, starts_at=timezone.now() + timedelta(days=20))
    SeatFactory(
        meeting=soon, registration__community=community, registration__email="r@example.org"
    )
    SeatFactory(meeting=soon, status=SeatStatus.WAITING, registration__community=community)
    SeatFactory(meeting=later, registration__community=community)
    mail.outbox = []
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    from django.core.management import call_command

    call_command("send_meeting_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["r@example.org"]


def test_anonymise_after_retention_leaves_no_personal_data(community):
    past = MeetingFactory(
        community=community,
        starts_at=timezone.now() - timedelta(days=400),
        ends_at=timezone.now() - timedelta(days=400) + timedelta(hours=3),
    )
    community.retention_days = 365
    community.save()
    seat = SeatFactory(
        meeting=past,
        registration__community=community,
        registration__name="Geheim Persoon",
        registration__email="geheim@example.org",
        registration__function="wethouder",
        registration__needs="rolstoel",
        registration__organisation_name="Eenmanszaak Geheim",
        registration__token_hash="x" * 64,
    )
    Question.objects.create(community=community, text="Eigen vraag", registration=seat.registration)
    other = CommunityFactory()
    MeetingFactory(community=other)
    keep = SeatFactory(meeting=other.meetings.get(), registration__community=other)
    from django.core.management import call_command

    call_command("anonymise_registrations", stdout=io.StringIO())
    reg = Registration.objects.get(pk=seat.registration.pk)
    values = [
        reg.name,
        reg.email,
        reg.function,
        reg.needs,
        reg.organisation_name,
        reg.token_hash or "",
    ]
    assert all(v == "" for v in values)
    assert reg.anonymised_at is not None
    assert not Question.objects.filter(registration=reg).exists()
    for field in ("Geheim", "geheim@example.org", "wethouder", "rolstoel"):
        assert not Registration.objects.filter(name__icontains=field).exists()
        assert not AuditEvent.objects.filter(target_repr__icontains=field).exists()
        assert not AuditEvent.objects.filter(data__icontains=field).exists()
    keep.registration.refresh_from_db()
    assert keep.registration.email  # other community still within retention


def test_erase_on_request(community, meeting):
    reg, _ = sign_up(community, "weg@example.org", confirm=True, name="Weg Persoon")
    services.registration_erase(registration=reg)
    reg.refresh_from_db()
    assert reg.email == "" and reg.name == "" and reg.status == RegistrationStatus.CANCELLED
    assert reg.seats.get().status == SeatStatus.CANCELLED


def test_check_in_needs_a_confirmed_place(community, meeting, clock):
    clock.travel_to(meeting.starts_at)  # on the meeting's day (no login: no session to expire)
    waiting = SeatFactory(
        meeting=meeting, status=SeatStatus.WAITING, registration__community=community
    )
    with pytest.raises(ServiceError):
        services.seat_check_in(seat=waiting, actor=None)
    seat = SeatFactory(meeting=meeting, registration__community=community)
    assert services.seat_check_in(seat=seat, actor=None).attended_at is not None
    assert services.seat_check_in(seat=seat, actor=None, present=False).attended_at is None


def test_organiser_message_goes_to_everyone_on_the_meeting(
    community, meeting, django_capture_on_commit_callbacks
):
    SeatFactory(
        meeting=meeting, registration__community=community, registration__email="m1@example.org"
    )
    SeatFactory(
        meeting=meeting, registration__community=community, registration__email="m2@example.org"
    )
    SeatFactory(
        meeting=meeting,
        status=SeatStatus.WAITING,
        registration__community=community,
        registration__email="w@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        msg = services.message_send(
            meeting=meeting, actor=None, subject="Zaal gewijzigd", body="Nu zaal 2."
        )
    assert msg.recipients == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["m1@example.org", "m2@example.org"]


def test_unconfirmed_sign_ups_are_deleted_after_the_link_expires(community, meeting):
    old, _ = sign_up(community, "old@example.org", own_question="Mijn vraag?")
    fresh, _ = sign_up(community, "fresh@example.org")
    Registration.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    assert services.purge_unconfirmed() == 1
    assert list(Registration.objects.values_list("email", flat=True)) == ["fresh@example.org"]
    assert not Question.objects.filter(text="Mijn vraag?").exists()


def test_organisers_may_start_a_community(community):
    from driehoek.accounts.tests.factories import UserFactory
    from driehoek.community.selectors import can_create_community

    user = UserFactory()
    assert not can_create_community(user)
    community.organisers.add(user)
    assert can_create_community(user)
