"""Views through the test client: forms, bad input (400 with a Dutch message), signing,
downloads and bounded query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from .. import services
from ..models import Agreement, AgreementStatus, Cycle, Signature
from .factories import all_ready, make_agreement, make_cycle, sign_ready

pytestmark = pytest.mark.django_db


def test_cycle_create_and_bad_dates(world, client_for):
    client = client_for(world.users["editor"])
    url = reverse("agreements:cycle_create")
    response = client.post(
        url,
        {
            "gemeente": world.gemeente.pk,
            "year": 2027,
            "bod_due": "2027-07-01",
            "submission_due": "2027-03-01",
        },
    )
    assert response.status_code == 400
    assert (
        "De datum van indiening moet na de datum van het bod liggen." in response.content.decode()
    )
    assert not Cycle.objects.exists()
    response = client.post(url, {"gemeente": world.gemeente.pk, "year": 2027})
    assert response.status_code == 302
    cycle = Cycle.objects.get()
    assert cycle.submission_due == date(2027, 12, 15)
    page = client.get(cycle.get_absolute_url())
    assert page.status_code == 200
    assert "woonvisie" in page.content.decode().lower()


def test_woonvisie_warning_on_cycle_page(world, client_for):
    cycle = make_cycle(world)
    content = client_for(world.users["viewer"]).get(cycle.get_absolute_url()).content.decode()
    assert "utrecht-alert--warning" in content and "44b" in content


def test_commitment_form_rejects_negative_and_text_targets(world, client_for):
    agreement = make_agreement(world, commitments=0)
    client = client_for(world.users["editor"])
    url = reverse("agreements:commitment_create", kwargs={"agreement_id": agreement.uuid})
    data = {
        "theme": "betaalbaarheid",
        "kind": "result",
        "title": "Passend toewijzen",
        "responsible": world.corporatie.pk,
        "target_2027": "-5",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Een negatief getal is hier niet mogelijk." in response.content.decode()
    response = client.post(url, {**data, "target_2027": "veel"})
    assert response.status_code == 400
    assert not agreement.commitments.exists()
    response = client.post(url, {**data, "target_2027": "95"})
    assert response.status_code == 302
    assert agreement.commitments.get().targets.get().year == 2027


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
    response = client.post(
        url, {"organisation": world.gemeente.pk, "decision": "signed", "signer_name": "Wethouder"}
    )
    assert response.status_code == 302
    response = client.post(url, {"organisation": world.gemeente.pk, "decision": "signed"})
    assert response.status_code == 400
    assert "heeft deze versie al ondertekend of geweigerd" in response.content.decode()
    assert Signature.objects.count() == 1
    assert (
        client_for(world.users["editor"]).post(url, {"organisation": world.gemeente.pk}).status_code
        == 403
    )


def test_outsider_gets_404_everywhere(world, client_for):
    agreement = make_agreement(world)
    client = client_for(world.users["outsider"])
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("agreements:pdf", kwargs={"agreement_id": agreement.uuid})).status_code
        == 404
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


def test_compare_marks_changes(world, client_for):
    agreement = make_agreement(world)
    services.version_freeze(actor=None, agreement=agreement)
    clause = agreement.clauses.first()
    services.clause_save(
        actor=None, agreement=agreement, clause=clause, title=clause.title, text="Heel andere tekst"
    )
    services.version_freeze(actor=None, agreement=agreement)
    url = (
        reverse("agreements:version_compare", kwargs={"agreement_id": agreement.uuid}) + "?a=1&b=2"
    )
    content = client_for(world.users["viewer"]).get(url).content.decode()
    assert "<ins>" in content and "<del>" in content and "Gewijzigd" in content


def test_bod_send_via_views(world, client_for):
    cycle = make_cycle(world)
    corp = world.member(world.corporatie, "editor")
    client = client_for(corp)
    response = client.post(
        reverse("agreements:bod_create", kwargs={"cycle_id": cycle.uuid}),
        {"title": "Bod 2027", "corporaties": [world.corporatie.pk]},
    )
    assert response.status_code == 302
    bod = cycle.bods.get()
    send = reverse("agreements:bod_send", kwargs={"bod_id": bod.uuid})
    response = client.post(send, {})
    assert response.status_code == 400
    assert "43" in response.content.decode()
    # the gemeente does not see a draft bod
    assert client_for(world.users["viewer"]).get(bod.get_absolute_url()).status_code == 404


def test_demo_flag_shows_banner(world, client_for):
    world.gemeente.is_demo = True
    world.gemeente.save()
    agreement = make_agreement(world)
    content = client_for(world.users["viewer"]).get(agreement.get_absolute_url()).content.decode()
    assert "dh-demo-banner" in content


@pytest.mark.parametrize("n", [3, 60])
def test_query_counts_are_bounded(world, client_for, django_assert_max_num_queries, n):
    agreement = make_agreement(world, commitments=n)
    for c in agreement.commitments.all()[:5]:
        services.comment_add(
            actor=None, agreement=agreement, organisation=world.huurders, text="x", commitment=c
        )
        services.position_set(
            actor=None,
            agreement=agreement,
            organisation=world.huurders,
            stance="open",
            commitment=c,
        )
    client = client_for(world.users["viewer"])
    with django_assert_max_num_queries(25):
        assert client.get(agreement.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("agreements:index")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(agreement.cycle.get_absolute_url()).status_code == 200


def test_annual_slice_via_view(world, client_for):
    agreement = make_agreement(world)
    client = client_for(world.users["editor"])
    response = client.post(
        reverse("agreements:next_slice", kwargs={"agreement_id": agreement.uuid}), {}
    )
    assert response.status_code == 302
    new = Agreement.objects.exclude(pk=agreement.pk).get()
    assert new.parent == agreement and new.status == AgreementStatus.DRAFT


def test_regional_agreement_with_two_gemeenten(world, client_for):
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory, RegionFactory

    neighbour = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Buurdorp")
    region = RegionFactory()
    region.members.set([world.gemeente, neighbour])
    cycle = make_cycle(world)
    client = client_for(world.users["editor"])
    url = reverse("agreements:agreement_create", kwargs={"cycle_id": cycle.uuid})
    assert "Gemeente Buurdorp" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "regionaal",
            "title": "Regionale afspraken",
            "period_start": 2027,
            "period_end": 2030,
            "parties": [world.gemeente.pk, neighbour.pk, world.corporatie.pk, world.huurders.pk],
        },
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.parties.count() == 4
    assert [p.must_sign for p in agreement.parties.select_related("organisation")].count(True) == 3


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


def test_woonvisie_upload_is_only_for_parties(world, client_for, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    cycle = make_cycle(world)
    client = client_for(world.users["editor"])
    url = reverse("agreements:woonvisie_create", kwargs={"cycle_id": cycle.uuid})
    data = {
        "title": "Woonvisie",
        "adopted_on": "2025-02-01",
        "period_start": 2025,
        "period_end": 2029,
    }
    bad = client.post(url, {**data, "document": SimpleUploadedFile("visie.exe", b"MZ")})
    assert bad.status_code == 400
    response = client.post(
        url, {**data, "document": SimpleUploadedFile("visie.pdf", b"%PDF-1.4 x")}
    )
    assert response.status_code == 302
    from ..models import Woonvisie

    woonvisie = Woonvisie.objects.get()
    doc = reverse("agreements:woonvisie_document", kwargs={"woonvisie_id": woonvisie.uuid})
    assert b"".join(client_for(world.users["viewer"]).get(doc).streaming_content).startswith(
        b"%PDF"
    )
    assert client_for(world.users["outsider"]).get(doc).status_code == 404


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


def test_agreement_needs_own_organisation_as_party(world, client_for):
    cycle = make_cycle(world)
    client = client_for(world.users["editor"])
    url = reverse("agreements:agreement_create", kwargs={"cycle_id": cycle.uuid})
    response = client.post(
        url,
        {
            "kind": "kader",
            "title": "Zonder gemeente",
            "period_start": 2027,
            "period_end": 2028,
            "parties": [world.corporatie.pk, world.huurders.pk],
        },
    )
    assert response.status_code == 400
    assert "Je eigen organisatie moet een van de partijen zijn." in response.content.decode()
    assert not Agreement.objects.exists()


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
    assert "Indieningspakket verstuurd naar de huurdersorganisaties" in page
    response = client.get(reverse("agreements:package", kwargs={"agreement_id": agreement.uuid}))
    with zipfile.ZipFile(io.BytesIO(response.content)) as zf:
        sent = zf.read("verzending.csv").decode("utf-8-sig")
    assert "de gemeenten" in sent and "niet vastgelegd" not in sent


def test_regional_party_sees_the_cycle_but_does_not_act_in_it(world, client_for):
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory

    neighbour = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Buurdorp")
    cycle = make_cycle(world)
    services.woonvisie_create(
        actor=None,
        gemeente=world.gemeente,
        title="Woonvisie Testdorp",
        adopted_on=date(2024, 3, 1),
        period_start=2024,
        period_end=2028,
    )
    agreement = services.agreement_create(
        actor=None,
        cycle=cycle,
        kind="regionaal",
        title="Regionale afspraken",
        period_start=2027,
        period_end=2030,
        parties=[world.gemeente, neighbour, world.corporatie],
    )
    client = client_for(world.member(neighbour, "editor"))
    page = client.get(agreement.get_absolute_url()).content.decode()
    cycle_url = cycle.get_absolute_url()
    assert cycle_url in page
    response = client.get(cycle_url)
    assert response.status_code == 200
    assert "Regionale afspraken" in response.content.decode()
    woonvisie = cycle.gemeente.woonvisies.get()
    assert client.get(woonvisie.get_absolute_url()).status_code == 200
    assert cycle_url in client.get(reverse("agreements:index")).content.decode()
    # Reading is not acting: the neighbour does not edit the other gemeente's cycle.
    kw = {"cycle_id": cycle.uuid}
    assert client.get(reverse("agreements:cycle_edit", kwargs=kw)).status_code == 403
    assert client.get(reverse("agreements:agreement_create", kwargs=kw)).status_code == 403
    # Someone outside every agreement of the cycle still gets 404.
    assert client_for(world.users["outsider"]).get(cycle_url).status_code == 404


def test_parties_page_adds_and_refuses_removal_with_commitments(world, client_for):
    from driehoek.organisations.models import OrganisationKind
    from driehoek.organisations.tests.factories import OrganisationFactory

    second = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Twee")
    cycle = make_cycle(world)
    cycle.participants.add(second)
    agreement = make_agreement(world, cycle=cycle)
    client = client_for(world.users["editor"])
    url = reverse("agreements:parties", kwargs={"agreement_id": agreement.uuid})
    assert "Woonstichting Twee" in client.get(url).content.decode()
    assert client.post(url, {"organisation": world.outside.pk}).status_code == 400
    assert client.post(url, {"organisation": second.pk}).status_code == 302
    assert agreement.parties.filter(organisation=second).exists()
    party = agreement.parties.get(organisation=world.corporatie)
    remove = reverse(
        "agreements:party_remove", kwargs={"agreement_id": agreement.uuid, "pk": party.pk}
    )
    response = client.post(remove, {})
    assert response.status_code == 400
    assert "A2027-001" in response.content.decode()
    assert agreement.parties.filter(organisation=world.corporatie).exists()
    viewer = client_for(world.users["viewer"])
    assert viewer.post(url, {"organisation": second.pk}).status_code == 403


def test_dispute_outside_window_or_term_is_recorded_with_a_warning(world, client_for):
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
    assert "de termijn liep af op 07-02-2026" in page
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
    assert "de termijn liep af op 07-02-2026" in response.content.decode()
