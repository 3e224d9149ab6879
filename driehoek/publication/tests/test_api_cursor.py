"""Cursor (keyset) paging of the open-data lists (issue 14, point 4): the same rows in the same
order as page numbers, every row once while data changes between pages, a Dutch 422 for a
cursor the API did not issue or for `page` with `cursor`, the count kept per data version, and
a deep page that costs the queries of the first."""

from __future__ import annotations

import base64
import json

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from driehoek.organisations.models import OrganisationKind
from driehoek.organisations.tests.factories import OrganisationFactory
from driehoek.publication.api import paging
from driehoek.publication.api.schemas import (
    AGREEMENT_CURSOR,
    COMMITMENT_CURSOR,
    PROGRESS_CURSOR,
)

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _a_day_in_2026(clock):
    """The figures below are of 2026: every test runs on a fixed day of that year."""
    clock.travel_to("2026-12-04 10:00")


LISTS = ["/api/v1/agreements", "/api/v1/commitments", "/api/v1/progress"]


@pytest.fixture
def data(world):
    """Two gemeenten with the same name (ties in the first sort key), one before them; two
    agreements each (same gemeente and year: ties up to the agreement), three commitments
    each, and progress with whole-year reports (a NULL quarter in the sort key)."""
    twins = [
        OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Tweeling")
        for _ in range(2)
    ]
    first = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Aa")
    agreements = []
    for gemeente in [*twins, first]:
        for year in (2025, 2025):
            agreements.append(
                f.published(gemeente=gemeente, others=[world.corporatie], year=year, commitments=3)
            )
    for a in agreements:
        for c in a.commitments.all():
            f.report(c, year=2025, quarter=None, realised="1")
            f.report(c, year=2025, quarter=1, realised="2")
            f.report(c, year=2026, quarter=2, realised="3")
            f.report(c, year=2026, quarter=None, realised="4", state="awaiting")  # never listed
    return agreements


def _ids(answer: dict) -> list[str]:
    return [r["id"] for r in answer["results"]]


def _walk(client, path: str, **params) -> tuple[list[str], list[dict]]:
    """Every page by following `next`; the ids in order and the answers."""
    answers = [client.get(path, {**params}).json()]
    while answers[-1]["next"]:
        url = answers[-1]["next"]
        assert url.startswith(settings.BASE_URL.rstrip("/") + path + "?")
        answers.append(client.get(url.removeprefix(settings.BASE_URL.rstrip("/"))).json())
        assert len(answers) < 100
    return [i for a in answers for i in _ids(a)], answers


@pytest.mark.parametrize("path", LISTS)
def test_walking_by_cursor_gives_the_rows_of_page_numbers_in_their_order(client, data, path):
    everything = client.get(path, {"page_size": 200}).json()
    assert everything["next"] is None and everything["next_cursor"] is None
    expected = _ids(everything)
    assert len(expected) == {"agreements": 6, "commitments": 18, "progress": 54}[path[8:]]
    by_page = []
    for number in range(1, 100):
        answer = client.get(path, {"page": number, "page_size": 4}).json()
        if not answer["results"]:
            break
        by_page += _ids(answer)
    walked, answers = _walk(client, path, page_size=4)
    assert walked == by_page == expected
    assert len(set(walked)) == len(walked)
    assert answers[0]["page"] == 1 and all(a["page"] is None for a in answers[1:])
    assert {a["count"] for a in answers} == {len(expected)}
    assert all(len(a["results"]) == 4 for a in answers[:-1])
    # The cursor after page 2 asked by number leads to page 3 by number.
    second = client.get(path, {"page": 2, "page_size": 2}).json()
    third = client.get(path, {"cursor": second["next_cursor"], "page_size": 2}).json()
    assert _ids(third) == _ids(client.get(path, {"page": 3, "page_size": 2}).json())


def test_ties_in_the_gemeente_name_are_ordered_by_agreement_then_number(client, data):
    walked, _ = _walk(client, "/api/v1/commitments", page_size=2)
    rows = {
        r["id"]: r for r in client.get("/api/v1/commitments", {"page_size": 200}).json()["results"]
    }
    keys = [
        (rows[i]["gemeente"]["name"], rows[i]["agreement_id"], rows[i]["number"]) for i in walked
    ]
    assert keys == sorted(keys)
    assert [k[0] for k in keys].count("Gemeente Tweeling") == 12  # two gemeenten, one name


