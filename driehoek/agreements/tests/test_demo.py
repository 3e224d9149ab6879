import io

import pytest

from driehoek.agreements import demo
from driehoek.agreements.models import Agreement, AgreementStatus
from driehoek.organisations import demo as org_demo

pytestmark = pytest.mark.django_db


def test_demo_loads_twice():
    org_demo.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    statuses = set(Agreement.objects.values_list("status", flat=True))
    assert {
        AgreementStatus.DRAFT,
        AgreementStatus.NEGOTIATION,
        AgreementStatus.CONCLUDED,
    } <= statuses
    assert Agreement.objects.filter(concluded_with_tenant_refusal=True).exists()
    assert Agreement.objects.filter(disputes__isnull=False).exists()
