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
