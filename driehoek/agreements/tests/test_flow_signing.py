"""The core flow at service level, from the final version on: signing, conclusion, addendum,
submission, annual slices and disputes."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent

from .. import services
from ..models import AgreementStatus, Decision, Signature
from ..services.readiness import signing_role_set
from .factories import ALL_RECIPIENTS, all_ready, make_agreement, make_cycle, sign_ready

pytestmark = pytest.mark.django_db


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


def test_dispute_filing_window_and_term_warn_but_do_not_block(world, clock):
    clock.travel_to("2026-12-04 10:00")  # the dates below are of 2026
    from ..legal import in_dispute_window

    assert in_dispute_window(date(2026, 7, 1)) and in_dispute_window(date(2027, 1, 29))
    assert in_dispute_window(date(2026, 12, 31))
    assert not in_dispute_window(date(2027, 1, 30)) and not in_dispute_window(date(2026, 6, 30))
    cycle = make_cycle(world)
    warnings = services.dispute_filing_warnings(cycle=cycle, filed_on=date(2026, 3, 1))
    assert len(warnings) == 1 and "1 juli" in warnings[0] and "29 januari" in warnings[0]
    assert "minister" in warnings[0]
    warnings = services.dispute_filing_warnings(
        cycle=cycle, filed_on=date(2026, 9, 1), arose_on=date(2026, 7, 1)
    )
    assert len(warnings) == 1 and "29 juli 2026" in warnings[0]
    assert (
        services.dispute_filing_warnings(
            cycle=cycle, filed_on=date(2026, 7, 20), arose_on=date(2026, 7, 1)
        )
        == []
    )
