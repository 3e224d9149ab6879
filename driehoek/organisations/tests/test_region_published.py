"""A region's page lists the region's published regional agreements to every visitor (title,
period, gemeenten, a link to the public page) in the same number of queries for 2 or 20; an
agreement that is not published shows only to those who may read it, in their own list."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.agreements.models import Agreement, AgreementKind
from driehoek.organisations.models import OrganisationKind, Region
from driehoek.organisations.tests.factories import OrganisationFactory
from driehoek.publication.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(world):
    region = Region.objects.create(name="Regio Rivierenland", slug="regio-rivierenland")
    region.neighbour = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Buurdorp")
    region.members.set([world.gemeente, region.neighbour])
    return region


def _regional(world, title, *, gemeente=None, others=None, signed=True, published=True):
    others = [world.corporatie] if others is None else others
    a = f.agreement(gemeente=gemeente or world.gemeente, others=others, title=title)
    Agreement.objects.filter(pk=a.pk).update(kind=AgreementKind.REGIONAL)
    a.refresh_from_db()
    if signed:
        f.sign(a)
    if published:
        assert f.publish(a) is not None
    return a


def _page(client, region) -> str:
    response = client.get(reverse("organisations:region", args=[region.slug]))
    assert response.status_code == 200
    return response.content.decode()


def _public_link(a) -> str:
    url = reverse("publication:agreement", kwargs={"agreement_id": a.uuid})
    return f'<a class="utrecht-link" href="{url}">{a.title}</a>'


def test_everyone_sees_the_published_regional_agreements_and_only_those(world, region, client_for):
    public = _regional(world, "Regionale woonagenda", others=[region.neighbour, world.corporatie])
    draft = _regional(world, "Concept regionale afspraak", signed=False, published=False)
    unpublished = _regional(world, "Getekend maar niet openbaar", published=False)
    f.published(gemeente=world.gemeente, others=[world.corporatie], title="Gewone afspraak")
    elsewhere = Region.objects.create(name="Regio Elders", slug="regio-elders")
    elsewhere.members.set([world.outside])
    _regional(world, "Afspraak van een andere regio", gemeente=world.outside)

    no_membership = UserFactory()
    for who in (None, world.users["outsider"], no_membership, world.users["viewer"]):
        html = _page(client_for(who), region)
        published = html.split('id="published-regional-heading"', 1)[1].split("</section>")[0]
        assert _public_link(public) in published
        assert "<td>2025–2027</td><td>Gemeente Buurdorp, Gemeente Testdorp</td>" in published
        assert "Woonstichting Test" not in published  # gemeenten only
        for hidden in ("Gewone afspraak", "andere regio", draft.title, unpublished.title):
            assert hidden not in published
        if who is not world.users["viewer"]:
            # Nothing that is not published reaches a visitor who may not read it.
            assert draft.title not in html and unpublished.title not in html
        assert reverse("publication:region", args=[region.slug]) in html

    # A member keeps its own list (the internal pages), published or not.
    member = _page(client_for(world.users["viewer"]), region)
    own = member.split('id="regional-agreements-heading"', 1)[1].split("</section>")[0]
    for a in (public, draft, unpublished):
        assert f'href="{a.get_absolute_url()}">{a.title}</a>' in own
    anonymous = _page(client_for(None), region)
    assert "Log in om de regionale afspraken te zien" in anonymous
    assert 'id="regional-agreements-heading"' not in _page(client_for(no_membership), region)


def test_no_published_regional_agreement_yet(world, region, client_for):
    _regional(world, "Concept regionale afspraak", signed=False, published=False)
    html = _page(client_for(None), region)
    assert "Er is nog geen regionale afspraak van deze regio gepubliceerd." in html
    assert "Concept regionale afspraak" not in html


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "viewer"])
def test_the_same_number_of_queries_for_2_and_20_published_agreements(
    world, region, client_for, django_assert_num_queries, persona
):
    client = client_for(None if persona == "anonymous" else world.users[persona])
    for n in range(2):
        _regional(world, f"Regionale afspraak {n:02d}", others=[region.neighbour])
    _page(client, region)  # session and caches warm
    with CaptureQueriesContext(connection) as two:
        assert _page(client, region).count("Regionale afspraak ") >= 2
    for n in range(2, 20):
        _regional(world, f"Regionale afspraak {n:02d}", others=[region.neighbour])
    with django_assert_num_queries(len(two.captured_queries)):
        html = _page(client, region)
    published = html.split('id="published-regional-heading"', 1)[1].split("</section>")[0]
    assert published.count("Regionale afspraak ") == 20
