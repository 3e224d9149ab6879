"""Dates that people read follow the active language ("1 juli 2026" / "1 July 2026"), also in
messages built in Python (issue 13, point 9); machine formats stay ISO."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from driehoek.core.testing import amsterdam

from .. import services
from .factories import make_cycle, sign_ready

pytestmark = pytest.mark.django_db


def test_the_late_submission_warning_names_the_date_in_the_visitors_language(
    world, client_for, clock
):
    clock.travel_to(amsterdam(2026, 7, 15))
    agreement, version = sign_ready(world)
    for org in (world.gemeente, world.corporatie, world.huurders):
        services.version_sign(
            actor=world.member(org, "signatory"), version=version, organisation=org
        )
    cycle = agreement.cycle
    cycle.submission_due = date(2026, 7, 1)
    cycle.save(update_fields=["submission_due"])
    client = client_for(world.member(world.corporatie, "editor"))
    url = reverse("agreements:submit", kwargs={"agreement_id": agreement.uuid})
    dutch = client.get(url).content.decode()
    assert "1 juli 2026" in dutch and "01-07-2026" not in dutch
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "The submission date (1 July 2026) has passed" in english
    assert "juli" not in english


def test_dispute_warnings_name_days_and_months_in_the_active_language(world):
    cycle = make_cycle(world)
    with translation.override("en"):
        (warning,) = services.dispute_filing_warnings(
            cycle=cycle, filed_on=date(2026, 9, 1), arose_on=date(2026, 7, 1)
        )
    assert "1 July 2026" in warning and "1 September 2026" in warning
    with translation.override("nl"):
        (warning,) = services.dispute_filing_warnings(
            cycle=cycle, filed_on=date(2026, 9, 1), arose_on=date(2026, 7, 1)
        )
    assert "1 juli 2026" in warning and "1 september 2026" in warning
