"""The agreement page in Chromium for the tenant organisation (issue 13, point 4), on a wide
screen (1280 px) and a phone (375 px): one primary action in "Volgende stap voor jou", visible
without scrolling, the other actions in groups, the formal steps apart, each party's position
in its own block; axe-core clean and nothing wider than the screen, with a long tenant name."""

from __future__ import annotations

import pytest

from driehoek.accounts.models import User
from driehoek.agreements import services
from driehoek.agreements.models import AgreementKind, CommitmentKind, Theme
from driehoek.agreements.tests.factories import CycleFactory
from driehoek.organisations.demo import email_for, organisations

from .helpers import press

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDER_THAN_VIEWPORT = "document.documentElement.scrollWidth > window.innerWidth"
LONG_TENANT = "Huurdersbelangenvereniging Bewonerscommissiesamenwerkingsverband"


@pytest.fixture
def negotiation_day(clock):
    """20 November 2026 (listed before ``people``); the clock runs on from there."""
    clock.travel_to("2026-11-20 10:00", tick=True)
    return clock


def _negotiation(orgs):
    """An agreement in negotiation: two commitments with positions, and a proposal of the
    gemeente that waits for the tenant organisation's answer."""
    gemeente, corporatie, huurders = orgs["gemeente"], orgs["corporatie"], orgs["huurders"]
    huurders.name = LONG_TENANT
    huurders.save(update_fields=["name"])
    cycle = CycleFactory(gemeente=gemeente, year=2026, participants=[corporatie, huurders])
    agreement = services.agreement_create(
        actor=None,
        cycle=cycle,
        kind=AgreementKind.FRAMEWORK,
        title="Prestatieafspraken Werkplek 2027–2030",
        period_start=2027,
        period_end=2030,
        parties=[gemeente, corporatie, huurders],
    )
    for title, target in (("Nieuwe sociale huurwoningen", "120"), ("Woningen verduurzamen", "300")):
        services.commitment_save(
            actor=None,
            agreement=agreement,
            theme=Theme.AVAILABILITY,
            kind=CommitmentKind.RESULT,
            title=title,
            responsible=corporatie,
            indicator="woningen",
            unit="woningen",
            targets={2027: target, 2028: target},
        )
    first = agreement.commitments.order_by("number").first()
    for org, stance in ((huurders, "agree_with_change"), (corporatie, "agree")):
        services.position_set(
            actor=None, agreement=agreement, organisation=org, stance=stance, commitment=first
        )
    services.version_freeze(
        actor=User.objects.get(email=email_for("gemeente", "editor")), agreement=agreement
    )
    proposal = services.proposal_create(
        actor=None,
        agreement=agreement,
        organisation=gemeente,
        commitment=first,
        new_text="Minstens 150 nieuwe sociale huurwoningen",
    )
    return agreement, proposal


@pytest.mark.parametrize("width", [1280, 375])
def test_the_tenant_sees_one_next_step_and_the_positions(negotiation_day, people, width):
    orgs = organisations()
    agreement, proposal = _negotiation(orgs)
    tenant = people["huurders"]
    tenant.page.set_viewport_size({"width": width, "height": 900})
    tenant.goto(agreement.get_absolute_url())

    assert not tenant.page.evaluate(WIDER_THAN_VIEWPORT)
    panel = tenant.page.locator("main .dh-nextstep")
    assert panel.locator("h2").inner_text() == "Volgende stap voor jou"
    buttons = tenant.page.locator("main .utrecht-button--primary-action")
    assert buttons.count() == 1
    button = panel.locator(".utrecht-button--primary-action")
    assert button.inner_text() == "Beslis over 1 voorstel"
    assert button.is_visible()
    box = button.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 900, "the next step is on the first screen"
    assert box["x"] + box["width"] <= width

    # The other actions in headed groups, the formal steps in their own block.
    groups = tenant.page.locator("main .dh-actiongroup h3").all_inner_texts()
    assert groups == ["Tekst bewerken", "Bekijken en downloaden", "Partijen"]
    formal = tenant.page.locator("main .dh-formal")
    assert formal.locator("h2").inner_text() == "Formele stappen"
    assert formal.locator("a:has-text('Geschil starten')").is_visible()

    # Each party's position on the first commitment in its own block, the name as its label.
    first = tenant.page.locator("main .dh-positions").first
    parties = first.locator("dt").all_inner_texts()
    assert LONG_TENANT in parties and len(parties) == 3
    tenant_block = first.locator(".dh-position", has_text=LONG_TENANT)
    assert tenant_block.locator("dd").inner_text() == "Eens met een wijziging"
    assert tenant_block.is_visible()
    block_box = tenant_block.bounding_box()
    assert block_box is not None and block_box["x"] + block_box["width"] <= width

    # The button leads to the proposal's decision page (axe-core checks it too).
    press(tenant, "main .dh-nextstep .utrecht-button--primary-action")
    assert f"/voorstellen/{proposal.pk}/besluiten/" in tenant.page.url
    assert not tenant.page.evaluate(WIDER_THAN_VIEWPORT)
