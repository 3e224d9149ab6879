"""Dutch words on the agreement pages (issue 13, point 9): the version compare speaks Dutch
and writes numbers the Dutch way, history dates have Dutch month names, and "ontbreekt" or
"ontbreken" follows the count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from driehoek.core.testing import amsterdam

from .. import services
from ..models import CommitmentKind, Theme
from .factories import make_agreement

pytestmark = pytest.mark.django_db


def test_compare_shows_dutch_labels_and_dutch_numbers(world, client_for):
    agreement = make_agreement(world)
    services.version_freeze(actor=None, agreement=agreement)
    services.version_freeze(actor=None, agreement=agreement)
    url = reverse("agreements:version_compare", kwargs={"agreement_id": agreement.uuid})
    page = client_for(world.users["editor"]).get(url + "?a=1&b=2&all=1").content.decode()
    assert "Geschatte kosten: 1.000.000" in page
    assert "Beginwaarde: 100" in page
    assert "Thema: Beschikbaarheid" in page
    assert "Soort: Resultaat" in page
    assert "1000000" not in page


def test_history_dates_have_dutch_month_names(world, client_for, clock):
    clock.travel_to(amsterdam(2026, 10, 15))
    agreement = make_agreement(world)
    page = client_for(world.users["editor"]).get(agreement.get_absolute_url()).content.decode()
    assert "15 oktober 2026" in page
    assert "15 Oct 2026" not in page and "15 Okt 2026" not in page


def _result_commitment(world, agreement, *, indicator: str) -> None:
    services.commitment_save(
        actor=world.member(world.gemeente, "editor"),
        agreement=agreement,
        theme=Theme.AVAILABILITY,
        kind=CommitmentKind.RESULT,
        title="Minder wachttijd",
        responsible=world.corporatie,
        indicator=indicator,
        unit="maanden",
        baseline=Decimal("12"),
        counterparties=[world.gemeente],
        targets={},
    )


def test_one_missing_part_ontbreekt(world, client_for):
    agreement = make_agreement(world, commitments=0)
    _result_commitment(world, agreement, indicator="wachttijd")
    page = client_for(world.users["editor"]).get(agreement.get_absolute_url()).content.decode()
    assert "niet SMART: doel en jaar ontbreekt." in page


def test_two_missing_parts_ontbreken(world, client_for):
    agreement = make_agreement(world, commitments=0)
    _result_commitment(world, agreement, indicator="")
    page = client_for(world.users["editor"]).get(agreement.get_absolute_url()).content.decode()
    assert "ontbreken." in page
    assert "ontbreekt." not in page


def test_dutch_content_is_marked_lang_nl_on_english_pages(world, client_for, settings):
    agreement = make_agreement(world)
    client = client_for(world.users["editor"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert '<h1 class="utrecht-heading-1" lang="nl">Prestatieafspraken 2027</h1>' in page
    assert '<span lang="nl">Nieuwe sociale huurwoningen 0</span>' in page
    assert '<span lang="nl">Woonstichting Test</span>' in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert 'lang="nl">Prestatieafspraken' not in page
