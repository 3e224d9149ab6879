"""Two housing associations merge while their agreement waits for signatures: a staff member
records the merger on the product's own page ("Fusie vastleggen"), the successor's signatory
signs for the corporatie that had not signed, and the agreement is concluded. In Chromium, with
axe-core on every page visited; the clock is fixed, so the dates do not depend on today."""

from __future__ import annotations

import pytest

from driehoek.accounts.models import User
from driehoek.agreements import services
from driehoek.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    CommitmentKind,
    Signature,
    Theme,
)
from driehoek.agreements.services.readiness import ready_set
from driehoek.agreements.tests.factories import CycleFactory
from driehoek.organisations.demo import STAFF_EMAIL, email_for, organisations
from driehoek.organisations.models import Organisation, OrganisationKind
from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .conftest import AxePage
from .helpers import click, sign, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUCCESSOR = "Wooncorporatie Het Voorbeeld (demo)"


@pytest.fixture
def merger_day(clock):
    """2 November 2026, before anyone signs in (listed before ``people``); the clock runs on
    from there, since the browser waits for pages."""
    clock.travel_to("2026-11-02 10:00", tick=True)
    return clock


def _signed_in(browser, live_server, email, password) -> tuple[object, AxePage]:
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15000)
    axe = AxePage(page, live_server.url)
    axe.login(email, password)
    return context, axe


def _agreement_waiting_for_signatures(orgs, west) -> tuple[Agreement, object]:
    """Gemeente, two corporaties and the tenants; every party ready, the final version frozen."""
    gemeente, corporatie, huurders = orgs["gemeente"], orgs["corporatie"], orgs["huurders"]
    cycle = CycleFactory(gemeente=gemeente, year=2026, participants=[corporatie, west, huurders])
    agreement = services.agreement_create(
        actor=None,
        cycle=cycle,
        kind=AgreementKind.ANNUAL,
        title="Prestatieafspraken Fusie 2027",
        period_start=2027,
        period_end=2027,
        parties=[gemeente, corporatie, west, huurders],
    )
    services.commitment_save(
        actor=None,
        agreement=agreement,
        theme=Theme.AVAILABILITY,
        kind=CommitmentKind.RESULT,
        title="Nieuwe sociale huurwoningen",
        responsible=corporatie,
        indicator="woningen",
        unit="woningen",
        targets={2027: "30"},
    )
    west_editor = MembershipFactory(organisation=west, role="editor").user
    for key in ("gemeente", "corporatie", "huurders"):
        editor = User.objects.get(email=email_for(key, "editor"))
        ready_set(actor=editor, agreement=agreement, organisation=orgs[key])
    ready_set(actor=west_editor, agreement=agreement, organisation=west)
    version = services.version_freeze(
        actor=User.objects.get(email=email_for("gemeente", "editor")),
        agreement=agreement,
        final=True,
    )
    return agreement, version


def test_merged_corporaties_successor_signs_and_the_agreement_concludes(
    merger_day, people, browser, live_server, settings
):
    orgs = organisations()
    west = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting West")
    agreement, version = _agreement_waiting_for_signatures(orgs, west)
    path = agreement.get_absolute_url()

    # The gemeente, the tenants and Woonstichting Demodorp sign before the merger.
    for key in ("gemeente", "huurders", "corporatie"):
        person = people[key]
        person.goto(path)
        click(person, "Ondertekenen of weigeren")
        sign(person, "Anne de Vries")
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.SIGNING

    # Staff record on the merger page that both corporaties went up in Het Voorbeeld.
    password = settings.DRIEHOEK_DEMO_PASSWORD
    staff_context, staff = _signed_in(browser, live_server, STAFF_EMAIL, password)
    staff.goto(orgs["corporatie"].get_absolute_url())
    click(staff, "Fusie vastleggen")
    assert "/fusie/" in staff.page.url
    staff.page.check(f"input[name=predecessors][value='{orgs['corporatie'].pk}']")
    staff.page.check(f"input[name=predecessors][value='{west.pk}']")
    staff.page.select_option("select[name=successor]", value=str(orgs["corporatie2"].pk))
    staff.page.fill("input[name=date]", "2026-11-01")
    submit(staff)
    assert staff.page.url.endswith(orgs["corporatie2"].get_absolute_url())
    assert "De fusie is vastgelegd." in staff.content()
    for old in (orgs["corporatie"], west):
        old = Organisation.objects.get(pk=old.pk)
        assert old.successor_id == orgs["corporatie2"].pk and not old.is_current
    staff.goto(west.get_absolute_url())
    assert "Deze woningcorporatie is op 1 november 2026 opgegaan in" in staff.content()
    staff_context.close()
    # Woonstichting West had not signed: the agreement waits on it, now on its successor.
    assert Agreement.objects.get(pk=agreement.pk).status == AgreementStatus.SIGNING

    # Het Voorbeeld's signatory signs for Woonstichting West.
    successor_context, successor = _signed_in(
        browser, live_server, email_for("corporatie2", "signatory"), password
    )
    successor.goto(path)
    click(successor, "Ondertekenen of weigeren")
    successor.page.select_option("select[name=organisation]", label="Woonstichting West")
    sign(successor, "Vera Ondertekenaar")
    successor.goto(path)  # from the confirmation back to the agreement page

    agreement = Agreement.objects.get(pk=agreement.pk)
    assert agreement.status == AgreementStatus.CONCLUDED
    signature = Signature.objects.get(version=version, organisation=west)
    assert signature.successor_id == orgs["corporatie2"].pk
    own = Signature.objects.get(version=version, organisation=orgs["corporatie"])
    assert own.successor_id is None  # signed before the merger: stays Demodorp's own
    content = successor.content()
    assert (
        f"Vera Ondertekenaar, {SUCCESSOR} (opvolger van Woonstichting West), 2 november 2026"
        in content
    )
    assert "opvolger van Woonstichting Demodorp" not in content
    successor.goto(version.get_absolute_url())
    assert f"{SUCCESSOR} (opvolger van Woonstichting West): Ondertekend" in successor.content()
    assert "Woonstichting Demodorp (demo): Ondertekend" in successor.content()
    successor_context.close()
