"""The core flow at service level, before the agreement: cycle, woonvisie, interests, bod and
information requests; and the audit walk through every service."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent

from .. import services
from ..models import AgreementStatus, BodStatus, Decision, Theme
from ..services.readiness import ready_set, ready_withdraw, signing_role_set
from .factories import ALL_RECIPIENTS, all_ready, make_agreement, make_cycle

pytestmark = pytest.mark.django_db


def test_cycle_defaults_from_the_law(world):
    cycle = services.cycle_create(actor=world.users["editor"], gemeente=world.gemeente, year=2027)
    assert cycle.bod_due == date(2027, 7, 1)
    assert cycle.submission_due == date(2027, 12, 15)
    assert cycle.dispute_after_months == 6 and cycle.dispute_filing_weeks == 4
    assert AuditEvent.objects.filter(action="agreements.cycle.created").exists()


def test_cycle_defaults_follow_the_setting(world, settings):
    settings.DRIEHOEK_CYCLE_DEFAULTS = {"submission_due": (12, 1)}
    cycle = services.cycle_create(actor=world.users["editor"], gemeente=world.gemeente, year=2028)
    assert cycle.submission_due == date(2028, 12, 1)


def test_cycle_once_per_year_and_sane_dates(world):
    services.cycle_create(actor=None, gemeente=world.gemeente, year=2027)
    with pytest.raises(ServiceError) as err:
        services.cycle_create(actor=None, gemeente=world.gemeente, year=2027)
    assert err.value.field == "year"
    with pytest.raises(ServiceError) as err:
        services.cycle_create(
            actor=None, gemeente=world.gemeente, year=2029, submission_due=date(2029, 6, 1)
        )
    assert err.value.field == "submission_due"
    with pytest.raises(ServiceError):
        services.cycle_create(actor=None, gemeente=world.corporatie, year=2029)


def test_talks_deadline(world):
    cycle = make_cycle(world)
    services.cycle_update(actor=None, cycle=cycle, talks_started_on=date(2026, 3, 31))
    cycle.refresh_from_db()
    assert cycle.dispute_possible_from == date(2026, 9, 30)
    with pytest.raises(ServiceError):
        services.cycle_update(
            actor=None, cycle=cycle, talks_started_on=timezone.localdate() + timedelta(days=3)
        )


def test_woonvisie_warnings(world):
    today = date(2026, 5, 1)
    assert services.woonvisie_warning(None, today)["code"] == "missing"
    w = services.woonvisie_create(
        actor=None,
        gemeente=world.gemeente,
        title="Woonvisie",
        adopted_on=date(2021, 1, 1),
        period_start=2021,
        period_end=2030,
    )
    assert services.woonvisie_warning(w, today)["code"] == "old"
    w.period_end = 2025
    assert services.woonvisie_warning(w, today)["code"] == "expired"
    w2 = services.woonvisie_create(
        actor=None,
        gemeente=world.gemeente,
        title="Nieuw",
        adopted_on=date(2025, 1, 1),
        period_start=2025,
        period_end=2029,
    )
    assert services.woonvisie_warning(w2, today) is None
    assert "44b" in services.woonvisie_warning(None, today)["text"]


def test_woonvisie_bad_input(world):
    with pytest.raises(ServiceError) as err:
        services.woonvisie_create(
            actor=None,
            gemeente=world.gemeente,
            title="X",
            adopted_on=date(2025, 1, 1),
            period_start=2030,
            period_end=2025,
        )
    assert err.value.field == "period_end"
    with pytest.raises(ServiceError):
        services.woonvisie_create(
            actor=None,
            gemeente=world.gemeente,
            title="X",
            adopted_on=timezone.localdate() + timedelta(days=10),
            period_start=2025,
            period_end=2029,
        )


def test_interest_per_theme_is_replaced(world):
    cycle = make_cycle(world)
    services.interest_set(
        actor=None,
        cycle=cycle,
        organisation=world.huurders,
        theme=Theme.AFFORDABILITY,
        priority=1,
        text="Huren omlaag",
        set_with_members=True,
    )
    services.interest_set(
        actor=None,
        cycle=cycle,
        organisation=world.huurders,
        theme=Theme.AFFORDABILITY,
        priority=2,
        text="Huren gelijk",
    )
    assert cycle.interests.get().text == "Huren gelijk"
    with pytest.raises(ServiceError):
        services.interest_set(
            actor=None,
            cycle=cycle,
            organisation=world.outside,
            theme=Theme.AFFORDABILITY,
            priority=1,
            text="x",
        )


def test_bod_needs_consultation_and_is_late_after_bod_date(world):
    cycle = make_cycle(world, bod_due=date(2020, 7, 1))
    bod = services.bod_create(actor=None, cycle=cycle, corporaties=[world.corporatie], title="Bod")
    assert list(bod.tenant_bodies.all()) == [world.huurders]
    services.bod_line_add(
        actor=None,
        bod=bod,
        theme=Theme.AVAILABILITY,
        description="Nieuwbouw",
        quantity="120",
        unit="woningen",
        year=2027,
        estimated_investment="24000000",
    )
    with pytest.raises(ServiceError, match="43"):
        services.bod_send(actor=None, bod=bod)
    services.bod_record_consultation(
        actor=None, bod=bod, consulted_on=date(2026, 5, 1), note="Akkoord"
    )
    bod = services.bod_send(actor=world.users["editor"], bod=bod)
    assert bod.status == BodStatus.SENT and bod.sent_at and bod.is_late
    with pytest.raises(ServiceError):
        services.bod_line_add(actor=None, bod=bod, theme=Theme.AVAILABILITY, description="Meer")


@pytest.mark.parametrize("quantity", ["-5", "abc", "NaN"])
def test_bod_line_rejects_bad_numbers(world, quantity):
    cycle = make_cycle(world)
    bod = services.bod_create(actor=None, cycle=cycle, corporaties=[world.corporatie], title="Bod")
    with pytest.raises(ServiceError) as err:
        services.bod_line_add(
            actor=None, bod=bod, theme=Theme.AVAILABILITY, description="x", quantity=quantity
        )
    assert err.value.field == "quantity"
    assert not bod.lines.exists()


def test_joint_bod_and_only_corporaties(world):
    cycle = make_cycle(world)
    with pytest.raises(ServiceError):
        services.bod_create(actor=None, cycle=cycle, corporaties=[world.huurders], title="Bod")


def test_bod_sections_per_theme(world):
    cycle = make_cycle(world)
    bod = services.bod_create(actor=None, cycle=cycle, corporaties=[world.corporatie], title="Bod")
    services.bod_section_set(actor=None, bod=bod, theme=Theme.QUALITY, text="Eerst label E, F, G")
    services.bod_section_set(actor=None, bod=bod, theme=Theme.QUALITY, text="Eerst label G")
    assert bod.sections.get().text == "Eerst label G"
    with pytest.raises(ServiceError):
        services.bod_section_set(actor=None, bod=bod, theme="onbekend", text="x")
    services.bod_line_add(
        actor=None, bod=bod, theme=Theme.QUALITY, description="Isolatie", quantity="75"
    )
    services.bod_record_consultation(actor=None, bod=bod, consulted_on=date(2026, 5, 1), note="ok")
    services.bod_send(actor=None, bod=bod)
    with pytest.raises(ServiceError):
        services.bod_section_set(actor=None, bod=bod, theme=Theme.QUALITY, text="Later")


def test_information_request(world):
    cycle = make_cycle(world)
    req = services.inforequest_create(
        actor=None,
        cycle=cycle,
        requester=world.huurders,
        corporatie=world.corporatie,
        question="Wat is de huurachterstand?",
    )
    with pytest.raises(ServiceError):
        services.inforequest_create(
            actor=None,
            cycle=cycle,
            requester=world.corporatie,
            corporatie=world.corporatie,
            question="x",
        )
    services.inforequest_answer(actor=None, request=req, answer="2%")
    assert req.__class__.objects.get(pk=req.pk).response_days == 0
    with pytest.raises(ServiceError):
        services.inforequest_answer(actor=None, request=req, answer="3%")


def test_every_registered_action_is_written_by_a_service(world):
    """Every state change is an audit event: walk the services once and compare with the
    descriptions registered in AgreementsConfig.ready()."""
    from driehoek.core.audit_text import DESCRIPTIONS

    g = world.member(world.gemeente, "editor")
    cycle = services.cycle_create(
        actor=g, gemeente=world.gemeente, year=2026, participants=[world.corporatie, world.huurders]
    )
    services.cycle_update(actor=g, cycle=cycle, talks_started_on=date(2026, 1, 5))
    w = services.woonvisie_create(
        actor=g,
        gemeente=world.gemeente,
        title="W",
        adopted_on=date(2025, 1, 1),
        period_start=2025,
        period_end=2028,
    )
    services.woonvisie_goal_add(actor=g, woonvisie=w, theme=Theme.AVAILABILITY, text="Doel")
    services.interest_set(
        actor=g,
        cycle=cycle,
        organisation=world.gemeente,
        theme=Theme.AVAILABILITY,
        priority=1,
        text="x",
    )
    bod = services.bod_create(actor=g, cycle=cycle, corporaties=[world.corporatie], title="Bod")
    services.bod_line_add(
        actor=g, bod=bod, theme=Theme.AVAILABILITY, description="x", quantity="1", year=2027
    )
    services.bod_section_set(actor=g, bod=bod, theme=Theme.AVAILABILITY, text="Toelichting")
    services.bod_record_consultation(actor=g, bod=bod, consulted_on=date(2026, 5, 1), note="ok")
    services.bod_send(actor=g, bod=bod)
    agreement = make_agreement(world, cycle=cycle, commitments=2)
    c1, c2 = agreement.commitments.all()
    extra = services.agreement_party_add(actor=g, agreement=agreement, organisation=world.outside)
    services.agreement_party_remove(actor=g, agreement=agreement, party=extra)
    clause = services.clause_save(
        actor=g, agreement=agreement, clause=None, title="Privacy", text="AVG"
    )
    services.clause_save(
        actor=g, agreement=agreement, clause=clause, title="Privacy", text="AVG geldt"
    )
    services.commitment_save(
        actor=g,
        agreement=agreement,
        commitment=c1,
        theme=c1.theme,
        kind=c1.kind,
        title="Nieuw",
        responsible=world.corporatie,
    )
    services.commitment_delete(actor=g, agreement=agreement, commitment=c2)
    services.comment_add(
        actor=g, agreement=agreement, organisation=world.gemeente, text="x", clause=clause
    )
    services.position_set(
        actor=g, agreement=agreement, organisation=world.gemeente, stance="agree", clause=clause
    )
    point = services.open_point_add(actor=g, agreement=agreement, title="x", owner=world.gemeente)
    services.open_point_resolve(actor=g, point=point, resolution="ok")
    p1 = services.proposal_create(
        actor=g, agreement=agreement, organisation=world.gemeente, clause=clause, new_text="y"
    )
    p2 = services.proposal_create(
        actor=g, agreement=agreement, organisation=world.gemeente, clause=clause, new_text="z"
    )
    services.proposal_decide(actor=g, proposal=p1, organisation=world.corporatie, accept=True)
    services.proposal_decide(actor=g, proposal=p1, organisation=world.huurders, accept=True)
    services.proposal_decide(actor=g, proposal=p2, organisation=world.corporatie, accept=False)
    services.version_freeze(actor=g, agreement=agreement)
    h_ed = world.member(world.huurders, "editor")
    signing_role_set(actor=h_ed, agreement=agreement, organisation=world.huurders, signs=False)
    signing_role_set(actor=h_ed, agreement=agreement, organisation=world.huurders, signs=True)
    ready_set(actor=h_ed, agreement=agreement, organisation=world.huurders)
    ready_withdraw(actor=h_ed, agreement=agreement, organisation=world.huurders)
    all_ready(world, agreement)
    v = services.version_freeze(actor=g, agreement=agreement, final=True)
    services.version_sign(
        actor=world.member(world.huurders, "signatory"),
        version=v,
        organisation=world.huurders,
        decision=Decision.DECLINED,
        reason="nee",
    )
    services.agreement_reopen(actor=g, agreement=agreement, reason="opnieuw")
    all_ready(world, agreement)
    v = services.version_freeze(actor=g, agreement=agreement, final=True)
    for org in (world.gemeente, world.corporatie, world.huurders):
        services.version_sign(actor=world.member(org, "signatory"), version=v, organisation=org)
    services.annual_slice_create(actor=g, agreement=agreement)
    services.addendum_create(actor=g, agreement=agreement)
    services.agreement_submit(
        actor=g, agreement=agreement, organisation=world.corporatie, **ALL_RECIPIENTS
    )
    d = services.dispute_start(
        actor=g,
        agreement=agreement,
        organisation=world.gemeente,
        arose_on=date(2026, 3, 1),
        description="x",
    )
    services.dispute_update(actor=g, dispute=d, status="advice_requested", on=date(2026, 3, 2))
    r = services.inforequest_create(
        actor=g, cycle=cycle, requester=world.gemeente, corporatie=world.corporatie, question="?"
    )
    services.inforequest_answer(actor=g, request=r, answer="!")
    from .recording_walk import walk_recording

    walk_recording(world)  # recording the past: its own audit actions
    written = set(
        AuditEvent.objects.filter(action__startswith="agreements.").values_list("action", flat=True)
    )
    # "<action>+<key>" entries are wordings of an action already listed, not actions of their own.
    registered = {k for k in DESCRIPTIONS if k.startswith("agreements.") and "+" not in k}
    assert registered - written == set()
    assert written - registered == set()
    assert type(agreement).objects.get(pk=agreement.pk).status == AgreementStatus.SUBMITTED
