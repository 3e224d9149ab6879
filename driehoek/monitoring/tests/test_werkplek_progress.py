"""The werkplek says which progress the user's organisation still has to report on a concluded
or submitted agreement, and how late it is (the period's end plus the agreement's
report_due_days, as the deadline notices count it)."""

from __future__ import annotations

import re

import pytest
from django.db import reset_queries
from django.urls import reverse

from driehoek.agreements.models import AgreementStatus
from driehoek.core.testing import amsterdam
from driehoek.monitoring.models import Frequency, MonitoringSettings

from .factories import make_agreement, make_commitment, make_report

pytestmark = pytest.mark.django_db
URL = reverse("agreements:index")


def _agreements_section(html):
    start = html.index('id="agreements-heading"')
    return html[start : html.index("</section>", start)]


def _row(html, title):
    section = _agreements_section(html)
    start = section.index(title)
    return section[start : section.index("</tr>", start)]


@pytest.fixture
def agreement(world):
    """2026–2028, quarterly: the first quarter ends 31 March 2026, due 30 days later."""
    a = make_agreement(world.gemeente, world.corporatie, world.huurders, start=2026, end=2028)
    make_commitment(a, world.corporatie, targets={2026: 100})
    return a


def test_progress_to_report_says_how_late(world, client_for, clock, agreement):
    clock.travel_to(amsterdam(2026, 5, 15))
    html = client_for(world.member(world.corporatie, "editor")).get(URL).content.decode()
    row = _row(html, agreement.title)
    assert "Voortgang rapporteren over 2026 Q1" in row
    assert f"({world.corporatie.name})" in row
    assert "te laat sinds 15 dagen" in row


def test_progress_not_yet_late_shows_the_deadline(world, client_for, clock, agreement):
    clock.travel_to(amsterdam(2026, 4, 10))
    html = client_for(world.member(world.corporatie, "editor")).get(URL).content.decode()
    row = _row(html, agreement.title)
    assert "Voortgang rapporteren over 2026 Q1" in row and "vóór 30 april 2026" in row
    assert "te laat" not in row


def test_before_a_period_has_ended_nothing_waits(world, client_for, clock, agreement):
    clock.travel_to(amsterdam(2026, 3, 20))
    html = client_for(world.member(world.corporatie, "editor")).get(URL).content.decode()
    assert "Voortgang rapporteren" not in html


def test_oldest_missing_period_first_and_how_many_more(world, client_for, clock, agreement):
    clock.travel_to(amsterdam(2026, 10, 15))  # Q1, Q2 and Q3 have ended
    c = agreement.commitments.get()
    make_report(c, year=2026, quarter=1)
    html = client_for(world.member(world.corporatie, "editor")).get(URL).content.decode()
    row = _row(html, agreement.title)
    assert "Voortgang rapporteren over 2026 Q2 (en nog 1 periode)" in row
    # 30 June + 30 days = 30 July: 77 days before 15 October.
    assert "te laat sinds 77 dagen" in row


def test_reported_closed_or_yearly_periods(world, client_for, clock, agreement):
    clock.travel_to(amsterdam(2026, 5, 15))
    editor = client_for(world.member(world.corporatie, "editor"))
    make_report(agreement.commitments.get(), year=2026, quarter=1)
    assert "Voortgang rapporteren" not in editor.get(URL).content.decode()
    # Yearly reporting: 2026 has not ended yet.
    MonitoringSettings.objects.create(agreement=agreement, frequency=Frequency.YEAR)
    assert "Voortgang rapporteren" not in editor.get(URL).content.decode()


def test_closed_period_waits_no_more(world, client_for, clock, agreement):
    clock.travel_to(amsterdam(2026, 5, 15))
    MonitoringSettings.objects.create(agreement=agreement, closed_until=amsterdam(2026, 3, 31))
    html = client_for(world.member(world.corporatie, "editor")).get(URL).content.decode()
    assert "Voortgang rapporteren" not in html


def test_only_who_may_report_and_only_on_concluded_agreements(world, client_for, clock, agreement):
    clock.travel_to(amsterdam(2026, 5, 15))
    # The gemeente is not responsible; a viewer of the corporatie may not report.
    for user in (world.users["editor"], world.member(world.corporatie, "viewer")):
        html = client_for(user).get(URL).content.decode()
        assert agreement.title in html and "Voortgang rapporteren" not in html
    draft = make_agreement(
        world.gemeente, world.corporatie, start=2026, end=2028, status=AgreementStatus.DRAFT
    )
    make_commitment(draft, world.corporatie, targets={2026: 5})
    html = client_for(world.member(world.corporatie, "editor")).get(URL).content.decode()
    assert "Voortgang rapporteren" not in _row(html, draft.title)
    assert "Voortgang rapporteren" in _row(html, agreement.title)


def test_5_and_120_agreements_cost_the_same_queries(
    world, client_for, clock, django_assert_max_num_queries
):
    clock.travel_to(amsterdam(2026, 5, 15))

    def grow(n):
        for _i in range(n):
            a = make_agreement(world.gemeente, world.corporatie, start=2026, end=2028)
            make_commitment(a, world.corporatie, targets={2026: 1})
            make_commitment(a, world.corporatie, targets={2026: 2})

    grow(5)
    c = client_for(world.member(world.corporatie, "editor"))
    c.get(URL)
    reset_queries()
    with django_assert_max_num_queries(45) as five:
        assert c.get(URL).status_code == 200
    queries_for_five = len(five.captured_queries)
    grow(115)
    html = c.get(URL).content.decode()
    assert len(re.findall("Voortgang rapporteren over 2026 Q1", _agreements_section(html))) == 50
    reset_queries()
    with django_assert_max_num_queries(queries_for_five):
        assert c.get(URL).status_code == 200
