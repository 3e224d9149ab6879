"""Views through the test client, from the final text on: signing, downloads, submission,
annual slices and disputes."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from .. import services
from ..models import Agreement, AgreementStatus, Signature
from .factories import all_ready, make_agreement, make_cycle, sign_ready

pytestmark = pytest.mark.django_db


def test_editing_a_frozen_version_is_refused(world, client_for):
    agreement, _version = sign_ready(world)
    c = agreement.commitments.get()
    client = client_for(world.users["editor"])
    url = reverse("agreements:commitment_edit", kwargs={"agreement_id": agreement.uuid, "pk": c.pk})
    response = client.post(
        url,
        {"theme": c.theme, "kind": c.kind, "title": "Anders", "responsible": world.corporatie.pk},
    )
    assert response.status_code == 400
    assert "addendum" in response.content.decode()
    c.refresh_from_db()
    assert c.title != "Anders"


def test_sign_once_for_own_organisation(world, client_for):
    agreement, version = sign_ready(world)
    url = reverse(
        "agreements:sign", kwargs={"agreement_id": agreement.uuid, "number": version.number}
    )
    client = client_for(world.users["signatory"])
    # signing for another party's organisation: not a choice
    response = client.post(url, {"organisation": world.corporatie.pk, "decision": "signed"})
    assert response.status_code == 400
    assert not Signature.objects.exists()
    signing = {
        "organisation": world.gemeente.pk,
        "decision": "signed",
        "signer_name": "Wethouder",
        "statement": "on",
    }
    response = client.post(url, signing)
    assert response.status_code == 302
    response = client.post(url, signing)
    assert response.status_code == 400
    assert "heeft deze versie al ondertekend of geweigerd" in response.content.decode()
    assert Signature.objects.count() == 1
    assert (
        client_for(world.users["editor"]).post(url, {"organisation": world.gemeente.pk}).status_code
        == 403
    )


def test_pdf_and_downloads(world, client_for):
    agreement, version = sign_ready(world)
    for org in (world.gemeente, world.corporatie):
        services.version_sign(
            actor=world.member(org, "signatory"), version=version, organisation=org
        )
    client = client_for(world.users["viewer"])
    response = client.get(reverse("agreements:pdf", kwargs={"agreement_id": agreement.uuid}))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = client.get(reverse("agreements:export_csv", kwargs={"agreement_id": agreement.uuid}))
    assert "A2027-001" in response.content.decode("utf-8-sig")
    response = client.get(reverse("agreements:package", kwargs={"agreement_id": agreement.uuid}))
    assert response.content[:2] == b"PK"


def test_annual_slice_via_view(world, client_for):
    agreement = make_agreement(world)
    client = client_for(world.users["editor"])
    response = client.post(
        reverse("agreements:next_slice", kwargs={"agreement_id": agreement.uuid}), {}
    )
    assert response.status_code == 302
    new = Agreement.objects.exclude(pk=agreement.pk).get()
    assert new.parent == agreement and new.status == AgreementStatus.DRAFT


def test_dispute_dossier_pdf(world, client_for):
    agreement = make_agreement(world)
    dispute = services.dispute_start(
        actor=None,
        agreement=agreement,
        organisation=world.gemeente,
        arose_on=date(2026, 1, 5),
        description="Geen akkoord over nieuwbouw",
    )
    client = client_for(world.users["viewer"])
    page = client.get(reverse("agreements:dispute_dossier", kwargs={"dispute_id": dispute.uuid}))
    assert "Geschil artikel 44 Woningwet" in page.content.decode()
    assert "2 februari 2026" in page.content.decode()  # four weeks after the dispute arose
    response = client.get(
        reverse("agreements:dispute_dossier_pdf", kwargs={"dispute_id": dispute.uuid})
    )
    assert response.content.startswith(b"%PDF")


def test_workspace_asks_to_sign_the_latest_final_version_again(world, client_for):
    agreement, version = sign_ready(world)
    signatory = world.users["signatory"]
    services.version_sign(actor=signatory, version=version, organisation=world.gemeente)
    index = reverse("agreements:index")
    assert "Ondertekenen namens" not in client_for(signatory).get(index).content.decode()
    services.agreement_reopen(actor=None, agreement=agreement, reason="Corporatie wil wijzigen")
    all_ready(world, agreement)
    services.version_freeze(actor=None, agreement=agreement, final=True)
    content = client_for(signatory).get(index).content.decode()
    assert "Ondertekenen namens" in content


def test_cycle_timeline_shows_who_still_signs(world, client_for):
    agreement, version = sign_ready(world, cycle=make_cycle(world))
    services.version_sign(
        actor=world.users["signatory"], version=version, organisation=world.gemeente
    )
    content = (
        client_for(world.users["viewer"]).get(agreement.cycle.get_absolute_url()).content.decode()
    )
    row = content.split("Afspraken ondertekend", 1)[1].split("</tr>", 1)[0]
    assert str(world.corporatie) in row and str(world.gemeente) not in row.split("</th>", 1)[1]


def test_submission_records_each_recipient(world, client_for):
    import io
    import zipfile

    agreement, version = sign_ready(world)
    for org in (world.gemeente, world.corporatie, world.huurders):
        services.version_sign(
            actor=world.member(org, "signatory"), version=version, organisation=org
        )
    client = client_for(world.member(world.corporatie, "editor"))
    url = reverse("agreements:submit", kwargs={"agreement_id": agreement.uuid})
    data = {
        "organisation": world.corporatie.pk,
        "sent_to_minister": "on",
        "sent_to_gemeenten": "on",
    }
    assert client.post(url, data).status_code == 400
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.CONCLUDED and agreement.sent_to_minister_at is None
    response = client.post(url, {**data, "sent_to_tenants": "on"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SUBMITTED
    assert agreement.sent_to_minister_at and agreement.sent_to_gemeenten_at
    assert agreement.sent_to_tenants_at
    page = client_for(world.users["viewer"]).get(agreement.get_absolute_url()).content.decode()
    assert "De minister (Autoriteit woningcorporaties)" in page
    assert "Getekende afspraken gestuurd naar de huurdersorganisaties" in page
    response = client.get(reverse("agreements:package", kwargs={"agreement_id": agreement.uuid}))
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        sent = zf.read("verzending.csv").decode("utf-8-sig")
    assert "de gemeenten" in sent and "niet vastgelegd" not in sent


def test_dispute_outside_window_or_term_is_recorded_with_a_warning(world, client_for, clock):
    clock.travel_to("2026-12-04 10:00")  # filed today, on a dispute that arose in January 2026
    from datetime import datetime

    from django.utils import timezone

    from ..models import Dispute

    agreement = make_agreement(world)
    client = client_for(world.users["editor"])
    url = reverse("agreements:dispute_create", kwargs={"agreement_id": agreement.uuid})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "organisation": world.gemeente.pk,
            "arose_on": "2026-01-10",
            "description": "Geen akkoord",
            "understood": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    dispute = Dispute.objects.get()
    page = response.content.decode()
    assert "de termijn liep af op 7 februari 2026" in page
    assert "na deze datum ingediend" in page
    # Filed outside 1 July – 29 January: the page and the dossier say so.
    Dispute.objects.filter(pk=dispute.pk).update(
        created_at=timezone.make_aware(datetime(2026, 3, 2, 12))
    )
    for name in ("dispute_detail", "dispute_dossier"):
        page = client.get(
            reverse(f"agreements:{name}", kwargs={"dispute_id": dispute.uuid})
        ).content.decode()
        assert "buiten de indieningsperiode" in page
        assert "de minister beslist" in page


def test_dispute_form_warns_about_the_term_on_bad_input(world, client_for):
    agreement = make_agreement(world)
    client = client_for(world.users["editor"])
    url = reverse("agreements:dispute_create", kwargs={"agreement_id": agreement.uuid})
    response = client.post(url, {"organisation": world.gemeente.pk, "arose_on": "2026-01-10"})
    assert response.status_code == 400
    assert "de termijn liep af op 7 februari 2026" in response.content.decode()
