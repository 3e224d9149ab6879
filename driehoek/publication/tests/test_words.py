"""The public agreement page in the visitor's language: numbers in its format, Dutch content
marked lang="nl" on the English page (issue 13, point 9)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from driehoek.agreements.models import CommitmentTarget

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _a_day_in_2026(clock):
    """The figures below are of 2026: every test runs on a fixed day of that year."""
    clock.travel_to("2026-12-04 10:00")


@pytest.fixture
def public(world):
    a = f.published(gemeente=world.gemeente, others=[world.corporatie, world.huurders])
    c = a.commitments.order_by("number").first()
    CommitmentTarget.objects.filter(commitment=c, year=2026).update(value=Decimal("1500"))
    c.baseline = Decimal("12.50")
    c.save(update_fields=["baseline"])
    f.report(c, realised="2345", explanation="Bevestigd cijfer")
    return a


def _page(client, agreement, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    url = reverse("publication:agreement", kwargs={"agreement_id": agreement.uuid})
    return client.get(url).content.decode()


def test_large_figures_follow_the_language(client, public):
    dutch = _page(client, public, "nl")
    assert "<td>1.500</td>" in dutch and "<td>12,5</td>" in dutch and "<td>2.345</td>" in dutch
    assert "1,500" not in dutch and "12.50" not in dutch
    # Years are not numbers to group: the column headers stay 2025, 2026, 2027.
    assert '<th scope="col">2026</th>' in dutch and "2.026" not in dutch
    english = _page(client, public, "en")
    assert "<td>1,500</td>" in english and "<td>12.5</td>" in english
    assert "<td>2,345</td>" in english and "1.500" not in english


def test_dutch_content_is_marked_on_the_english_page(client, public):
    english = _page(client, public, "en")
    assert '<span lang="nl">Afspraak 1</span>' in english
    assert f'<h1 class="utrecht-heading-1" lang="nl">{public.title}</h1>' in english
    assert '<p class="utrecht-paragraph" lang="nl">Drie jaar.</p>' in english  # a clause
    dutch = _page(client, public, "nl")
    assert "<span>Afspraak 1</span>" in dutch and 'lang="nl">Afspraak' not in dutch
