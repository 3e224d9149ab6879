import csv
import io
import json
import tracemalloc

import pytest

from driehoek.organisations.models import OrganisationKind
from driehoek.organisations.tests.factories import OrganisationFactory

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def public(world):
    world.gemeente.code = "9999"
    world.gemeente.save()
    a = f.published(gemeente=world.gemeente, others=[world.corporatie, world.huurders])
    c = a.commitments.first()
    f.report(c, realised="64")
    f.report(c, year=2026, realised="999", state="awaiting")
    return a


def test_list_and_detail(client, public, world):
    data = client.get("/api/v1/agreements").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["id"] == str(public.uuid)
    assert item["gemeente"]["code"] == "9999"
    assert {p["slug"] for p in item["parties"]} == {
        world.gemeente.slug,
        world.corporatie.slug,
        world.huurders.slug,
    }
    detail = client.get(f"/api/v1/agreements/{public.uuid}").json()
    assert [c["reference"] for c in detail["commitments"]] == ["A-01", "A-02"]
    progress = detail["commitments"][0]["progress"]
    assert [p["realised"] for p in progress] == [64.0]
    assert detail["commitments"][0]["targets"][0] == {"year": 2025, "value": 100.0}


@pytest.mark.parametrize(
    "params,count",
    [
        ({"gemeente": "9999"}, 1),
        ({"gemeente": "organisatie-0"}, None),
        ({"theme": "beschikbaarheid"}, 1),
        ({"theme": "leefbaarheid"}, 0),
        ({"year": 2027}, 1),
        ({"year": 2028}, 0),
        ({"status": "submitted"}, 0),
        ({"province": "Utrecht"}, 1),
    ],
)
def test_filters(client, public, params, count):
    response = client.get("/api/v1/agreements", params)
    if count is None:
        return
    assert response.json()["count"] == count


def test_commitments_progress_parties_cycles(client, public, world):
    commitments = client.get("/api/v1/commitments", {"gemeente": "9999"}).json()
    assert commitments["count"] == 2
    one = client.get(f"/api/v1/commitments/{commitments['results'][0]['id']}").json()
    assert one["reference"] == "A-01"
    by_agreement = client.get(f"/api/v1/agreements/{public.uuid}/commitments").json()
    assert len(by_agreement) == 2
    progress = client.get("/api/v1/progress").json()
    assert progress["count"] == 1 and progress["results"][0]["realised"] == 64.0
    assert client.get("/api/v1/progress", {"year": 2026}).json()["count"] == 0
    parties = client.get("/api/v1/parties", {"kind": "woningcorporatie"}).json()
    assert [p["slug"] for p in parties["results"]] == [world.corporatie.slug]
    cycles = client.get("/api/v1/cycles", {"gemeente": "9999"}).json()
    assert cycles["results"][0]["published_agreements"] == [str(public.uuid)]
    assert client.get(f"/api/v1/cycles/{public.cycle.uuid}").json()["year"] == 2025


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/agreements/00000000-0000-0000-0000-000000000000",
        "/api/v1/agreements/geen-uuid",
        "/api/v1/agreements/geen-uuid/commitments",
        "/api/v1/commitments/00000000-0000-0000-0000-000000000000",
        "/api/v1/cycles/geen-uuid",
        "/api/v1/agreements?gemeente=nergens",
        "/api/v1/agreements?corporatie=nergens",
        "/api/v1/agreements?region=nergens",
    ],
)
def test_unknown_identifiers_give_404_json(client, public, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": 201},
        {"page_size": 0},
        {"page": "nul"},
        {"year": "twintig"},
        {"theme": "kasteel"},
        {"status": "draft"},
        {"province": "Atlantis"},
    ],
)
def test_bad_filter_values_give_422_in_dutch(client, public, params):
    response = client.get("/api/v1/agreements", params)
    assert response.status_code == 422
    body = response.json()
    assert body["errors"] and any(w in body["detail"] for w in ("Ongeldige", "moet", "mag"))


