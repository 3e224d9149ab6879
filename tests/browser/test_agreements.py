"""The yearly cycle in Chromium with three people of the three parties: from woonvisie to a
signed, submitted agreement and its PDF. axe-core checks every page on the way."""

from __future__ import annotations

import re

import pytest

from driehoek.agreements.models import Agreement, AgreementStatus, Signature
from driehoek.organisations.demo import email_for
from driehoek.organisations.demo import load as load_demo_organisations

from .helpers import NoOutput, click, press, sign, submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_three_parties_from_woonvisie_to_signed_pdf(people):
    gemeente, corporatie, huurders = people["gemeente"], people["corporatie"], people["huurders"]

    # The gemeente starts the cycle and records its woonvisie with a goal.
    gemeente.goto("/afspraken/")
    click(gemeente, "Cyclus starten")
    gemeente.fill("input[name=year]", "2026")
    submit(gemeente)
    assert "Cyclus 2026" in gemeente.locator("h1").inner_text()
    assert "geen woonvisie" in gemeente.content()
    cycle_path = re.sub(r"^https?://[^/]+", "", gemeente.url)
    click(gemeente, "Woonvisie vastleggen")
    gemeente.fill("input[name=title]", "Woonvisie Demodorp 2025–2029")
    gemeente.fill("input[name=adopted_on]", "2025-01-15")
    gemeente.fill("input[name=period_start]", "2025")
    gemeente.fill("input[name=period_end]", "2029")
    submit(gemeente)
    click(gemeente, "Doel toevoegen")
    gemeente.select_option("select[name=theme]", "beschikbaarheid")
    gemeente.fill("textarea[name=text]", "Minstens 30% sociale huur in nieuwbouw.")
    submit(gemeente)
    assert "Minstens 30% sociale huur" in gemeente.content()

    # The tenant organisation records its interest, set with its members.
    huurders.goto(cycle_path)
    click(huurders, "Bekijk de belangen van alle partijen")
    click(huurders, "Belang vastleggen")
    huurders.select_option("select[name=theme]", "betaalbaarheid")
    huurders.fill("textarea[name=text]", "Geen huurverhoging na verduurzaming.")
    huurders.page.check("input[name=set_with_members]")
    submit(huurders)
    assert "Geen huurverhoging" in huurders.content()

    # The corporatie drafts the bod, consults the tenants and sends it.
    corporatie.goto(cycle_path)
    click(corporatie, "Bod opstellen")
    submit(corporatie)
    click(corporatie, "Activiteit toevoegen")
    corporatie.select_option("select[name=theme]", "beschikbaarheid")
    corporatie.fill("textarea[name=description]", "Nieuwbouw sociale huurwoningen")
    corporatie.fill("input[name=quantity]", "-3")
    submit(corporatie)
    assert "aria-invalid" in corporatie.content()  # bad number: shown next to the field
    corporatie.fill("input[name=quantity]", "120")
    corporatie.fill("input[name=unit]", "woningen")
    corporatie.fill("input[name=year]", "2027")
    submit(corporatie)
    click(corporatie, "Overleg met de huurders vastleggen")
    corporatie.fill("input[name=consulted_on]", "2026-05-20")
    corporatie.fill("textarea[name=consultation_note]", "De huurdersvereniging steunt het bod.")
    submit(corporatie)
    click(corporatie, "Bod versturen")
    submit(corporatie)
    assert "Verstuurd" in corporatie.content()

    # The gemeente drafts the agreement with all three parties.
    gemeente.goto(cycle_path)
    click(gemeente, "Afspraak opstellen")
    # The second corporatie of the cycle is not a party to this agreement.
    gemeente.page.uncheck("main label:has-text('Wooncorporatie Het Voorbeeld (demo)') input")
    submit(gemeente)
    agreement_path = re.sub(r"^https?://[^/]+", "", gemeente.url)
    assert "Looptijd" in gemeente.content()

    # The corporatie adds a SMART commitment.
    corporatie.goto(agreement_path)
    click(corporatie, "Afspraak toevoegen")
    corporatie.select_option("select[name=kind]", "result")
    corporatie.fill("input[name=title]", "Nieuwe sociale huurwoningen opleveren")
    corporatie.select_option("select[name=responsible]", label="Woonstichting Demodorp (demo)")
    corporatie.fill("input[name=indicator]", "opgeleverde sociale huurwoningen")
    corporatie.fill("input[name=unit]", "woningen")
    corporatie.fill("input[name=target_2027]", "120")
    corporatie.fill(
        "textarea[name=summary_b1]", "De corporatie bouwt 120 nieuwe sociale huurwoningen."
    )
    submit(corporatie)
    assert "A2027-001" in corporatie.content()

    # The tenants comment and take a position.
    huurders.goto(agreement_path)
    click(huurders, "A2027-001 bespreken")
    huurders.page.check("input[name=stance][value=agree]")
    press(huurders, "main button:has-text('Standpunt opslaan')")
    huurders.fill("textarea[name=text]", "Graag ook woningen voor ouderen.")
    press(huurders, "main button:has-text('Reactie plaatsen')")
    assert "Graag ook woningen voor ouderen." in huurders.content()

    # Each party says it is ready to sign; then the gemeente freezes the final version; all
    # three sign.
    for person in (gemeente, huurders, corporatie):
        person.goto(agreement_path)
        click(person, "Laat weten dat je klaar bent om te ondertekenen")
        submit(person)
    gemeente.goto(agreement_path)
    click(gemeente, "Versie vastleggen")
    gemeente.page.check("input[name=final]")
    submit(gemeente)
    for person in (gemeente, huurders, corporatie):
        person.goto(agreement_path)
        click(person, "Ondertekenen of weigeren")
        sign(person, "Anne de Vries")
    agreement = Agreement.objects.get()
    assert agreement.status == AgreementStatus.CONCLUDED
    assert Signature.objects.count() == 3

    # The corporatie records the submission; everyone can download the signed PDF.
    corporatie.goto(agreement_path)
    click(corporatie, "Indiening vastleggen")
    for name in ("sent_to_minister", "sent_to_gemeenten", "sent_to_tenants"):
        corporatie.page.check(f"input[name={name}]")
    submit(corporatie)
    assert "Ingediend" in corporatie.content()
    # Each recipient of the package is on record.
    for recipient in (
        "De minister (Autoriteit woningcorporaties)",
        "De gemeenten",
        "De huurdersorganisaties",
    ):
        assert recipient in corporatie.content()
    response = huurders.page.request.get(
        huurders.base_url + agreement_path + "prestatieafspraken.pdf"
    )
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    gemeente.goto(agreement_path + "versies/1/")


