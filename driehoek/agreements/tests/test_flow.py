"""The core flow at service level: cycle → woonvisie → bod → agreement → versions → signing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent

from .. import services
from ..models import AgreementStatus, BodStatus, Decision, Signature, Theme
from ..services.readiness import ready_set, ready_withdraw, signing_role_set
from .factories import all_ready, make_agreement, make_cycle, sign_ready

pytestmark = pytest.mark.django_db

ALL_RECIPIENTS = {"sent_to_minister": True, "sent_to_gemeenten": True, "sent_to_tenants": True}


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


def test_agreement_has_standard_clauses_and_needs_gemeente_and_corporatie(world):
    agreement = make_agreement(world, commitments=0)
    keys = set(agreement.clauses.values_list("key", flat=True))
    assert {
        "duration",
        "interim_change",
        "special_circumstances",
        "supervisory_approval",
        "merger",
        "reasonableness",
    } <= keys
    with pytest.raises(ServiceError) as err:
        services.agreement_create(
            actor=None,
            cycle=agreement.cycle,
            kind="kader",
            title="x",
            period_start=2027,
            period_end=2028,
            parties=[world.gemeente, world.huurders],
        )
    assert err.value.field == "parties"
    with pytest.raises(ServiceError):
        services.agreement_create(
            actor=None,
            cycle=agreement.cycle,
            kind="kader",
            title="x",
            period_start=2028,
            period_end=2027,
            parties=[world.gemeente, world.corporatie],
        )


def test_commitment_targets_and_bad_input(world):
    agreement = make_agreement(world, commitments=1)
    c = agreement.commitments.get()
    assert c.reference == "A2027-001"
    assert c.targets.get().value == Decimal("120")
    base = {
        "actor": None,
        "agreement": agreement,
        "theme": Theme.AFFORDABILITY,
        "kind": "result",
        "title": "Passend toewijzen",
        "responsible": world.corporatie,
    }
    for targets, field in (
        ({2027: "-1"}, "target_2027"),
        ({2027: "veel"}, "target_2027"),
        ({2035: "5"}, "target_2035"),
    ):
        with pytest.raises(ServiceError) as err:
            services.commitment_save(**base, targets=targets)
        assert err.value.field == field
    with pytest.raises(ServiceError) as err:
        services.commitment_save(**{**base, "responsible": world.outside})
    assert err.value.field == "responsible"
    assert agreement.commitments.count() == 1
    c2 = services.commitment_save(**base, targets={2027: "95,5", 2028: ""})
    assert c2.reference == "A2027-002"
    assert list(c2.targets.values_list("year", "value")) == [(2027, Decimal("95.5"))]


def test_drafting_warnings(world):
    agreement = make_agreement(world, commitments=0)
    services.commitment_save(
        actor=None,
        agreement=agreement,
        theme=Theme.QUALITY,
        kind="result",
        title="Labels",
        responsible=world.corporatie,
    )
    warnings = " ".join(services.drafting_warnings(agreement))
    assert "SMART" in warnings
    assert str(world.huurders) in warnings  # no commitments for the tenant body


def test_negotiation_positions_comments_open_points_proposals(world):
    agreement = make_agreement(world)
    c = agreement.commitments.get()
    clause = agreement.clauses.first()
    first = services.comment_add(
        actor=None, agreement=agreement, organisation=world.huurders, text="Te weinig", commitment=c
    )
    reply = services.comment_add(
        actor=None,
        agreement=agreement,
        organisation=world.corporatie,
        text="Meer kan niet",
        parent=first,
    )
    assert reply.commitment == c
    services.position_set(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        stance="disagree",
        commitment=c,
    )
    services.position_set(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        stance="agree_with_change",
        commitment=c,
    )
    assert c.positions.get().stance == "agree_with_change"
    with pytest.raises(ServiceError):
        services.position_set(
            actor=None,
            agreement=agreement,
            organisation=world.outside,
            stance="agree",
            commitment=c,
        )
    point = services.open_point_add(
        actor=None,
        agreement=agreement,
        title="Grondprijs",
        owner=world.gemeente,
        due_on=date(2026, 10, 1),
    )
    services.open_point_resolve(actor=None, point=point, resolution="Afgesproken")
    with pytest.raises(ServiceError):
        services.open_point_resolve(actor=None, point=point, resolution="nog eens")
    p = services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        commitment=c,
        target_year=2027,
        target_value="150",
    )
    services.proposal_decide(actor=None, proposal=p, organisation=world.corporatie, accept=True)
    # Every other signing party accepts before the text changes: the gemeente too.
    assert c.targets.get(year=2027).value != Decimal("150")
    services.proposal_decide(actor=None, proposal=p, organisation=world.gemeente, accept=True)
    assert c.targets.get(year=2027).value == Decimal("150")
    p2 = services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=world.gemeente,
        clause=clause,
        new_text="Nieuw",
    )
    services.proposal_decide(actor=None, proposal=p2, organisation=world.corporatie, accept=False)
    clause.refresh_from_db()
    assert clause.text != "Nieuw"
    with pytest.raises(ServiceError):
        services.proposal_decide(
            actor=None, proposal=p2, organisation=world.corporatie, accept=True
        )
    with pytest.raises(ServiceError):
        services.proposal_create(
            actor=None,
            agreement=agreement,
            organisation=world.gemeente,
            commitment=c,
            target_year=2027,
            target_value="-3",
        )


def test_versions_freeze_and_compare(world):
    from ..diff import compare

    agreement = make_agreement(world)
    editor = world.member(world.gemeente, "editor")
    v1 = services.version_freeze(actor=editor, agreement=agreement)
    c = agreement.commitments.get()
    services.commitment_save(
        actor=None,
        agreement=agreement,
        commitment=c,
        theme=c.theme,
        kind=c.kind,
        title="Meer sociale huurwoningen",
        responsible=world.corporatie,
        indicator=c.indicator,
        unit=c.unit,
        targets={2027: "150"},
    )
    v2 = services.version_freeze(actor=editor, agreement=agreement)
    assert v1.content_hash != v2.content_hash
    assert v1.snapshot["commitments"][0]["targets"] == {"2027": "120"}
    rows = compare(v1.snapshot, v2.snapshot)
    changed = [r for r in rows if r["change"]]
    assert changed and "<ins>" in str(changed[0]["right"]) and "<del>" in str(changed[0]["left"])
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.NEGOTIATION


def test_final_version_is_frozen(world):
    agreement, version = sign_ready(world)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNING
    c = agreement.commitments.get()
    with pytest.raises(ServiceError, match="addendum"):
        services.commitment_save(
            actor=None,
            agreement=agreement,
            commitment=c,
            theme=c.theme,
            kind=c.kind,
            title="x",
            responsible=world.corporatie,
        )
    with pytest.raises(ServiceError):
        services.clause_save(
            actor=None, agreement=agreement, clause=agreement.clauses.first(), title="x", text="y"
        )
    with pytest.raises(ServiceError):
        services.version_freeze(actor=None, agreement=agreement)


def test_signing_rules(world):
    agreement, version = sign_ready(world)
    g, k, h = (
        world.member(o, "signatory") for o in (world.gemeente, world.corporatie, world.huurders)
    )
    editor = world.member(world.gemeente, "editor")
    with pytest.raises(ServiceError):  # an editor does not sign
        services.version_sign(actor=editor, version=version, organisation=world.gemeente)
    with pytest.raises(ServiceError):  # not for another organisation
        services.version_sign(actor=g, version=version, organisation=world.corporatie)
    with pytest.raises(ServiceError):  # declining needs a reason
        services.version_sign(
            actor=h, version=version, organisation=world.huurders, decision=Decision.DECLINED
        )
    services.version_sign(actor=g, version=version, organisation=world.gemeente)
    with pytest.raises(ServiceError, match="al ondertekend"):
        services.version_sign(actor=g, version=version, organisation=world.gemeente)
    services.version_sign(
        actor=h,
        version=version,
        organisation=world.huurders,
        decision=Decision.DECLINED,
        reason="Te weinig nieuwbouw",
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SIGNING
    services.version_sign(actor=k, version=version, organisation=world.corporatie)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CONCLUDED
    assert agreement.concluded_with_tenant_refusal
    assert Signature.objects.filter(version=version).count() == 3
    assert AuditEvent.objects.filter(action="agreements.agreement.concluded").count() == 1


def test_outsider_cannot_sign(world):
    agreement, version = sign_ready(world)
    outsider = world.users["outsider"]
    with pytest.raises(ServiceError):
        services.version_sign(actor=outsider, version=version, organisation=world.outside)


def test_outdated_version_cannot_be_signed(world):
    agreement, version = sign_ready(world)
    g = world.member(world.gemeente, "signatory")
    services.agreement_reopen(actor=None, agreement=agreement, reason="Gemeente wil wijzigen")
    with pytest.raises(ServiceError, match="outdated|verouderd"):
        services.version_sign(actor=g, version=version, organisation=world.gemeente)
    all_ready(world, agreement)  # reopening asks every party's readiness again
    new = services.version_freeze(actor=None, agreement=agreement, final=True)
    services.version_sign(actor=g, version=new, organisation=world.gemeente)
    with pytest.raises(ServiceError):
        services.version_sign(
            actor=world.member(world.corporatie, "signatory"),
            version=version,
            organisation=world.corporatie,
        )


def test_tampered_version_cannot_be_signed(world):
    agreement, version = sign_ready(world)
    # Tampering behind the application's back: past the immutable queryset and, on
    # PostgreSQL, past the trigger (replica role, as someone with direct database access).
    from django.db import connection
    from django.db.models import QuerySet

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
    QuerySet(type(version)).filter(pk=version.pk).update(snapshot={"changed": True})
    with pytest.raises(ServiceError):
        services.version_sign(
            actor=world.member(world.gemeente, "signatory"),
            version=version,
            organisation=world.gemeente,
        )
    assert not Signature.objects.exists()


def test_negotiation_round_is_not_signable(world):
    agreement = make_agreement(world)
    version = services.version_freeze(actor=None, agreement=agreement)
    with pytest.raises(ServiceError):
        services.version_sign(
            actor=world.member(world.gemeente, "signatory"),
            version=version,
            organisation=world.gemeente,
        )


def _conclude(world):
    agreement, version = sign_ready(world)
    for org in (world.gemeente, world.corporatie, world.huurders):
        services.version_sign(
            actor=world.member(org, "signatory"), version=version, organisation=org
        )
    agreement.refresh_from_db()
    return agreement


def test_addendum_and_submission(world):
    agreement = _conclude(world)
    assert (
        agreement.status == AgreementStatus.CONCLUDED
        and not agreement.concluded_with_tenant_refusal
    )
    addendum = services.addendum_create(actor=None, agreement=agreement)
    assert addendum.parent == agreement and addendum.kind == "addendum"
    assert addendum.commitments.count() == 1 and addendum.status == AgreementStatus.DRAFT
    with pytest.raises(ServiceError):
        services.agreement_submit(actor=None, agreement=agreement, organisation=world.gemeente)
    with pytest.raises(ServiceError) as err:
        services.agreement_submit(
            actor=None,
            agreement=agreement,
            organisation=world.corporatie,
            sent_to_minister=True,
            sent_to_gemeenten=True,
        )
    assert err.value.field == "sent_to_tenants"
    services.agreement_submit(
        actor=world.member(world.corporatie, "editor"),
        agreement=agreement,
        organisation=world.corporatie,
        **ALL_RECIPIENTS,
    )
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SUBMITTED and agreement.submitted_at
    assert (
        agreement.sent_to_minister_at
        == agreement.sent_to_gemeenten_at
        == agreement.sent_to_tenants_at
        == agreement.submitted_at
    )
    sent = AuditEvent.objects.filter(action="agreements.agreement.package_sent")
    assert sent.count() == 3
    with pytest.raises(ServiceError):
        services.agreement_submit(actor=None, agreement=agreement, organisation=world.corporatie)


def test_submission_late_after_15_december(world):
    cycle = make_cycle(
        world, submission_due=date(2020, 12, 15), bod_due=date(2020, 7, 1), year=2020
    )
    agreement, version = sign_ready(world, cycle=cycle)
    for org in (world.gemeente, world.corporatie, world.huurders):
        services.version_sign(
            actor=world.member(org, "signatory"), version=version, organisation=org
        )
    agreement = services.agreement_submit(
        actor=None, agreement=agreement, organisation=world.corporatie, **ALL_RECIPIENTS
    )
    assert agreement.submission_is_late


def test_draft_cannot_be_submitted_or_addended(world):
    agreement = make_agreement(world)
    with pytest.raises(ServiceError):
        services.agreement_submit(actor=None, agreement=agreement, organisation=world.corporatie)
    with pytest.raises(ServiceError):
        services.addendum_create(actor=None, agreement=agreement)


def test_next_annual_slice(world):
    agreement = make_agreement(world, years=(2027, 2030))
    c = agreement.commitments.get()
    services.commitment_save(
        actor=None,
        agreement=agreement,
        commitment=c,
        theme=c.theme,
        kind=c.kind,
        title=c.title,
        responsible=world.corporatie,
        indicator="x",
        unit="woningen",
        targets={2027: "120", 2028: "130"},
    )
    new = services.annual_slice_create(actor=None, agreement=agreement)
    assert new.kind == "jaarschijf" and new.parent == agreement and new.cycle.year == 2027
    copy = new.commitments.get()
    assert copy.origin == c
    # made in cycle 2027 for the year 2028: only the 2028 target is copied
    assert list(copy.targets.values_list("year", "value")) == [(2028, Decimal("130"))]
    assert new.period_start == new.period_end == 2028
    # The next one is for the year after the latest slice (the framework runs until 2030) …
    later = [services.annual_slice_create(actor=None, agreement=agreement) for _ in range(2)]
    assert [s.period_start for s in later] == [2029, 2030]
    with pytest.raises(ServiceError, match="2030"):  # … and there is none after its last year
        services.annual_slice_create(actor=None, agreement=agreement)


def test_dispute_deadlines_and_status(world):
    agreement = make_agreement(world)
    cycle = agreement.cycle
    services.cycle_update(actor=None, cycle=cycle, talks_started_on=date(2026, 1, 15))
    d = services.dispute_start(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        arose_on=date(2026, 8, 1),
        description="Geen overeenstemming over nieuwbouw",
    )
    assert d.filing_deadline == date(2026, 8, 29)
    with pytest.raises(ServiceError):
        services.dispute_start(
            actor=None,
            agreement=agreement,
            organisation=world.huurders,
            arose_on=timezone.localdate() + timedelta(days=1),
            description="x",
        )
    services.dispute_update(
        actor=None, dispute=d, status="advised", note="Advies", on=date(2026, 9, 1)
    )
    services.dispute_update(
        actor=None, dispute=d, status="ruled", note="Uitspraak", on=date(2026, 10, 1)
    )
    with pytest.raises(ServiceError):
        services.dispute_update(actor=None, dispute=d, status="filed")


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


def test_exports(world):
    from .. import exports

    agreement = make_agreement(world, commitments=3)
    assert exports.commitments_csv(agreement).decode("utf-8").count("\n") == 4
    assert exports.commitments_xlsx(agreement)[:2] == b"PK"


def test_frozen_version_and_signature_never_change(world):
    agreement, version = sign_ready(world)
    version.label = "anders"
    with pytest.raises(ValueError):
        version.save()
    sig = services.version_sign(
        actor=world.member(world.gemeente, "signatory"),
        version=version,
        organisation=world.gemeente,
    )
    sig.reason = "later"
    with pytest.raises(ValueError):
        sig.save()


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
    registered = {k for k in DESCRIPTIONS if k.startswith("agreements.")}
    assert registered - written == set()
    assert written - registered == set()
    assert type(agreement).objects.get(pk=agreement.pk).status == AgreementStatus.SUBMITTED


def test_own_proposal_cannot_be_accepted_by_the_proposer(world):
    agreement = make_agreement(world)
    c = agreement.commitments.get()
    p = services.proposal_create(
        actor=None, agreement=agreement, organisation=world.huurders, commitment=c, new_text="Meer"
    )
    with pytest.raises(ServiceError):
        services.proposal_decide(actor=None, proposal=p, organisation=world.huurders, accept=True)
    services.proposal_decide(actor=None, proposal=p, organisation=world.huurders, accept=False)
    c.refresh_from_db()
    assert c.description != "Meer"


def test_tenant_declining_after_conclusion_is_flagged(world):
    agreement = make_agreement(world)
    # A tenant organisation that only takes note is not waited for, but may still decline.
    signing_role_set(
        actor=world.member(world.huurders, "editor"),
        agreement=agreement,
        organisation=world.huurders,
        signs=False,
    )
    all_ready(world, agreement)
    version = services.version_freeze(actor=None, agreement=agreement, final=True)
    for org in (world.gemeente, world.corporatie):
        services.version_sign(
            actor=world.member(org, "signatory"), version=version, organisation=org
        )
    agreement.refresh_from_db()
    assert (
        agreement.status == AgreementStatus.CONCLUDED
        and not agreement.concluded_with_tenant_refusal
    )
    services.version_sign(
        actor=world.member(world.huurders, "signatory"),
        version=version,
        organisation=world.huurders,
        decision=Decision.DECLINED,
        reason="Te weinig betaalbaarheid",
    )
    agreement.refresh_from_db()
    assert agreement.concluded_with_tenant_refusal


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


def test_parties_change_while_negotiating(world):
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory

    agreement = make_agreement(world)
    editor = world.member(world.gemeente, "editor")
    second = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Twee")
    party = services.agreement_party_add(actor=editor, agreement=agreement, organisation=second)
    with pytest.raises(ServiceError) as err:
        services.agreement_party_add(actor=editor, agreement=agreement, organisation=second)
    assert err.value.field == "organisation"
    other = OrganisationFactory(kind=OrganisationKind.OTHER)
    with pytest.raises(ServiceError):
        services.agreement_party_add(actor=editor, agreement=agreement, organisation=other)
    services.agreement_party_remove(actor=editor, agreement=agreement, party=party)
    assert not agreement.parties.filter(organisation=second).exists()
    actions = list(
        AuditEvent.objects.filter(action__startswith="agreements.party.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["agreements.party.added", "agreements.party.removed"]
    # The last gemeente stays.
    with pytest.raises(ServiceError) as err:
        services.agreement_party_remove(
            actor=editor,
            agreement=agreement,
            party=agreement.parties.get(organisation=world.gemeente),
        )
    assert "laatste gemeente" in str(err.value.message)
    # A party with commitments is reassigned first, and so is the last corporatie.
    corporatie = agreement.parties.get(organisation=world.corporatie)
    with pytest.raises(ServiceError) as err:
        services.agreement_party_remove(actor=editor, agreement=agreement, party=corporatie)
    assert "laatste woningcorporatie" in str(err.value.message)
    services.agreement_party_add(actor=editor, agreement=agreement, organisation=second)
    with pytest.raises(ServiceError) as err:
        services.agreement_party_remove(actor=editor, agreement=agreement, party=corporatie)
    assert "A2027-001" in str(err.value.message) and "eerst" in str(err.value.message)
    # The tenant organisation has no commitments: it can go.
    services.agreement_party_remove(
        actor=editor, agreement=agreement, party=agreement.parties.get(organisation=world.huurders)
    )
    # Never after a final version.
    all_ready(world, agreement)
    services.version_freeze(actor=editor, agreement=agreement, final=True)
    with pytest.raises(ServiceError):
        services.agreement_party_add(actor=editor, agreement=agreement, organisation=world.huurders)
    services.agreement_reopen(actor=editor, agreement=agreement, reason="opnieuw")
    with pytest.raises(ServiceError):
        services.agreement_party_remove(
            actor=editor, agreement=agreement, party=agreement.parties.get(organisation=second)
        )


def test_dispute_filing_window_and_term_warn_but_do_not_block(world):
    from ..legal import in_dispute_window

    assert in_dispute_window(date(2026, 7, 1)) and in_dispute_window(date(2027, 1, 29))
    assert in_dispute_window(date(2026, 12, 31))
    assert not in_dispute_window(date(2027, 1, 30)) and not in_dispute_window(date(2026, 6, 30))
    cycle = make_cycle(world)
    warnings = services.dispute_filing_warnings(cycle=cycle, filed_on=date(2026, 3, 1))
    assert len(warnings) == 1 and "01-07" in warnings[0] and "29-01" in warnings[0]
    assert "minister" in warnings[0]
    warnings = services.dispute_filing_warnings(
        cycle=cycle, filed_on=date(2026, 9, 1), arose_on=date(2026, 7, 1)
    )
    assert len(warnings) == 1 and "29-07-2026" in warnings[0]
    assert (
        services.dispute_filing_warnings(
            cycle=cycle, filed_on=date(2026, 7, 20), arose_on=date(2026, 7, 1)
        )
        == []
    )
