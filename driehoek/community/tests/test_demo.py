import io

import pytest
from django.utils import timezone

from driehoek.community import demo
from driehoek.community.models import Community, Meeting, Question, Registration, SeatStatus
from driehoek.core.testing import amsterdam
from driehoek.organisations import demo as organisations_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_twice_with_the_same_result(clock):
    # The demo's upcoming series is in 2027 with sign-up open until 1 September 2027: look at it
    # from a fixed day before that deadline, not from today.
    clock.travel_to(amsterdam(2026, 12, 1))
    out = io.StringIO()
    organisations_demo.load(out)
    demo.load(out)
    counts = (
        Community.objects.count(),
        Meeting.objects.count(),
        Registration.objects.count(),
        Question.objects.count(),
    )
    demo.load(out)
    assert counts == (
        Community.objects.count(),
        Meeting.objects.count(),
        Registration.objects.count(),
        Question.objects.count(),
    )
    cop = Community.objects.get(slug="prestatieafspraken")
    starts = [timezone.localtime(m.starts_at).date().isoformat() for m in cop.meetings.all()]
    assert starts[0] == "2015-04-23" and len(starts) == 5
    assert cop.questions.filter(is_agenda=True).count() == 8
    assert cop.knowledge_items.filter(title__startswith="Middelburg").exists()
    assert cop.organisers.filter(email="gemeente-beheerder@demo.driehoek.test").exists()
    upcoming = Community.objects.get(slug="prestatieafspraken-2027")
    assert upcoming.signup_open()
    assert upcoming.meetings.filter(seats__status=SeatStatus.WAITING).exists()
