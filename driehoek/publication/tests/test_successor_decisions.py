"""A successor that decided for a predecessor (a merger or split) is named with that decision in
the open data: the API (and its OpenAPI document), the bulk files and the public page. The
decision stays the predecessor's; the successor is null (or empty) for every other party."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from driehoek.agreements.models import Decision
from driehoek.organisations.models import OrganisationKind
from driehoek.organisations.tests.factories import OrganisationFactory

from . import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged(world):
    """Woonstichting West went up in Woonstichting Samen, which signed for West; the tenant
    organisation declined, its refusal given by its own successor Huurders Samen."""
    g, c, h = world.gemeente, world.corporatie, world.huurders
    west = OrganisationFactory(
        kind=OrganisationKind.CORPORATIE, name="Woonstichting West", code="L9001"
    )
    samen = OrganisationFactory(
        kind=OrganisationKind.CORPORATIE, name="Woonstichting Samen", code="L9002"
    )
    huurders_samen = OrganisationFactory(kind=OrganisationKind.HUURDERS, name="Huurders Samen")
    a = f.agreement(gemeente=g, others=[c, west, h])
    f.sign_decisions(
        a,
        {
            g: {},
            c: {},
            west: {"successor": samen},
            h: {"decision": Decision.DECLINED, "reason": "Te duur", "successor": huurders_samen},
        },
        tenant_refusal=True,
    )
    f.publish(a)
    return a, west, samen, huurders_samen


def _ref(o):
    return {"slug": o.slug, "name": o.name, "kind": o.kind, "code": o.code}


def test_the_api_names_the_successor_with_the_decision(client, world, merged):
    a, west, samen, huurders_samen = merged
    for data in (
        client.get(f"/api/v1/agreements/{a.uuid}").json(),
        client.get("/api/v1/agreements").json()["results"][0],
    ):
        parties = {p["slug"]: p for p in data["parties"]}
        assert parties[west.slug]["decision"] == "signed"
        assert parties[west.slug]["successor"] == _ref(samen)
        assert parties[world.huurders.slug]["decision"] == "declined"
        assert parties[world.huurders.slug]["successor"] == _ref(huurders_samen)
        assert parties[world.gemeente.slug]["successor"] is None
        assert parties[world.corporatie.slug]["successor"] is None


def test_the_openapi_document_describes_the_successor(client):
    spec = client.get("/api/v1/openapi.json").json()
    field = spec["components"]["schemas"]["PartyDecisionOut"]["properties"]["successor"]
    assert "successor" in spec["components"]["schemas"]["PartyDecisionOut"]["required"]
    refs = {s.get("$ref") for s in field["anyOf"]}
    assert refs == {"#/components/schemas/OrganisationRef", None}
    assert {"type": "null"} in field["anyOf"]
    assert "merger" in field["description"]


def _csv(client):
    body = b"".join(client.get("/api/v1/bulk/parties.csv").streaming_content).decode()
    return list(csv.DictReader(io.StringIO(body)))


def _json(client):
    body = b"".join(client.get("/api/v1/bulk/parties.json").streaming_content).decode()
    return json.loads(body)


def test_the_bulk_files_name_the_successor(client, world, merged):
    a, west, samen, huurders_samen = merged
    for rows in (_csv(client), _json(client)):
        by_slug = {r["organisation_slug"]: r for r in rows}
        assert by_slug[west.slug]["decision"] == "signed"
        assert (by_slug[west.slug]["successor_slug"], by_slug[west.slug]["successor_name"]) == (
            samen.slug,
            "Woonstichting Samen",
        )
        assert by_slug[world.huurders.slug]["successor_name"] == "Huurders Samen"
        assert by_slug[world.gemeente.slug]["successor_slug"] == ""
        assert by_slug[world.corporatie.slug]["successor_name"] == ""


def test_the_public_page_names_the_successor_in_the_party_list(client, world, merged):
    a, west, samen, huurders_samen = merged
    html = client.get(
        reverse("publication:agreement", kwargs={"agreement_id": a.uuid})
    ).content.decode()
    row = html.split(f">{west.name}</a></th>", 1)[1].split("</tr>", 1)[0]
    assert "ondertekend op" in row and "door de opvolger Woonstichting Samen" in row
    row = html.split(f">{world.huurders.name}</a></th>", 1)[1].split("</tr>", 1)[0]
    assert "geweigerd op" in row and "door de opvolger Huurders Samen. Reden: Te duur" in row
    row = html.split(f">{world.gemeente.name}</a></th>", 1)[1].split("</tr>", 1)[0]
    assert "ondertekend op" in row and "opvolger" not in row
