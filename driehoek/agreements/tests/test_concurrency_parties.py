"""Ready to sign and accepts given at the same moment, on PostgreSQL (row locks): no decision
is lost. Skipped on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.race import race

from .. import services
from ..models import AgreementParty, ProposalResponse, ProposalStatus
from ..services.readiness import ready_set
from .factories import make_agreement

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL")


def test_parties_ready_at_once_all_count(world):
    agreement = make_agreement(world)
    orgs = (world.gemeente, world.corporatie, world.huurders)
    editors = [world.member(o, "editor") for o in orgs]
    results = race(
        [
            (lambda o=o, e=e: ready_set(actor=e, agreement=agreement, organisation=o))
            for o, e in zip(orgs, editors, strict=True)
        ],
        what="ready thread",
    )
    assert results == ["ok", "ok", "ok"]
    assert AgreementParty.objects.filter(agreement=agreement, ready_at__isnull=False).count() == 3
    services.version_freeze(actor=None, agreement=agreement, final=True)


def test_last_accepts_at_once_change_the_text(world):
    agreement = make_agreement(world)
    c = agreement.commitments.get()
    p = services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=world.huurders,
        commitment=c,
        new_text="Meer woningen",
    )
    results = race(
        [
            lambda: services.proposal_decide(
                actor=None, proposal=p, organisation=world.gemeente, accept=True
            ),
            lambda: services.proposal_decide(
                actor=None, proposal=p, organisation=world.corporatie, accept=True
            ),
        ],
        what="accept thread",
    )
    assert results == ["ok", "ok"]
    assert ProposalResponse.objects.filter(proposal=p, accept=True).count() == 2
    p.refresh_from_db()
    c.refresh_from_db()
    assert p.status == ProposalStatus.ACCEPTED and c.description == "Meer woningen"
