"""Test data for the agreements app: a driehoek with a cycle, a sent bod and an agreement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from driehoek.organisations.models import OrganisationKind
from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .. import services
from ..models import Agreement, AgreementKind, CommitmentKind, Cycle, Theme

# Submission to every recipient the law names (agreement_submit's keyword arguments).
ALL_RECIPIENTS = {"sent_to_minister": True, "sent_to_gemeenten": True, "sent_to_tenants": True}


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        skip_postgeneration_save = True

    gemeente = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.GEMEENTE)
    year = 2026
    ibw_due = date(2026, 7, 1)
    bod_due = date(2026, 7, 1)
    submission_due = date(2026, 12, 15)

    @factory.post_generation
    def participants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.participants.set(extracted)


def make_cycle(world, year=2026, **kwargs) -> Cycle:
    return CycleFactory(
        gemeente=world.gemeente,
        year=year,
        participants=[world.corporatie, world.huurders],
        **kwargs,
    )


def make_agreement(
    world, *, cycle=None, commitments=1, kind=AgreementKind.FRAMEWORK, years=(2027, 2030)
) -> Agreement:
    cycle = cycle or make_cycle(world)
    actor = world.member(world.gemeente, "editor")
    agreement = services.agreement_create(
        actor=actor,
        cycle=cycle,
        kind=kind,
        title=f"Prestatieafspraken {years[0]}",
        period_start=years[0],
        period_end=years[1],
        parties=[world.gemeente, world.corporatie, world.huurders],
    )
    for i in range(commitments):
        services.commitment_save(
            actor=actor,
            agreement=agreement,
            theme=Theme.AVAILABILITY,
            kind=CommitmentKind.RESULT,
            title=f"Nieuwe sociale huurwoningen {i}",
            responsible=world.corporatie,
            indicator="opgeleverde woningen",
            unit="woningen",
            baseline=Decimal("100"),
            estimated_cost=Decimal("1000000"),
            counterparties=[world.gemeente],
            targets={years[0]: "120"},
        )
    return agreement


def signatory(world, org):
    return world.member(org, "signatory")


def all_ready(world, agreement) -> None:
    """Every signing party says it is ready to sign (the final freeze needs it)."""
    from ..services.readiness import ready_set

    for party in agreement.parties.select_related("organisation"):
        if (party.must_sign or party.signs) and party.ready_at is None:
            org = party.organisation
            ready_set(actor=world.member(org, "editor"), agreement=agreement, organisation=org)


def sign_ready(world, **kwargs) -> tuple[Agreement, object]:
    agreement = make_agreement(world, **kwargs)
    all_ready(world, agreement)
    version = services.version_freeze(
        actor=world.member(world.gemeente, "editor"), agreement=agreement, final=True
    )
    return agreement, version


__all__ = ["MembershipFactory", "OrganisationFactory"]
