"""Signing at the same moment, on PostgreSQL (row locks); skipped on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection

from driehoek.core.errors import ServiceError
from tests.race import race

from .. import services
from ..models import Agreement, AgreementStatus, Signature
from .factories import sign_ready

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency tests need PostgreSQL")


def _race(calls):
    return race(calls, what="signing thread")


def test_same_organisation_signs_once(world):
    agreement, version = sign_ready(world)
    a = world.member(world.gemeente, "signatory")
    b = world.member(world.gemeente, "admin")
    results = _race(
        [
            lambda: services.version_sign(actor=a, version=version, organisation=world.gemeente),
            lambda: services.version_sign(actor=b, version=version, organisation=world.gemeente),
        ]
    )
    assert results.count("ok") == 1
    # The other one was refused with a message, not lost.
    assert len([r for r in results if isinstance(r, ServiceError)]) == 1
    assert Signature.objects.filter(version=version).count() == 1


def test_two_parties_at_once_both_count(world):
    agreement, version = sign_ready(world)
    services.version_sign(
        actor=world.member(world.huurders, "signatory"),
        version=version,
        organisation=world.huurders,
    )
    g = world.member(world.gemeente, "signatory")
    k = world.member(world.corporatie, "signatory")
    results = _race(
        [
            lambda: services.version_sign(actor=g, version=version, organisation=world.gemeente),
            lambda: services.version_sign(actor=k, version=version, organisation=world.corporatie),
        ]
    )
    assert results == ["ok", "ok"]
    assert Signature.objects.filter(version=version).count() == 3
    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.status == AgreementStatus.CONCLUDED
    assert not agreement.concluded_with_tenant_refusal
