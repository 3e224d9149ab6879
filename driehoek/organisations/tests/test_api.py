import pytest
from django.db import connection

from driehoek.organisations.models import Organisation, OrganisationKind

from .factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orgs():
    now = OrganisationFactory(name="Gooise Meren", code="1942", province="Noord-Holland")
    OrganisationFactory(
        name="Bussum", code="0381", is_current=False, successor=now, province="Noord-Holland"
    )
    OrganisationFactory(
        name="Woonstichting X", kind=OrganisationKind.CORPORATIE, code="L0001", province=""
    )
    OrganisationFactory(name="Utrecht", code="0344", province="Utrecht")
    OrganisationFactory(name="In afwachting", kind=OrganisationKind.HUURDERS, status="pending")
    return now


def test_list_current_by_default_with_count(client, orgs):
    data = client.get("/api/v1/organisations").json()
    names = [o["name"] for o in data["results"]]
    assert data["count"] == 3
    assert "Bussum" not in names and "In afwachting" not in names


def test_historic_on_request_with_successor(client, orgs):
    data = client.get("/api/v1/organisations", {"include_historic": "true", "q": "bussum"}).json()
    assert data["count"] == 1
    assert data["results"][0]["successor"]["name"] == "Gooise Meren"
    assert data["results"][0]["is_current"] is False


def test_filters_and_pagination(client, orgs):
    data = client.get("/api/v1/organisations", {"kind": "gemeente", "province": "Utrecht"}).json()
    assert [o["name"] for o in data["results"]] == ["Utrecht"]
    page = client.get("/api/v1/organisations", {"page_size": 1, "page": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 1 and page["page"] == 2


def test_region_filter(client, orgs):
    region = RegionFactory()
    region.members.add(orgs)
    data = client.get("/api/v1/organisations", {"region": region.slug}).json()
    assert [o["name"] for o in data["results"]] == ["Gooise Meren"]
    assert client.get("/api/v1/organisations", {"region": "nergens"}).status_code == 404
    regions = client.get("/api/v1/regions").json()
    assert regions[0]["member_count"] == 1


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "kasteel"},
        {"page": "nul"},
        {"page": 0},
        {"page_size": 5000},
        {"province": "Atlantis"},
    ],
)
def test_malformed_filters_give_dutch_json_422(client, orgs, params):
    response = client.get("/api/v1/organisations", params)
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] and body["errors"]
    assert "Ongeldige" in body["detail"] or "moet" in body["detail"] or "mag" in body["detail"]


def test_unknown_organisation_is_404_json(client):
    response = client.get("/api/v1/organisations/bestaat-niet")
    assert response.status_code == 404
    assert response.json() == {"detail": "Niet gevonden."}


def test_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/organisations" in spec["paths"]


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_healthz_503_when_database_is_down(client, monkeypatch):
    from django.db.utils import OperationalError

    def broken(*args, **kwargs):
        raise OperationalError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_api_list_query_count_is_bounded(client, django_assert_max_num_queries):
    Organisation.objects.bulk_create(
        [
            Organisation(kind="gemeente", name=f"G{i}", slug=f"g{i}", successor=None)
            for i in range(150)
        ]
    )
    with django_assert_max_num_queries(3):
        assert client.get("/api/v1/organisations", {"page_size": 200}).status_code == 200
