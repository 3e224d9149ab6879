"""Views through the test client, up to the final text: cycle, woonvisie, bod, agreement,
parties and commitment forms, bad input (400 with a Dutch message), who sees what, and
bounded query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from .. import services
from ..models import Agreement, Cycle
from .factories import make_agreement, make_cycle

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


def test_outsider_gets_404_everywhere(world, client_for):
    agreement = make_agreement(world)
    client = client_for(world.users["outsider"])
    assert client.get(agreement.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("agreements:pdf", kwargs={"agreement_id": agreement.uuid})).status_code
        == 404
    )


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
    # The werkplek: two paged lists (each with its count), what waits, the next dates.
    with django_assert_max_num_queries(13):
        assert client.get(reverse("agreements:index")).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(agreement.cycle.get_absolute_url()).status_code == 200


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