def test_every_agreements_page_of_the_demo_is_accessible(axe_page, settings):
    from django.urls import reverse

    from driehoek.agreements import demo as agreements_demo
    from driehoek.agreements.models import Bod, Cycle, Dispute, InformationRequest, Woonvisie

    load_demo_organisations(NoOutput())
    agreements_demo.load(NoOutput())
    axe_page.login(email_for("huurders", "admin"), settings.DRIEHOEK_DEMO_PASSWORD)
    paths = ["/afspraken/"]
    for cycle in Cycle.objects.all():
        for name in (
            "cycle_detail",
            "interests",
            "interest_add",
            "agreement_create",
            "inforequest_create",
        ):
            paths.append(reverse(f"agreements:{name}", kwargs={"cycle_id": cycle.uuid}))
    paths += [w.get_absolute_url() for w in Woonvisie.objects.all()]
    paths += [b.get_absolute_url() for b in Bod.objects.all()]
    paths += [r.get_absolute_url() for r in InformationRequest.objects.all()]
    for d in Dispute.objects.all():
        paths += [
            d.get_absolute_url(),
            reverse("agreements:dispute_dossier", kwargs={"dispute_id": d.uuid}),
            reverse("agreements:dispute_update", kwargs={"dispute_id": d.uuid}),
        ]
    for a in Agreement.objects.filter(
        parties__organisation__slug="demo-huurdersvereniging-demodorp"
    ):
        kw = {"agreement_id": a.uuid}
        paths += [
            a.get_absolute_url(),
            reverse("agreements:open_points", kwargs=kw),
            reverse("agreements:version_compare", kwargs=kw) + "?a=1&b=2",
            reverse("agreements:commitment_create", kwargs=kw),
            reverse("agreements:proposal_create", kwargs=kw),
            reverse("agreements:version_freeze", kwargs=kw),
            reverse("agreements:dispute_create", kwargs=kw),
            reverse("agreements:parties", kwargs=kw),
        ]
        c = a.commitments.first()
        if c:
            paths.append(reverse("agreements:discussion", kwargs={**kw, "on": c.discussion_key}))
        for v in a.versions.all():
            paths.append(v.get_absolute_url())
        for p in a.proposals.filter(status="open"):
            paths.append(reverse("agreements:proposal_decide", kwargs={**kw, "pk": p.pk}))
        for p in a.open_points.filter(resolved_at__isnull=True):
            paths.append(reverse("agreements:open_point_resolve", kwargs={**kw, "pk": p.pk}))
    for path in paths:
        axe_page.goto(path)
        assert axe_page.locator("h1").count() == 1, path
    assert len(axe_page.checked) > 30
