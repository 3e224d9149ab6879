"""The evaluation and the carry-over count confirmed figures only. A contested or unconfirmed
figure is shown as such ("betwist", "nog niet bevestigd") and never becomes next year's target
on its own: carry-over leaves it out and says so."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from driehoek.agreements.models import AgreementStatus, CommitmentTarget
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.monitoring import services
from driehoek.monitoring.models import ProgressStatus, ReviewState

from .factories import make_agreement, make_commitment, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fixed_clock(clock):
    """These tests name the year 2026: they run on 1 December 2026, whatever today is."""
    clock.travel_to("2026-12-01T10:00")


@pytest.fixture
def year(world):
    """2026: a contested figure (A-1), an unconfirmed one (A-2) and a confirmed one (A-3),
    each short of its target."""
    g, c, h = world.gemeente, world.corporatie, world.huurders
    a = make_agreement(g, c, h)
    contested = make_commitment(a, c, targets={2026: 100}, title="Nieuwbouw")
    awaiting = make_commitment(a, g, targets={2026: 95}, title="Passend toewijzen")
    confirmed = make_commitment(a, c, targets={2026: 80}, title="Verduurzamen")
    for commitment, realised, state in (
        (contested, 60, ReviewState.CONTESTED),
        (awaiting, 50, ReviewState.AWAITING),
        (confirmed, 30, ReviewState.CONFIRMED),
    ):
        make_report(
            commitment,
            quarter=4,
            realised=realised,
            status=ProgressStatus.NOT_ACHIEVED,
            state=state,
        )
    editors = {
        g: world.users["editor"],
        c: world.member(c, "editor"),
        h: world.member(h, "editor"),
    }
    nxt = make_agreement(
        g, c, h, start=2027, end=2027, status=AgreementStatus.NEGOTIATION, kind="jaarschijf"
    )
    return {
        "agreement": a,
        "contested": contested,
        "awaiting": awaiting,
        "confirmed": confirmed,
        "editors": editors,
        "next": nxt,
    }


def _complete(world, y):
    ev = None
    for org, user in y["editors"].items():
        ev = services.evaluation_save(
            actor=user,
            agreement=y["agreement"],
            year=2026,
            organisation=org,
            themes={"beschikbaarheid": {"lessons": "Eerder grond"}},
            view=f"Kijk van {org.name}",
        )
    return services.evaluation_complete(
        actor=y["editors"][world.gemeente], evaluation=ev, organisation=world.gemeente
    )


def test_only_confirmed_figures_count_as_unmet(year):
    unmet = services.unmet_commitments(year["agreement"], 2026)
    assert [(c.pk, t, r) for c, t, r in unmet] == [
        (year["confirmed"].pk, Decimal("80.00"), Decimal("30.00"))
    ]
    unsettled = services.unsettled_commitments(year["agreement"], 2026)
    assert [(c.pk, r.review_state) for c, _t, r in unsettled] == [
        (year["contested"].pk, ReviewState.CONTESTED),
        (year["awaiting"].pk, ReviewState.AWAITING),
    ]


def test_carry_over_leaves_contested_and_unconfirmed_figures_out(world, year):
    ev = _complete(world, year)
    target = services.carry_over(
        actor=year["editors"][world.gemeente],
        evaluation=ev,
        organisation=world.gemeente,
        target=year["next"],
    )
    origins = set(target.commitments.values_list("origin_id", flat=True))
    assert origins == {year["confirmed"].pk}
    copy = target.commitments.get(origin=year["confirmed"])
    assert CommitmentTarget.objects.get(commitment=copy, year=2027).value == Decimal("50.00")
    event = AuditEvent.objects.get(action="monitoring.evaluation.carried_over")
    assert year["contested"].reference in event.data["left_out"]
    assert year["awaiting"].reference in event.data["left_out"]


def test_nothing_confirmed_to_carry_over_says_which_figures_are_not_settled(world, year):
    year["confirmed"].progress_reports.update(review_state=ReviewState.CONTESTED)
    ev = _complete(world, year)
    with pytest.raises(ServiceError, match="betwist|contested") as caught:
        services.carry_over(
            actor=year["editors"][world.gemeente],
            evaluation=ev,
            organisation=world.gemeente,
            target=year["next"],
        )
    assert year["contested"].reference in str(caught.value)
    assert not year["next"].commitments.exists()


def test_a_figure_confirmed_later_counts(world, year):
    year["contested"].progress_reports.update(review_state=ReviewState.CONFIRMED)
    refs = {c.pk for c, _t, _r in services.unmet_commitments(year["agreement"], 2026)}
    assert refs == {year["contested"].pk, year["confirmed"].pk}


def test_the_evaluation_page_shows_unsettled_figures_and_carry_over_says_what_it_left_out(
    world, year, client_for
):
    a = year["agreement"]
    _complete(world, year)
    gem = client_for(year["editors"][world.gemeente])
    url = reverse("monitoring:evaluation", args=[a.uuid, 2026])
    html = gem.get(url).content.decode()
    assert "Cijfers die nog niet rond zijn" in html
    assert "betwist" in html and "nog niet bevestigd" in html
    assert "Niet overgeheveld:" in html
    moved = gem.post(
        reverse("monitoring:carry_over", args=[a.uuid, 2026]),
        {"organisation": world.gemeente.pk, "target": year["next"].pk},
        follow=True,
    )
    assert moved.status_code == 200
    page = moved.content.decode()
    assert "Niet overgeheveld, omdat het cijfer betwist of nog niet bevestigd is" in page
    assert year["contested"].reference in page
    assert set(year["next"].commitments.values_list("origin_id", flat=True)) == {
        year["confirmed"].pk
    }


def test_the_agreement_dashboard_marks_an_unconfirmed_figure(world, year, client_for):
    url = reverse("monitoring:agreement", args=[year["agreement"].uuid])
    html = client_for(year["editors"][world.gemeente]).get(url, {"year": 2026}).content.decode()
    assert "Betwist" in html and "nog niet bevestigd" in html