def test_filters_are_kept_in_the_next_url(client, data):
    twin = data[0].cycle.gemeente
    walked, answers = _walk(client, "/api/v1/commitments", gemeente=twin.slug, page_size=2)
    assert len(walked) == 6 and answers[0]["count"] == 6
    assert all(f"gemeente={twin.slug}" in a["next"] for a in answers[:-1])


def test_a_row_added_or_removed_between_pages_is_never_repeated_nor_skips_one(client, data, world):
    """Documented behaviour (paging.py, docs/open-data.md): a row added before the cursor is not
    returned, one after it is; removing the cursor's own row changes nothing for the rest."""
    path = "/api/v1/commitments"
    before = _ids(client.get(path, {"page_size": 200}).json())
    page1 = client.get(path, {"page_size": 7}).json()
    early = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Aaaa-eerst")
    late = OrganisationFactory(kind=OrganisationKind.GEMEENTE, name="Gemeente Zz-laatst")
    f.published(gemeente=early, others=[world.corporatie], commitments=1)
    added = f.published(gemeente=late, others=[world.corporatie], commitments=1)
    rest, answers = _walk(client, path, cursor=page1["next_cursor"], page_size=7)
    walked = _ids(page1) + rest
    assert walked == before + [str(added.commitments.get().uuid)]
    assert answers[0]["count"] == len(before) + 2  # the count follows the new data version

    progress = "/api/v1/progress"
    before = _ids(client.get(progress, {"page_size": 200}).json())
    page1 = client.get(progress, {"page_size": 5}).json()
    from driehoek.monitoring.models import ProgressReport

    ProgressReport.objects.filter(uuid=page1["results"][-1]["id"]).delete()
    rest, _ = _walk(client, progress, cursor=page1["next_cursor"], page_size=5)
    assert _ids(page1) + rest == before


def _cursor(values: list) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _signature(path: str) -> str:
    return json.loads(base64.urlsafe_b64decode(_example(path) + "=="))[0]


def _example(path: str) -> str:
    return {
        "/api/v1/agreements": AGREEMENT_CURSOR,
        "/api/v1/commitments": COMMITMENT_CURSOR,
        "/api/v1/progress": PROGRESS_CURSOR,
    }[path]


BAD_COMMITMENT_CURSORS = [
    "niet-een-cursor!",  # not base64
    "abc",  # base64 of bytes that are no UTF-8 JSON
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    _cursor({"a": 1}),  # not a list
    _cursor(["x", "Utrecht"]),  # too short
    "PROGRESS",  # a cursor of another list (replaced below)
    "WRONG-SIGNATURE",
    "BAD-UUID",
    "NUMBER-AS-TEXT",
    "HUGE-NUMBER",
    "NUL",
    "SURROGATE",
    "NULL-NAME",
    "TRUE-AS-NUMBER",
]


def _bad(kind: str) -> str:
    sig = _signature("/api/v1/commitments")
    uuid = "3f6c1c2e-8a0b-4d55-9a53-0d7f0c1e2a11"
    made = {
        "PROGRESS": PROGRESS_CURSOR,
        "WRONG-SIGNATURE": _cursor(["00000000", "Utrecht", uuid, 3]),
        "BAD-UUID": _cursor([sig, "Utrecht", "geen-uuid", 3]),
        "NUMBER-AS-TEXT": _cursor([sig, "Utrecht", uuid, "3"]),
        "HUGE-NUMBER": _cursor([sig, "Utrecht", uuid, 2**70]),
        "NUL": _cursor([sig, "Utr\x00echt", uuid, 3]),
        "NULL-NAME": _cursor([sig, None, uuid, 3]),
        "TRUE-AS-NUMBER": _cursor([sig, "Utrecht", uuid, True]),
    }
    if kind == "SURROGATE":
        text = '["%s","\\ud800",%s,3]' % (sig, json.dumps(uuid))  # noqa: UP031
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")
    return made.get(kind, kind)


