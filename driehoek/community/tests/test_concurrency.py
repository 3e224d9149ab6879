"""Capacity under load: many people confirm at the same moment (PostgreSQL only: SQLite
serialises every write with IMMEDIATE transactions, so there is no race to test there)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from driehoek.community import services
from driehoek.community.models import Seat, SeatStatus

from .factories import CommunityFactory, MeetingFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_fifty_simultaneous_sign_ups_for_ten_places():
    community = CommunityFactory()
    meeting = MeetingFactory(community=community, capacity=10)

    def sign_up_and_confirm(i: int) -> str:
        try:
            registration, token = services.registration_create(
                community=community,
                name=f"Persoon {i}",
                email=f"p{i}@example.org",
                party="gemeente",
                organisation_name="Gemeente Druk",
                consent=True,
            )
            services.registration_confirm(registration=registration, token=token)
            return registration.seats.get().status
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(pool.map(sign_up_and_confirm, range(50)))

    assert results.count(SeatStatus.CONFIRMED) == 10
    assert results.count(SeatStatus.WAITING) == 40
    assert Seat.objects.filter(meeting=meeting, status=SeatStatus.CONFIRMED).count() == 10
    assert Seat.objects.filter(meeting=meeting, status=SeatStatus.WAITING).count() == 40


def test_cancellations_and_confirmations_at_the_same_moment_never_overfill():
    community = CommunityFactory()
    meeting = MeetingFactory(community=community, capacity=10)
    confirmed = []
    for i in range(15):
        registration, token = services.registration_create(
            community=community,
            name=f"Eerder {i}",
            email=f"e{i}@example.org",
            party="huurders",
            organisation_name="Huurders Druk",
            consent=True,
        )
        confirmed.append(services.registration_confirm(registration=registration, token=token))
    pending = [
        services.registration_create(
            community=community,
            name=f"Later {i}",
            email=f"l{i}@example.org",
            party="gemeente",
            organisation_name="Gemeente Druk",
            consent=True,
        )
        for i in range(15)
    ]

    def work(job):
        kind, payload = job
        try:
            if kind == "cancel":
                services.registration_cancel(registration=payload)
            else:
                registration, token = payload
                services.registration_confirm(registration=registration, token=token)
        finally:
            connections.close_all()

    jobs = [("cancel", r) for r in confirmed[:8]] + [("confirm", p) for p in pending]
    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(work, jobs))

    seats = Seat.objects.filter(meeting=meeting)
    assert seats.filter(status=SeatStatus.CONFIRMED).count() == 10
    assert seats.filter(status=SeatStatus.CANCELLED).count() == 8
    # 30 people, 8 cancelled, 10 places: 12 wait.
    assert seats.filter(status=SeatStatus.WAITING).count() == 12


def test_fifty_simultaneous_sign_ups_through_the_pages():
    import re

    from django.core import mail
    from django.test import Client
    from django.urls import reverse

    community = CommunityFactory()
    meeting = MeetingFactory(community=community, capacity=10)
    signup = reverse("community:signup", kwargs={"slug": community.slug})

    def run(i: int) -> tuple[int, int]:
        try:
            client = Client(REMOTE_ADDR=f"10.0.{i // 250}.{i % 250}")
            email = f"web{i}@example.org"
            first = client.post(
                signup,
                {
                    "name": f"Web {i}",
                    "email": email,
                    "organisation_name": "Gemeente Web",
                    "party": "gemeente",
                    "series": "series",
                    "consent": "on",
                },
            )
            [message] = [m for m in list(mail.outbox) if m.to == [email]]
            path = re.search(r"/community/aanmelding/[\w-]+/", message.body).group(0)
            second = client.post(path + "bevestigen/")
            return first.status_code, second.status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=25) as pool:
        statuses = list(pool.map(run, range(50)))

    assert statuses == [(302, 302)] * 50
    seats = Seat.objects.filter(meeting=meeting)
    assert seats.filter(status=SeatStatus.CONFIRMED).count() == 10
    assert seats.filter(status=SeatStatus.WAITING).count() == 40
