"""A tenant organisation signs as a full party and declines while the others sign: the
agreement is concluded, flagged, and the refusal shows with the route to a dispute. In
Chromium, with axe-core on every page; the forms work without JavaScript."""

from __future__ import annotations

import pytest

from driehoek.agreements import services
from driehoek.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    CommitmentKind,
    Theme,
)
from driehoek.agreements.tests.factories import make_cycle
from driehoek.organisations.demo import email_for, organisations

from .conftest import pass_two_factor
from .helpers import click, sign, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _World:
    def __init__(self, orgs):
        self.gemeente, self.corporatie, self.huurders = (
            orgs[k] for k in ("gemeente", "corporatie", "huurders")
        )


def _without_javascript(browser, live_server, settings, key):
    """A plain page (scripts off) signed in for ``key``'s signatory."""
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(live_server.url + "/account/inloggen/")
    page.fill("input[name=username]", email_for(key, "signatory"))
    page.fill("input[name=password]", settings.DRIEHOEK_DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    pass_two_factor(page, email_for(key, "signatory"))
    return context, page


def test_tenant_full_party_declines_while_the_others_sign(people, browser, live_server, settings):
    orgs = organisations()
    world = _World(orgs)
    cycle = make_cycle(world)
    agreement = services.agreement_create(
        actor=None,
        cycle=cycle,
        kind=AgreementKind.FRAMEWORK,
        title="Prestatieafspraken Volwaardig 2027",
        period_start=2027,
        period_end=2027,
        parties=[world.gemeente, world.corporatie, world.huurders],
    )
    services.commitment_save(
        actor=None,
        agreement=agreement,
        theme=Theme.AVAILABILITY,
        kind=CommitmentKind.RESULT,
        title="Nieuwe sociale huurwoningen",
        responsible=world.corporatie,
        indicator="woningen",
        unit="woningen",
        targets={2027: "20"},
    )
    path = agreement.get_absolute_url()
    gemeente, corporatie, huurders = people["gemeente"], people["corporatie"], people["huurders"]

    # The tenant organisation signs as a full party (the default); each party is ready.
    huurders.goto(path)
    assert "volwaardige partij: ondertekent" in huurders.content()
    for person in (gemeente, huurders, corporatie):
        person.goto(path)
        click(person, "Laat weten dat je klaar bent om te ondertekenen")
        submit(person)
    gemeente.goto(path)
    click(gemeente, "Versie vastleggen")
    gemeente.page.check("input[name=final]")
    submit(gemeente)

    # The gemeente and the corporatie sign; the agreement waits for the tenant's decision.
    for person in (gemeente, corporatie):
        person.goto(path)
        click(person, "Ondertekenen of weigeren")
        sign(person, "Anne de Vries")
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.SIGNING

    # The tenant organisation declines with its reason, with scripts switched off.
    context, page = _without_javascript(browser, live_server, settings, "huurders")
    page.goto(live_server.url + path)
    page.click("main a:has-text('Ondertekenen of weigeren')")
    page.check("input[name=decision][value=declined]")
    page.fill("textarea[name=reason]", "Te weinig betaalbare woningen.")
    page.click("main form button[type=submit].utrecht-button--primary-action")
    page.wait_for_load_state("domcontentloaded")
    context.close()

    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.status == AgreementStatus.CONCLUDED
    assert agreement.concluded_with_tenant_refusal
    gemeente.goto(path)
    content = gemeente.content()
    assert "Gesloten terwijl een huurdersorganisatie weigerde te ondertekenen." in content
    assert "Te weinig betaalbare woningen." in content
    click(gemeente, "Geschil starten")
    assert "/geschil/nieuw/" in gemeente.page.url
