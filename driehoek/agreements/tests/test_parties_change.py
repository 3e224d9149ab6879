"""Parties that change at any stage, several bods per agreement, regional agreements, the
next annual slice's year and the historic demo."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse

from driehoek.core.errors import ServiceError
from driehoek.core.permissions import may
from driehoek.organisations.models import OrganisationKind, Region
from driehoek.organisations.tests.factories import MembershipFactory, OrganisationFactory

from .. import (
    rules_recording,  # noqa: F401  (registers the rules)
    selectors,
    services,
)
from ..models import Agreement, AgreementKind, AgreementStatus, Theme
from ..services import cycles as cycle_services
from ..services import parties as party_services
from ..services import recording
from .factories import make_agreement, make_cycle, sign_ready
from .recording_walk import historic_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(clock):
    clock.travel_to("2026-03-15T10:00")


def _sent_bod(world, cycle, corporatie, title):
    editor = world.member(corporatie, "editor")
    bod = services.bod_create(actor=editor, cycle=cycle, corporaties=[corporatie], title=title)
    services.bod_line_add(actor=editor, bod=bod, theme=Theme.AVAILABILITY, description="x")
    services.bod_record_consultation(
        actor=editor, bod=bod, consulted_on=date(2026, 2, 1), note="ok"
    )
    return services.bod_send(actor=editor, bod=bod)


def test_a_late_corporatie_joins_the_cycle_and_the_agreement(world):
    cycle = make_cycle(world)
    agreement = make_agreement(world, cycle=cycle)
    newcomer = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Nieuw")
    admin = world.users["admin"]
    assert may(admin, "agreements.change_cycle_parties", cycle)
    assert not may(world.users["editor"], "agreements.change_cycle_parties", cycle)
    assert may(world.users["staff"], "agreements.change_cycle_parties", cycle)
    cycle_services.cycle_participant_add(actor=admin, cycle=cycle, organisation=newcomer)
    with pytest.raises(ServiceError, match="doet al mee"):
        cycle_services.cycle_participant_add(actor=admin, cycle=cycle, organisation=newcomer)
    services.agreement_party_add(actor=admin, agreement=agreement, organisation=newcomer)
    with pytest.raises(ServiceError, match="al partij"):
        services.agreement_party_add(actor=admin, agreement=agreement, organisation=newcomer)
    # In an agreement now: it cannot leave the cycle first.
    with pytest.raises(ServiceError, match="partij bij een afspraak"):
        cycle_services.cycle_participant_remove(actor=admin, cycle=cycle, organisation=newcomer)


def test_the_last_corporatie_cannot_leave_the_cycle(world):
    cycle = make_cycle(world)
    before = set(cycle.participants.values_list("pk", flat=True))
    with pytest.raises(ServiceError, match="laatste corporatie"):
        cycle_services.cycle_participant_remove(
            actor=None, cycle=cycle, organisation=world.corporatie
        )
    assert set(cycle.participants.values_list("pk", flat=True)) == before


def test_after_the_final_version_a_new_party_needs_reopening(world):
    agreement, _version = sign_ready(world)
    newcomer = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
    with pytest.raises(ServiceError, match="Heropen"):
        services.agreement_party_add(actor=None, agreement=agreement, organisation=newcomer)
    assert agreement.parties.count() == 3


def test_cycle_parties_page(world, client, django_assert_max_num_queries):
    cycle = make_cycle(world)
    newcomer = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Nieuwkomer")
    from driehoek.organisations.models import WorkArea

    WorkArea.objects.create(organisation=newcomer, gemeente=world.gemeente)
    client.force_login(world.users["admin"])
    url = reverse("agreements:cycle_parties", kwargs={"cycle_id": cycle.uuid})
    with django_assert_max_num_queries(25):
        page = client.get(url)
    assert "Nieuwkomer" in page.content.decode()
    assert client.post(url, {"organisation": newcomer.pk}).status_code == 302
    assert cycle.participants.filter(pk=newcomer.pk).exists()
    r = client.post(url, {"remove": world.corporatie.pk})
    assert r.status_code == 302  # the newcomer is a corporatie too
    r = client.post(url, {"remove": newcomer.pk})
    assert r.status_code == 400 and "laatste corporatie" in r.content.decode()


def test_an_agreement_answers_the_bods_of_each_corporatie(world, client):
    cycle = make_cycle(world)
    second = OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Tweede")
    MembershipFactory(organisation=second, role="editor")
    cycle.participants.add(second)
    bod1 = _sent_bod(world, cycle, world.corporatie, "Bod A")
    bod2 = _sent_bod(world, cycle, second, "Bod B")
    agreement = services.agreement_create(
        actor=None,
        cycle=cycle,
        kind=AgreementKind.FRAMEWORK,
        title="Samen",
        period_start=2027,
        period_end=2030,
        parties=[world.gemeente, world.corporatie, second],
        bod=bod1,
        bods=[bod2],
    )
    assert set(agreement.bods.all()) == {bod1, bod2}
    assert set(selectors.linked_bod_lines(agreement).values_list("bod_id", flat=True)) == {
        bod1.pk,
        bod2.pk,
    }
    draft = services.bod_create(actor=None, cycle=cycle, corporaties=[second], title="Concept")
    with pytest.raises(ServiceError, match="nog niet verstuurd"):
        recording.agreement_bods_set(actor=None, agreement=agreement, bods=[draft])
    assert set(agreement.bods.all()) == {bod1, bod2}
    client.force_login(world.users["editor"])
    url = reverse("agreements:agreement_bods", kwargs={"agreement_id": agreement.uuid})
    assert "Bod B" in client.get(url).content.decode()
    assert client.post(url, {"bods": [bod1.pk]}).status_code == 302
    assert list(agreement.bods.all()) == [bod1]


def test_regional_agreement_takes_the_gemeenten_of_a_region(world, client):
    cycle = make_cycle(world)
    region = Region.objects.create(name="Regio Test", slug="regio-test")
    neighbour = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Buurdorp")
    region.members.set([world.gemeente, neighbour])
    agreement = services.agreement_create(
        actor=None,
        cycle=cycle,
        kind=AgreementKind.REGIONAL,
        title="Regionaal",
        period_start=2027,
        period_end=2030,
        parties=[world.gemeente, world.corporatie],
    )
    client.force_login(world.users["editor"])
    url = reverse("agreements:agreement_region", kwargs={"agreement_id": agreement.uuid})
    assert client.get(url).status_code == 200
    assert client.post(url, {"region": region.pk}).status_code == 302
    assert agreement.parties.filter(organisation=neighbour).exists()
    assert list(selectors.agreements_for_region(region)) == [agreement]
    with pytest.raises(ServiceError, match="al partij"):
        party_services.agreement_region_add(actor=None, agreement=agreement, region=region)
    framework = make_agreement(world, cycle=cycle)
    with pytest.raises(ServiceError, match="regionale"):
        party_services.agreement_region_add(actor=None, agreement=framework, region=region)


def test_next_slice_year_follows_the_latest_slice(world):
    cycle = make_cycle(world)
    framework = make_agreement(world, cycle=cycle)
    assert selectors.next_slice_year(framework) == 2028
    for year in (2028, 2029):
        slice_cycle = make_cycle(world, year=year - 1) if year == 2029 else cycle
        services.agreement_create(
            actor=None,
            cycle=slice_cycle,
            kind=AgreementKind.ANNUAL,
            title=f"Jaarschijf {year}",
            period_start=year,
            period_end=year,
            parties=[world.gemeente, world.corporatie],
            parent=framework,
        )
    assert selectors.next_slice_year(framework) == 2030
    latest = Agreement.objects.get(title="Jaarschijf 2028")
    assert selectors.next_slice_year(latest) == 2030


def test_recording_rules(world):
    agreement = historic_agreement(world)
    staff, editor, viewer = (world.users[k] for k in ("staff", "editor", "viewer"))
    for name in ("agreements.record_past", "agreements.record_signature", "agreements.link_bods"):
        assert may(staff, name, agreement) and may(editor, name, agreement)
        assert not may(viewer, name, agreement)
    assert not may(editor, "agreements.record_submission", agreement)  # not concluded
    assert may(world.users["outsider"], "agreements.record_agreement")
    assert not may(viewer, "agreements.record_agreement")
    assert agreement.status == AgreementStatus.SIGNING


def test_historic_demo_loads_twice():
    from driehoek.organisations import demo as org_demo

    from .. import demo_history

    org_demo.load(io.StringIO())
    demo_history.load(io.StringIO())
    demo_history.load(io.StringIO())
    agreement = Agreement.objects.get(title=demo_history.TITLE)
    assert agreement.status == AgreementStatus.SUBMITTED
    assert agreement.source_document and not agreement.submission_is_late
    assert agreement.versions.get().signatures.count() == 3