@pytest.mark.parametrize("cursor", BAD_COMMITMENT_CURSORS)
def test_a_cursor_the_api_did_not_issue_gets_a_dutch_422(client, data, cursor):
    response = client.get("/api/v1/commitments", {"cursor": _bad(cursor)})
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["detail"] == paging.MALFORMED
    assert body["errors"] == [{"parameter": "cursor", "message": paging.MALFORMED}]
    assert "cursor klopt niet" in body["detail"]


@pytest.mark.parametrize("path", LISTS)
def test_page_and_cursor_together_get_a_dutch_422(client, data, path):
    cursor = client.get(path, {"page_size": 2}).json()["next_cursor"]
    response = client.get(path, {"page": 1, "cursor": cursor})
    assert response.status_code == 422
    assert response.json()["detail"] == paging.BOTH
    assert response.json()["errors"][0]["parameter"] == "cursor"
    assert "niet allebei" in paging.BOTH
    # An empty cursor is no cursor (like an empty filter).
    assert client.get(path, {"page": 2, "cursor": ""}).status_code == 200


@pytest.mark.parametrize("path", LISTS)
def test_the_documented_example_cursors_are_accepted(client, data, path):
    document = client.get("/api/v1/openapi.json").json()
    parameters = document["paths"][path]["get"]["parameters"]
    cursor = next(p for p in parameters if p["name"] == "cursor")
    assert cursor["example"] == _example(path)
    assert "next_cursor" in cursor["description"]
    assert client.get(path, {"cursor": cursor["example"]}).status_code == 200
    page = document["components"]["schemas"][
        {
            "agreements": "AgreementPage",
            "commitments": "CommitmentPage",
            "progress": "ProgressPage",
        }[path[8:]]
    ]
    assert {"next_cursor", "next", "count", "page"} <= set(page["properties"])


def _queries(client, path, params) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, params).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("path", LISTS)
def test_the_count_is_kept_per_data_version(client, data, path):
    first = _queries(client, path, {"page_size": 2})
    # Another URL (no stored answer), same filters: the count comes from the cache.
    second = _queries(client, path, {"page_size": 2, "page": 2})
    assert any("COUNT(" in q.upper() for q in first)
    assert not any("COUNT(" in q.upper() for q in second)
    assert len(second) == len(first) - 1
    # Other filters: counted afresh.
    assert any("COUNT(" in q.upper() for q in _queries(client, path, {"year": 2025}))


def test_a_change_through_a_service_is_counted_on_the_next_request(client, data, world):
    from driehoek.core import dataversion

    assert client.get("/api/v1/agreements").json()["count"] == 6
    version = dataversion.current().number
    f.published(gemeente=data[0].cycle.gemeente, others=[world.corporatie])
    assert dataversion.current().number > version  # raised by the publish service
    assert client.get("/api/v1/agreements").json()["count"] == 7


@pytest.mark.parametrize("path", LISTS)
def test_a_deep_cursor_page_costs_the_queries_of_the_first(
    client, data, path, django_assert_max_num_queries
):
    _, answers = _walk(client, path, page_size=2)  # also fills the count cache
    # Page size 3: other URLs than the walk's (no stored answer); the same count.
    first = _queries(client, path, {"page_size": 3})
    deep = _queries(client, path, {"page_size": 3, "cursor": answers[-2]["next_cursor"]})
    second = _queries(client, path, {"page_size": 3, "cursor": answers[0]["next_cursor"]})
    assert len(deep) == len(first) == len(second)
    with django_assert_max_num_queries(6):
        client.get(path, {"page_size": 3, "cursor": answers[1]["next_cursor"]})
    assert not any("OFFSET" in q.upper() or "COUNT(" in q.upper() for q in deep)


def test_the_longest_sort_key_makes_a_cursor_the_api_accepts(data):
    """Name and title at their 200 characters, each one escaped in JSON as \\u0001 (6 bytes):
    the cursor stays within the parameter's documented max_length."""
    from driehoek.publication import selectors
    from driehoek.publication.api.schemas import AgreementFilterQuery

    qs = selectors.published_agreements()
    a = qs.first()
    a.title = "\x01" * 200
    a.cycle.gemeente.name = "\x01" * 200
    cursor = paging.encode_cursor(qs, a)
    limit = AgreementFilterQuery.model_fields["cursor"].metadata[0].max_length
    assert 2000 < len(cursor) <= limit
    assert paging.decode_cursor(qs, cursor)[0] == "\x01" * 200
