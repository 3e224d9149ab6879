"""The open-data page describes its datasets in the reader's language; the API documentation
keeps its English descriptions."""

from django.urls import reverse

from driehoek.publication.bulk import DATASETS


def test_the_datasets_are_described_in_dutch(client, db):
    page = client.get(reverse("publication:open_data")).content.decode()
    assert "Eén rij per gepubliceerde prestatieafspraak." in page
    assert "Eén rij per jaarlijkse cyclus: de wettelijke data." in page
    assert "One row per" not in page
    for dataset in DATASETS.values():
        assert f"<td>{dataset.label}</td>" in page


def test_the_api_keeps_english_descriptions(client, db):
    schema = client.get(reverse("api:openapi-json")).json()
    assert "One row per published agreement." in str(schema)
