"""One number format (issue 13, point 9): the agreement page's commitments table prints
baselines and targets in the active language's format (1.500 in Dutch, 1,500 in English; no
1.5E+3 from Decimal.normalize), and the years in its header stay 2027."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings

from ..models import CommitmentTarget
from .factories import make_agreement

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "baseline", "target"),
    [("nl", "1.200,5", "<td>1.500</td>"), ("en", "1,200.5", "<td>1,500</td>")],
)
def test_commitments_table_prints_figures_in_the_language(
    world, client_for, language, baseline, target
):
    agreement = make_agreement(world)
    commitment = agreement.commitments.get()
    commitment.baseline = Decimal("1200.50")
    commitment.save(update_fields=["baseline"])
    CommitmentTarget.objects.filter(commitment=commitment, year=2027).update(value=Decimal("1500"))
    client = client_for(world.users["editor"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert f"{baseline}</td>" in page
    assert target in page
    assert "E+3" not in page
    assert ">2027<" in page and "2.027" not in page and "2,027" not in page
