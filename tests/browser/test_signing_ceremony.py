"""The signing ceremony in Chromium, on a wide screen (1280 px) and on a phone (375 px): the
review of what is signed, the errors when the name or the statement is missing (nothing is
saved), the confirmation after signing and the receipt. axe-core checks every page; the clock
is fixed, so the dates do not depend on today."""

from __future__ import annotations

import pytest

from driehoek.accounts.models import User
from driehoek.agreements import services
from driehoek.agreements.models import AgreementKind, CommitmentKind, Signature, Theme
from driehoek.agreements.services.readiness import ready_set
from driehoek.agreements.tests.factories import CycleFactory
from driehoek.organisations.demo import email_for, organisations

from .helpers import click, sign, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME_ERROR = "Typ je volledige naam om te ondertekenen."
STATEMENT_ERROR = "Vink de verklaring aan om te ondertekenen"
FINGERPRINT = (
    "Dit is de vingerafdruk van de tekst. Verandert er één letter, dan verandert de vingerafdruk."
)
WIDER_THAN_VIEWPORT = "document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def signing_day(clock):
    """20 November 2026, before anyone signs in (listed before ``people``); the clock runs on
    from there, since the browser waits for pages."""
    clock.travel_to("2026-11-20 10:00", tick=True)
    return clock


def _final_version(orgs):
    gemeente, corporatie, huurders = orgs["gemeente"], orgs["corporatie"], orgs["huurders"]
    cycle = CycleFactory(gemeente=gemeente, year=2026, participants=[corporatie, huurders])
    agreement = services.agreement_create(
        actor=None,
        cycle=cycle,
        kind=AgreementKind.ANNUAL,
        title="Prestatieafspraken Ceremonie 2027",
        period_start=2027,
        period_end=2027,
        parties=[gemeente, corporatie, huurders],
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
    for key in ("gemeente", "corporatie", "huurders"):
        editor = User.objects.get(email=email_for(key, "editor"))
        ready_set(actor=editor, agreement=agreement, organisation=orgs[key])
    version = services.version_freeze(
        actor=User.objects.get(email=email_for("gemeente", "editor")),
        agreement=agreement,
        final=True,
    )
    return agreement, version


@pytest.mark.parametrize(("key", "width"), [("gemeente", 1280), ("corporatie", 375)])
def test_review_errors_confirmation_and_receipt(signing_day, people, key, width):
    orgs = organisations()
    agreement, version = _final_version(orgs)
    person = people[key]
    person.page.set_viewport_size({"width": width, "height": 900})

    person.goto(agreement.get_absolute_url())
    click(person, "Ondertekenen of weigeren")
    content = person.content()
    assert "Wat je ondertekent" in content
    assert version.content_hash in content
    assert FINGERPRINT in content
    assert "1 afspraak." in content
    assert not person.page.evaluate(WIDER_THAN_VIEWPORT)
    assert not person.page.is_checked("input[name=statement]")
    assert person.page.input_value("input[name=signer_name]") == ""

    # Sign without the name and without ticking the statement: both errors, nothing saved.
    person.page.check("input[name=decision][value=signed]")
    submit(person)
    content = person.content()
    assert "Er is een probleem" in content
    assert NAME_ERROR in content and STATEMENT_ERROR in content
    assert not person.page.evaluate(WIDER_THAN_VIEWPORT)
    assert not Signature.objects.filter(version=version).exists()

    sign(person, "Anne de Vries")
    signature = Signature.objects.get(version=version, organisation=orgs[key])
    assert signature.signer_name == "Anne de Vries"
    assert f"/ondertekend/{signature.pk}/" in person.page.url
    content = person.content()
    assert f"Anne de Vries heeft versie {version.number} van deze afspraken ondertekend." in content
    assert "20 november 2026" in content
    assert "Wie moet nog tekenen" in content
    assert not person.page.evaluate(WIDER_THAN_VIEWPORT)

    href = person.page.get_attribute("main a:has-text('Download het ontvangstbewijs')", "href")
    response = person.page.request.get(person.base_url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    # Another party's signatory may not download it.
    other = people["huurders"]
    assert other.page.request.get(other.base_url + href).status == 403
