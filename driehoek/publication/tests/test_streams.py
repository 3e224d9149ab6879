"""Streams and compression (issue 14, point 6): bulk files leave in chunks of about 64 KB, in flat
memory; HTML, JSON and CSV answers are gzip-compressed for clients that ask, and decode to the
same bytes; a signed-in page reads its session from the cache."""

from __future__ import annotations

import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from driehoek.organisations.models import OrganisationKind
from driehoek.organisations.tests.factories import OrganisationFactory
from driehoek.publication import bulk

from . import factories as f

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip"}


class _Many(bulk.Dataset):
    def rows(self):
        for i in range(5000):
            yield (f"row-{i}", "tekst met é en een, komma" * (i % 7), i, None)


MANY = _Many("many", "test", (("a", ""), ("b", ""), ("c", ""), ("d", "")))


@pytest.mark.parametrize("stream", [bulk.stream_csv, bulk.stream_json])
def test_chunks_are_about_64_kb_except_the_last(stream):
    chunks = list(stream(MANY))
    longest_row = max(len(line.encode()) for line in bulk.csv_lines(MANY)) + 200
    assert len(chunks) > 3
    for chunk in chunks[:-1]:
        assert isinstance(chunk, bytes)
        assert bulk.STREAM_CHUNK_BYTES <= len(chunk) <= bulk.STREAM_CHUNK_BYTES + longest_row
    assert 0 < len(chunks[-1]) <= bulk.STREAM_CHUNK_BYTES + longest_row
    pieces = bulk.csv_lines(MANY) if stream is bulk.stream_csv else bulk.json_pieces(MANY)
    assert b"".join(chunks) == "".join(pieces).encode()


def _published(world, n=1):
    corporatie = OrganisationFactory(kind=OrganisationKind.CORPORATIE)
    for _ in range(n):
        f.published(gemeente=world.gemeente, others=[corporatie], commitments=30)


def test_the_bulk_download_streams_in_chunks(client, world, monkeypatch):
    monkeypatch.setattr(bulk, "STREAM_CHUNK_BYTES", 1024)
    _published(world, 2)
    response = client.get("/api/v1/bulk/commitments.csv")
    chunks = list(response.streaming_content)
    rows = b"".join(chunks).count(b"\n") - 1
    assert rows >= 60
    # One chunk per ~1 KB here (64 KB in production), not one per row.
    assert 2 < len(chunks) < rows / 2
    assert all(len(c) >= 1024 for c in chunks[:-1])


def test_an_api_list_comes_back_gzipped_and_decodes_to_the_same_bytes(client, world):
    _published(world)
    plain = client.get("/api/v1/agreements")
    packed = client.get("/api/v1/agreements", **GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)


def test_a_bulk_csv_comes_back_gzipped_and_decodes_to_the_same_bytes(client, world):
    _published(world)
    plain = b"".join(client.get("/api/v1/bulk/commitments.csv").streaming_content)
    response = client.get("/api/v1/bulk/commitments.csv", **GZIP)
    assert response.streaming
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(b"".join(response.streaming_content)) == plain


def test_a_stored_public_page_is_gzipped_and_the_store_keeps_plain_bytes(client, world):
    """The stored answer is kept uncompressed (gzip runs outside it): a plain request after a
    gzip one gets readable bytes from the store, and both carry their own CSRF token."""
    _published(world)
    packed = client.get("/openbaar/", **GZIP)
    assert packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "<html" in html
    plain = client.get("/openbaar/")
    assert plain["X-Driehoek-Stored"] == "hit"
    assert "Content-Encoding" not in plain
    assert "<html" in plain.content.decode()


def test_a_signed_in_page_reads_its_session_from_the_cache(world, client_for, settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    client = client_for(world.users["admin"])
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    assert response.wsgi_request.user == world.users["admin"]
    assert not [q for q in queries if "django_session" in q["sql"]], queries.captured_queries


def test_signing_out_ends_the_cached_session(world, client_for):
    from django.urls import reverse

    client = client_for(world.users["admin"])
    assert client.get("/").wsgi_request.user.is_authenticated
    client.post(reverse("accounts:logout"))
    assert not client.get("/").wsgi_request.user.is_authenticated
