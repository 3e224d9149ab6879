"""Several gemeenten added to a work area at once (check boxes by province, a name filter),
removed one at a time; the work area's list pages by 50 and sorts on its page and on the
organisation's page."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.errors import ServiceError
from driehoek.core.models import AuditEvent
from driehoek.organisations import services
from driehoek.organisations.models import OrganisationKind, OrganisationStatus, Role, WorkArea

from .factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

PROVINCES = ["Utrecht", "Gelderland", "Zeeland"]


@pytest.fixture
def corp():
    return OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Woonstichting Thuis")


@pytest.fixture
def admin(corp):
    return MembershipFactory(organisation=corp, role=Role.ADMIN).user


def gemeente(name, **kw):
    return OrganisationFactory(kind=OrganisationKind.GEMEENTE, name=name, **kw)


def areas(corp):
    return sorted(
        WorkArea.objects.filter(organisation=corp).values_list("gemeente__name", flat=True)
    )


def add_url(corp):
    return reverse("organisations:work_area_add", args=[corp.slug])


def area_url(corp):
    return reverse("organisations:work_area", args=[corp.slug])


def fill(corp, n, start=0):
    """``n`` gemeenten in the work area, spread over three provinces, homes 0.. (one without)."""
    for i in range(start, start + n):
        g = gemeente(f"Werk {i:03d}", province=PROVINCES[i % 3], code=f"GM{i:04d}")
        WorkArea.objects.create(organisation=corp, gemeente=g, homes=None if i == 0 else i)


# The service -----------------------------------------------------------------------------


def test_three_at_once_in_one_event(corp, admin):
    a, b, c = gemeente("Amersfoort"), gemeente("Baarn"), gemeente("Zeist")
    added = services.work_area_add_many(actor=admin, organisation=corp, gemeenten=[c, a.pk, b])
    assert len(added) == 3
    assert areas(corp) == ["Amersfoort", "Baarn", "Zeist"]
    event = AuditEvent.objects.get()
    assert event.action == "organisations.work_area.added_several"
    assert event.organisation == corp
    assert event.data == {"added": "Amersfoort, Baarn, Zeist", "count": 3}
    assert WorkArea.objects.filter(organisation=corp, homes__isnull=True).count() == 3


@pytest.mark.parametrize(
    "name, message",
    [
        ("nothing", "Kies minstens één gemeente."),
        ("present", "Staat al in het werkgebied: Soest. Haal daar het vinkje weg"),
        ("historic", "Oud bestaat niet meer. Kies gemeenten die nu bestaan."),
        ("pending", "Wacht bestaat niet meer."),
        ("corporatie", "Kies gemeenten uit de lijst."),
        ("unknown", "Kies gemeenten uit de lijst."),
    ],
)
def test_refused_additions_change_nothing(corp, admin, name, message):
    soest = gemeente("Soest")
    WorkArea.objects.create(organisation=corp, gemeente=soest, homes=4)
    fine = gemeente("Baarn")
    extra = {
        "nothing": [],
        "present": [fine, soest],
        "historic": [fine, gemeente("Oud", is_current=False)],
        "pending": [fine, gemeente("Wacht", status=OrganisationStatus.PENDING)],
        "corporatie": [fine, OrganisationFactory(kind=OrganisationKind.CORPORATIE)],
        "unknown": [fine, 999999],
    }[name]
    with pytest.raises(ServiceError) as err:
        services.work_area_add_many(actor=admin, organisation=corp, gemeenten=extra)
    assert err.value.field == "gemeenten"
    assert message in str(err.value.message)
    assert areas(corp) == ["Soest"]
    assert not AuditEvent.objects.exists()


def test_only_administrators_and_staff(corp):
    g = gemeente("Baarn")
    for role in (Role.VIEWER, Role.EDITOR, Role.SIGNATORY):
        user = MembershipFactory(organisation=corp, role=role).user
        with pytest.raises(PermissionDenied):
            services.work_area_add_many(actor=user, organisation=corp, gemeenten=[g])
    with pytest.raises(PermissionDenied):  # a gemeente has no work area, not even for staff
        services.work_area_add_many(
            actor=UserFactory(is_staff=True), organisation=gemeente("Elders"), gemeenten=[g]
        )
    assert not WorkArea.objects.exists()
    services.work_area_add_many(actor=UserFactory(is_staff=True), organisation=corp, gemeenten=[g])
    assert areas(corp) == ["Baarn"]


# The page with the check boxes -----------------------------------------------------------


def test_the_check_boxes_by_province(client, corp, admin):
    WorkArea.objects.create(organisation=corp, gemeente=gemeente("Soest", province="Utrecht"))
    gemeente("Zeist", province="Utrecht")
    gemeente("Ede", province="Gelderland")
    gemeente("Weg", province="Utrecht", is_current=False)
    gemeente("Wacht", province="Utrecht", status=OrganisationStatus.PENDING)
    OrganisationFactory(kind=OrganisationKind.CORPORATIE, name="Corporatie Elders")
    client.force_login(admin)
    response = client.get(add_url(corp))
    assert response.status_code == 200
    html = response.content.decode()
    legends = re.findall(r"<legend[^>]*>([^<]+)</legend>", html)
    assert legends == ["Gemeenten om toe te voegen", "Gelderland", "Utrecht"]
    boxes = re.findall(r'<input type="checkbox" name="gemeenten"[^>]*>', html)
    assert len(boxes) == 2 and "Ede" in html and "Zeist" in html
    for absent in ("Soest", "Weg", "Wacht", "Corporatie Elders"):
        assert f"> {absent}</label>" not in html
    assert "js/work-area-pick.js" in html
    assert "Er is geen knop die het hele werkgebied leegmaakt." in html
    assert "<script>" not in html  # no inline script (CSP)


def test_the_name_filter_without_javascript(client, corp, admin):
    ede, zeist, amers = gemeente("Ede"), gemeente("Zeist"), gemeente("Amersfoort")
    client.force_login(admin)
    html = client.get(add_url(corp), {"q": "ZEI"}).content.decode()
    assert f'value="{zeist.pk}"' in html and f'value="{ede.pk}"' not in html
    assert "Hele lijst tonen" in html
    # The script sends the ticked ones along with a search: they stay on the list, ticked.
    html = client.get(add_url(corp), {"q": "zei", "gemeenten": [amers.pk]}).content.decode()
    assert re.search(rf'value="{amers.pk}"[^>]*checked', html)
    assert f'value="{ede.pk}"' not in html
    html = client.get(add_url(corp), {"q": "nergens"}).content.decode()
    assert "Niets gevonden met deze zoekterm." in html and 'name="gemeenten"' not in html


def test_add_three_at_once_through_the_page(client, corp, admin):
    picked = [gemeente("Amersfoort"), gemeente("Baarn"), gemeente("Zeist")]
    gemeente("Soest")
    client.force_login(admin)
    response = client.post(add_url(corp), {"gemeenten": [g.pk for g in picked]})
    assert response.status_code == 302 and response["Location"] == area_url(corp)
    assert areas(corp) == ["Amersfoort", "Baarn", "Zeist"]
    event = AuditEvent.objects.get(action="organisations.work_area.added_several")
    assert event.data["added"] == "Amersfoort, Baarn, Zeist" and event.actor == admin
    html = client.get(response["Location"]).content.decode()
    assert "3 gemeenten zijn toegevoegd aan het werkgebied." in html


def test_nothing_ticked_on_the_page(client, corp, admin):
    gemeente("Baarn")
    client.force_login(admin)
    response = client.post(add_url(corp), {})
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'id="id_gemeenten_error">(.*?)</div>', html, re.S)
    assert error and "Kies minstens één gemeente." in error.group(1)
    assert 'aria-describedby="id_gemeenten_helptext id_gemeenten_error"' in html
    assert not WorkArea.objects.exists() and not AuditEvent.objects.exists()


def test_already_present_refused_on_the_page(client, corp, admin):
    soest, baarn = gemeente("Soest"), gemeente("Baarn")
    WorkArea.objects.create(organisation=corp, gemeente=soest, homes=3)
    client.force_login(admin)
    response = client.post(add_url(corp), {"gemeenten": [baarn.pk, soest.pk]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Staat al in het werkgebied: Soest." in html
    assert re.search(rf'value="{baarn.pk}"[^>]*checked', html)  # the rest stays ticked
    assert areas(corp) == ["Soest"] and not AuditEvent.objects.exists()
    historic = gemeente("Oud", is_current=False)
    response = client.post(add_url(corp), {"gemeenten": [baarn.pk, historic.pk]})
    assert response.status_code == 400
    assert "Oud bestaat niet meer." in response.content.decode()
    response = client.post(add_url(corp), {"gemeenten": ["999999"]})
    assert response.status_code == 400 and 'id="id_gemeenten_error"' in response.content.decode()
    assert areas(corp) == ["Soest"]


@pytest.mark.parametrize(
    "role, status", [(Role.VIEWER, 403), (Role.EDITOR, 403), (Role.ADMIN, 302), ("staff", 302)]
)
def test_who_may_add_on_the_page(client, corp, role, status):
    g = gemeente("Baarn")
    if role == "staff":
        user = UserFactory(is_staff=True)
    else:
        user = MembershipFactory(organisation=corp, role=role).user
    client.force_login(user)
    assert client.get(add_url(corp)).status_code == (200 if status == 302 else 403)
    assert client.post(add_url(corp), {"gemeenten": [g.pk]}).status_code == status
    assert areas(corp) == (["Baarn"] if status == 302 else [])


def count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_the_picker_costs_the_same_for_5_and_170(client, corp, admin):
    for i in range(5):
        gemeente(f"Vrij {i:03d}", province=PROVINCES[i % 3])
    fill(corp, 5)
    client.force_login(admin)
    few = count_queries(client, add_url(corp))
    for i in range(5, 170):
        gemeente(f"Vrij {i:03d}", province=PROVINCES[i % 3])
    fill(corp, 165, start=5)
    many = count_queries(client, add_url(corp))
    assert few == many <= 8
    html = client.get(add_url(corp)).content.decode()
    assert html.count('name="gemeenten"') == 170


# The list, paged and sorted --------------------------------------------------------------


def rows(html) -> list[str]:
    return re.findall(r'<th scope="row"><a class="utrecht-link" href="[^"]+">([^<]+)</a>', html)


def test_the_work_area_page_pages_by_50_and_sorts(client, corp, admin):
    fill(corp, 5)
    client.force_login(admin)
    few = count_queries(client, area_url(corp))
    fill(corp, 165, start=5)
    assert count_queries(client, area_url(corp)) == few
    html = client.get(area_url(corp)).content.decode()
    assert rows(html)[:2] == ["Werk 000", "Werk 001"] and len(rows(html)) == 50
    assert html.count("/verwijderen/") == 50  # one remove link a row, nothing for all at once
    assert "1–50 van 170" in html
    html = client.get(area_url(corp), {"page": "4"}).content.decode()
    assert len(rows(html)) == 20 and rows(html)[-1] == "Werk 169"
    # Homes: the most first; the one without homes comes last ascending, first turned round.
    assert rows(client.get(area_url(corp), {"sort": "-homes"}).content.decode())[:2] == [
        "Werk 000",
        "Werk 169",
    ]
    html = client.get(area_url(corp), {"sort": "homes", "page": "4"}).content.decode()
    assert rows(html)[-1] == "Werk 000"
    assert rows(client.get(area_url(corp), {"sort": "province"}).content.decode())[:2] == [
        "Werk 001",
        "Werk 004",
    ]  # Gelderland first
    # After saving homes on page 2 the list comes back on page 2, same sort.
    g = WorkArea.objects.get(organisation=corp, gemeente__name="Werk 060").gemeente
    update = reverse("organisations:work_area_update", args=[corp.slug, g.pk])
    response = client.post(f"{update}?sort=province&page=2", {"homes": "7"})
    assert response["Location"] == f"{area_url(corp)}?sort=province&page=2"


def test_removing_stays_one_at_a_time_with_a_confirmation(client, corp, admin):
    fill(corp, 3)
    client.force_login(admin)
    html = client.get(area_url(corp)).content.decode()
    assert "er is geen knop die het hele werkgebied leegmaakt" in html
    assert 'name="gemeenten"' not in html  # no check boxes to remove several
    g = WorkArea.objects.filter(organisation=corp).first().gemeente
    remove = reverse("organisations:work_area_remove", args=[corp.slug, g.pk])
    assert "uit het werkgebied halen?" in client.get(f"{remove}?page=1").content.decode()
    assert len(areas(corp)) == 3
    assert client.post(f"{remove}?page=1")["Location"] == f"{area_url(corp)}?page=1"
    assert len(areas(corp)) == 2


def test_the_organisation_page_pages_the_work_area_by_50(client, corp):
    fill(corp, 5)
    few = count_queries(client, corp.get_absolute_url())
    fill(corp, 165, start=5)
    assert count_queries(client, corp.get_absolute_url()) == few
    html = client.get(corp.get_absolute_url()).content.decode()
    assert len(rows(html)) == 50 and "1–50 van 170" in html
    assert 'aria-sort="ascending"' in html
    html = client.get(corp.get_absolute_url(), {"sort": "-homes"}).content.decode()
    assert rows(html)[:2] == ["Werk 000", "Werk 169"]
    assert "<td>169</td>" in html
    html = client.get(corp.get_absolute_url(), {"page": "4"}).content.decode()
    assert len(rows(html)) == 20