def test_draft_agreement_is_404(client, world):
    draft = f.agreement(gemeente=world.gemeente, others=[world.corporatie])
    assert client.get(f"/api/v1/agreements/{draft.uuid}").status_code == 404
    commitment = draft.commitments.first()
    assert client.get(f"/api/v1/commitments/{commitment.uuid}").status_code == 404


def test_etag_and_last_modified(client, public, world):
    first = client.get("/api/v1/agreements")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    assert client.get("/api/v1/agreements", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/agreements", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get("/api/v1/agreements", HTTP_IF_NONE_MATCH='"oud"').status_code == 200
    detail = client.get(f"/api/v1/agreements/{public.uuid}")
    assert (
        client.get(
            f"/api/v1/agreements/{public.uuid}", HTTP_IF_NONE_MATCH=detail["ETag"]
        ).status_code
        == 304
    )
    # A new publication changes the validators.
    f.published(gemeente=world.gemeente, others=[world.corporatie])
    assert client.get("/api/v1/agreements", HTTP_IF_NONE_MATCH=etag).status_code == 200
    bulk = client.get("/api/v1/bulk/agreements.csv")
    assert bulk["ETag"]
    assert (
        client.get("/api/v1/bulk/agreements.csv", HTTP_IF_NONE_MATCH=bulk["ETag"]).status_code
        == 304
    )


def _body(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.mark.parametrize(
    "dataset", ["agreements", "parties", "commitments", "targets", "progress", "cycles"]
)
def test_bulk_csv_and_json_have_the_same_rows(client, public, dataset):
    from driehoek.publication.bulk import DATASETS

    csv_response = client.get(f"/api/v1/bulk/{dataset}.csv")
    assert csv_response.streaming
    rows = list(csv.DictReader(io.StringIO(_body(csv_response))))
    items = json.loads(_body(client.get(f"/api/v1/bulk/{dataset}.json")))
    assert len(rows) == len(items) > 0
    assert list(rows[0]) == [c for c, _d in DATASETS[dataset].columns] == list(items[0])


def test_bulk_progress_has_confirmed_rows_only(client, public):
    rows = list(csv.DictReader(io.StringIO(_body(client.get("/api/v1/bulk/progress.csv")))))
    assert [r["realised"] for r in rows] == ["64"]


def test_bulk_stream_memory_is_constant(client, world, monkeypatch):
    """Peak memory while streaming 10× the rows stays close to that of 1× (rows are read in
    chunks; here chunks of 50 so that the test data spans many chunks)."""
    from driehoek.publication import bulk
    from driehoek.publication.bulk import DATASETS, stream_csv

    monkeypatch.setattr(bulk, "CHUNK_SIZE", 50)

    def peak() -> int:
        tracemalloc.start()
        for _chunk in stream_csv(DATASETS["targets"]):
            pass
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result

    corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
    f.published(gemeente=world.gemeente, others=[corporatie], commitments=60)
    small = peak()
    for _ in range(9):
        f.published(gemeente=world.gemeente, others=[corporatie], commitments=60)
    large = peak()
    assert large < small * 2 + 200_000, (small, large)


def test_openapi_documents_paths_errors_and_examples(client):
    spec = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/agreements",
        "/api/v1/agreements/{agreement_id}",
        "/api/v1/commitments",
        "/api/v1/progress",
        "/api/v1/parties",
        "/api/v1/cycles",
        "/api/v1/bulk/{dataset}.csv",
    ):
        assert path in spec["paths"], path
    responses = spec["paths"]["/api/v1/agreements"]["get"]["responses"]
    assert {"200", "304", "404", "422"} <= set(responses)
    assert "examples" in json.dumps(spec["components"]["schemas"]["AgreementOut"])


def test_page_size_is_capped(client, world):
    for _ in range(3):
        f.published(gemeente=world.gemeente, others=[world.corporatie], commitments=1)
    page = client.get("/api/v1/agreements", {"page_size": 2, "page": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 1


def test_api_list_query_count_is_bounded(client, world, django_assert_max_num_queries):
    for _ in range(20):
        f.published(gemeente=world.gemeente, others=[world.corporatie], commitments=2)
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/agreements", {"page_size": 200}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/commitments", {"page_size": 200}).status_code == 200
