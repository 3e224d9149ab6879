"""A region's page lists the regional agreements of the region that the visitor may read, in
a bounded number of queries whatever the number of agreements."""

import pytest
from django.urls import reverse

from driehoek.agreements import selectors, services
from driehoek.agreements.models import AgreementKind
from driehoek.organisations.models import OrganisationKind, Region
from driehoek.organisations.tests.factories import OrganisationFactory

from .factories import CycleFactory, make_agreement, make_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(world):
    region = Region.objects.create(name="Regio Rivierenland", slug="regio-rivierenland")
    neighbour = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Buurdorp")
    region.members.set([world.gemeente, neighbour])
    region.neighbour = neighbour
    return region


def _regional(cycle, title, parties):
    return services.agreement_create(
        actor=None,
        cycle=cycle,
        kind=AgreementKind.REGIONAL,
        title=title,
        period_start=2027,
        period_end=2030,
        parties=parties,
    )


def _page(client, region) -> str:
    response = client.get(reverse("organisations:region", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_region_page_lists_the_regional_agreements_the_visitor_may_read(
    world, region, client_for
):
    cycle = make_cycle(world)
    ours = _regional(cycle, "Regionale woonagenda", [world.gemeente, world.corporatie])
    other_corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
    theirs = _regional(
        CycleFactory(gemeente=region.neighbour),
        "Woonafspraken Buurdorp en omstreken",
        [region.neighbour, other_corporatie],
    )
    elsewhere = Region.objects.create(name="Regio Elders", slug="regio-elders")
    elsewhere.members.set([world.outside])
    _regional(
        CycleFactory(gemeente=world.outside),
        "Afspraak van een andere regio",
        [world.outside, other_corporatie],
    )
    make_agreement(world, cycle=cycle)  # not regional: not listed
    assert list(selectors.agreements_for_region(region)) == [ours, theirs]

    member = _page(client_for(world.users["viewer"]), region)
    assert "Regionale afspraken" in member
    assert f'href="{ours.get_absolute_url()}">Regionale woonagenda</a>' in member
    assert "Woonstichting Test" in member  # the parties
    # Not the agreements of the region the member's organisations are no party to.
    assert "Buurdorp en omstreken" not in member
    assert "andere regio" not in member and "Prestatieafspraken" not in member

    staff = _page(client_for(world.users["staff"]), region)
    assert "Regionale woonagenda" in staff and "Buurdorp en omstreken" in staff
    assert "andere regio" not in staff

    anonymous = _page(client_for(None), region)
    assert "Regionale woonagenda" not in anonymous
    assert "Log in om de regionale afspraken te zien" in anonymous
    assert reverse("publication:region", args=[region.slug]) in anonymous

    outsider = _page(client_for(world.users["outsider"]), region)
    assert "Regionale woonagenda" not in outsider
    assert "Geen van je organisaties doet mee" in outsider


@pytest.mark.parametrize("count", [2, 20])
def test_the_region_page_takes_the_same_few_queries_for_2_and_20_agreements(
    world, region, client_for, django_assert_max_num_queries, count
):
    cycle = make_cycle(world)
    for n in range(count):
        _regional(cycle, f"Regionale afspraak {n:02d}", [world.gemeente, world.corporatie])
    client = client_for(world.users["viewer"])
    client.get(reverse("organisations:region", args=[region.slug]))  # session and caches warm
    with django_assert_max_num_queries(8):
        html = _page(client, region)
    assert html.count("Regionale afspraak ") == count
