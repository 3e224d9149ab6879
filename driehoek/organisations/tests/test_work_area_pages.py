"""The work area and a region's members, kept one gemeente at a time."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.organisations import services
from driehoek.organisations.models import OrganisationKind, Role, WorkArea

from .factories import MembershipFactory, OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def corp():
    return OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Thuis")


@pytest.fixture
def admin(corp):
    return MembershipFactory(organisation=corp, role=Role.ADMIN).user


def gemeente(name, **kw):
    return OrganisationFactory(kind=OrganisationKind.GEMEENTE, name=name, **kw)


def areas(corp):
    return sorted(WorkArea.objects.filter(organisation=corp).values_list("gemeente__name", "homes"))


def test_services_add_update_remove(corp, admin):
    g = gemeente("Utrecht")
    services.work_area_add(actor=admin, organisation=corp, gemeente=g, homes=120)
    services.work_area_update(actor=admin, organisation=corp, gemeente=g.pk, homes=130)
    assert areas(corp) == [("Utrecht", 130)]
    services.work_area_remove(actor=admin, organisation=corp, gemeente=g)
    assert areas(corp) == []
    assert list(
        AuditEvent.objects.filter(organisation=corp).order_by("pk").values_list("action", flat=True)
    ) == [
        "organisations.work_area.added",
        "organisations.work_area.homes_changed",
        "organisations.work_area.removed",
    ]


@pytest.mark.parametrize("name", ["unknown", "historic", "corporatie", "duplicate", "negative"])
def test_bad_additions_change_nothing(corp, admin, name):
    g = gemeente("Zeist")
    WorkArea.objects.create(organisation=corp, gemeente=g, homes=5)
    gemeente_arg, homes, field = {
        "unknown": (999999, None, "gemeente"),
        "historic": (gemeente("Weg", is_current=False), None, "gemeente"),
        "corporatie": (OrganisationFactory(kind=OrganisationKind.CORPORATIE), None, "gemeente"),
        "duplicate": (g, 3, "gemeente"),
        "negative": (gemeente("Bunnik"), -1, "homes"),
    }[name]
    with pytest.raises(ServiceError) as err:
        services.work_area_add(actor=admin, organisation=corp, gemeente=gemeente_arg, homes=homes)
    assert err.value.field == field
    assert areas(corp) == [("Zeist", 5)]
    assert not AuditEvent.objects.exists()


def test_bad_update_and_remove_change_nothing(corp, admin):
    g, other = gemeente("Zeist"), gemeente("Elders")
    WorkArea.objects.create(organisation=corp, gemeente=g, homes=5)
    with pytest.raises(ServiceError) as err:
        services.work_area_update(actor=admin, organisation=corp, gemeente=g, homes=-3)
    assert err.value.field == "homes"
    for missing in (other, other.pk, 999999):
        with pytest.raises(ServiceError):
            services.work_area_remove(actor=admin, organisation=corp, gemeente=missing)
        with pytest.raises(ServiceError):
            services.work_area_update(actor=admin, organisation=corp, gemeente=missing, homes=1)
    assert str(err.value.message) == "Het aantal woningen kan niet negatief zijn."
    assert areas(corp) == [("Zeist", 5)]


def test_weaker_roles_and_gemeenten_are_refused(corp):
    viewer = MembershipFactory(organisation=corp, role=Role.EDITOR).user
    with pytest.raises(PermissionDenied):
        services.work_area_add(actor=viewer, organisation=corp, gemeente=gemeente("G"))
    g = gemeente("H")
    staff = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        services.work_area_add(actor=staff, organisation=g, gemeente=gemeente("I"))
    assert not WorkArea.objects.exists()


def test_the_page(client, corp, admin, django_assert_max_num_queries):
    for i in range(30):
        g = gemeente(f"Gemeente {i:02d}")
        WorkArea.objects.create(organisation=corp, gemeente=g, homes=i)
    gemeente("Amersfoort")
    gemeente("Amsterdam")
    client.force_login(admin)
    url = reverse("organisations:work_area", args=[corp.slug])
    assert "Werkgebied wijzigen" in client.get(corp.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(10):
        response = client.get(url)
    html = response.content.decode()
    assert "Gemeente 29" in html and 'value="29"' in html
    # Every row has its own remove button; no multiple select anywhere.
    assert html.count("/verwijderen/") == 30
    assert "multiple" not in html
    # The search narrows what can be added.
    html = client.get(url, {"q": "amer"}).content.decode()
    assert "Amersfoort" in html and "Amsterdam" not in html


def test_add_update_and_remove_through_the_page(client, corp, admin):
    g, h = gemeente("Amersfoort"), gemeente("Soest")
    WorkArea.objects.create(organisation=corp, gemeente=h, homes=1)
    client.force_login(admin)
    url = reverse("organisations:work_area", args=[corp.slug])
    assert client.post(url, {"gemeente": g.pk, "homes": "250"}).status_code == 302
    assert areas(corp) == [("Amersfoort", 250), ("Soest", 1)]
    update = reverse("organisations:work_area_update", args=[corp.slug, g.pk])
    assert client.post(update, {"homes": "260"}).status_code == 302
    assert areas(corp) == [("Amersfoort", 260), ("Soest", 1)]
    remove = reverse("organisations:work_area_remove", args=[corp.slug, g.pk])
    html = client.get(remove).content.decode()
    assert "Amersfoort uit het werkgebied halen?" in html
    assert areas(corp) == [("Amersfoort", 260), ("Soest", 1)]  # asking changes nothing
    assert client.post(remove).status_code == 302
    assert areas(corp) == [("Soest", 1)]


@pytest.mark.parametrize("name", ["unknown", "historic", "duplicate", "negative", "empty"])
def test_bad_additions_on_the_page(client, corp, admin, name):
    h = gemeente("Soest")
    WorkArea.objects.create(organisation=corp, gemeente=h, homes=1)
    data, field = {
        "unknown": ({"gemeente": "999999"}, "gemeente"),
        "historic": ({"gemeente": gemeente("Weg", is_current=False).pk}, "gemeente"),
        "duplicate": ({"gemeente": h.pk}, "gemeente"),
        "negative": ({"gemeente": gemeente("Baarn").pk, "homes": "-5"}, "homes"),
        "empty": ({}, "gemeente"),
    }[name]
    client.force_login(admin)
    response = client.post(reverse("organisations:work_area", args=[corp.slug]), data)
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in response.content.decode()
    assert areas(corp) == [("Soest", 1)]


def test_bad_update_and_remove_on_the_page(client, corp, admin):
    h = gemeente("Soest")
    WorkArea.objects.create(organisation=corp, gemeente=h, homes=1)
    client.force_login(admin)
    response = client.post(
        reverse("organisations:work_area_update", args=[corp.slug, h.pk]),
        {"homes": "-1"},
        follow=True,
    )
    assert "Het aantal woningen kan niet negatief zijn." in response.content.decode()
    client.post(reverse("organisations:work_area_update", args=[corp.slug, h.pk]), {"homes": "x"})
    response = client.post(
        reverse("organisations:work_area_remove", args=[corp.slug, 999999]), follow=True
    )
    assert "Deze gemeente staat niet in het werkgebied." in response.content.decode()
    assert areas(corp) == [("Soest", 1)]


def test_the_edit_page_offers_the_list_only_for_an_empty_work_area(client, corp, admin):
    g = gemeente("Soest")
    WorkArea.objects.create(organisation=corp, gemeente=g, homes=1)
    client.force_login(admin)
    url = reverse("organisations:edit", args=[corp.slug])
    html = client.get(url).content.decode()
    assert 'name="gemeenten"' not in html and "Werkgebied wijzigen" in html
    # Saving the details leaves the work area as it is.
    response = client.post(url, {"description": "Wij verhuren.", "website": "", "email": ""})
    assert response.status_code == 302
    assert areas(corp) == [("Soest", 1)]


def test_region_members_one_at_a_time(client, django_assert_max_num_queries):
    region = RegionFactory()
    members = [gemeente(f"Lid {i:02d}") for i in range(20)]
    region.members.add(*members)
    new, other = gemeente("Nieuwegein"), gemeente("Houten")
    client.force_login(UserFactory(is_staff=True))
    with django_assert_max_num_queries(12):
        html = client.get(region.get_absolute_url()).content.decode()
    assert html.count("/verwijderen/") == 20 and "multiple" not in html
    html = client.get(region.get_absolute_url(), {"q": "nieuw"}).content.decode()
    assert f'value="{new.pk}"' in html and f'value="{other.pk}"' not in html
    assert (
        client.post(region.get_absolute_url(), {"members": [new.pk, other.pk]}).status_code == 302
    )
    assert region.members.count() == 22
    remove = reverse("organisations:region_member_remove", args=[region.slug, new.pk])
    assert "Nieuwegein uit de regio halen?" in client.get(remove).content.decode()
    assert client.post(remove).status_code == 302
    assert not region.members.filter(pk=new.pk).exists()
    # Refused, nothing changes: an empty choice, a historic gemeente, a non-member removed.
    gone = gemeente("Weg", is_current=False)
    for data in ({}, {"members": [gone.pk]}):
        response = client.post(region.get_absolute_url(), data)
        assert response.status_code == 400
        assert 'id="id_members_error"' in response.content.decode()
    client.post(reverse("organisations:region_member_remove", args=[region.slug, new.pk]))
    assert region.members.count() == 21


def test_region_member_services_refuse(client):
    region = RegionFactory()
    staff = UserFactory(is_staff=True)
    with pytest.raises(ServiceError):
        services.region_member_remove(actor=staff, region=region, gemeente=gemeente("X"))
    with pytest.raises(ServiceError):
        services.region_members_add(
            actor=staff, region=region, gemeenten=[OrganisationFactory(kind="woningcorporatie")]
        )
    with pytest.raises(PermissionDenied):
        services.region_members_add(actor=UserFactory(), region=region, gemeenten=[gemeente("Y")])
    assert not region.members.exists()
