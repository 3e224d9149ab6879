"""Slow documents as tasks (core.documents): rendered once per content version, kept on
storage, a page "being prepared" while the worker renders, a failed render with its reason."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from driehoek.agreements import services
from driehoek.agreements.models import Commitment
from driehoek.agreements.tests.factories import make_agreement
from driehoek.core import documents
from driehoek.core.models import DocumentStatus, RenderedDocument

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _package_url(agreement):
    return reverse("agreements:package", kwargs={"agreement_id": agreement.uuid})


def _no_rendering(monkeypatch):
    import weasyprint

    def refuse(self, *args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", refuse)


def test_package_is_rendered_once_and_then_served_from_storage(world, client_for, monkeypatch):
    agreement = make_agreement(world)
    client = client_for(world.users["viewer"])
    first = client.get(_package_url(agreement))  # the immediate backend renders at once
    assert first.status_code == 200
    assert first["Content-Type"] == "application/zip"
    assert first["Content-Disposition"] == 'attachment; filename="indieningspakket.zip"'
    names = zipfile.ZipFile(io.BytesIO(first.content)).namelist()
    assert "prestatieafspraken.pdf" in names and "verzending.csv" in names
    [doc] = RenderedDocument.objects.all()
    assert doc.status == DocumentStatus.READY and doc.source == ""
    _no_rendering(monkeypatch)
    again = client.get(_package_url(agreement))
    assert again.status_code == 200 and again.content == first.content
    assert RenderedDocument.objects.count() == 1


def test_a_change_in_the_content_makes_a_new_version(world, client_for, clock):
    clock.travel_to("2026-12-01T10:00", tick=False)
    agreement = make_agreement(world)
    client = client_for(world.users["viewer"])
    client.get(_package_url(agreement))
    clock.travel_to("2026-12-01T11:30", tick=False)  # the moment of printing alone: same version
    client.get(_package_url(agreement))
    assert RenderedDocument.objects.count() == 1
    commitment = Commitment.objects.filter(agreement=agreement).first()
    Commitment.objects.filter(pk=commitment.pk).update(title="Nieuwe titel van de afspraak")
    response = client.get(_package_url(agreement))
    assert response.status_code == 200
    assert RenderedDocument.objects.filter(status=DocumentStatus.READY).count() == 2
    csv = zipfile.ZipFile(io.BytesIO(response.content)).read("afspraken.csv").decode("utf-8-sig")
    assert "Nieuwe titel van de afspraak" in csv


@pytest.mark.django_db(transaction=True)  # db_worker closes old connections
def test_with_a_worker_the_request_gets_a_page_that_refreshes(world, client_for, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    agreement = make_agreement(world)
    client = client_for(world.users["viewer"])
    for _ in range(2):  # asked twice before the worker ran: one row, one task
        page = client.get(_package_url(agreement))
        assert page.status_code == 202
        assert page["Retry-After"] == str(documents.RETRY_AFTER_SECONDS)
        html = page.content.decode()
        assert '<meta http-equiv="refresh" content="5">' in html
        assert f'href="{_package_url(agreement)}"' in html
        assert "wordt klaargemaakt" in html
    assert RenderedDocument.objects.get().status == DocumentStatus.PENDING
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", batch=True, interval=0, startup_delay=False, stdout=io.StringIO())
    response = client.get(_package_url(agreement))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_a_failed_render_says_why_and_can_be_tried_again(world, client_for, monkeypatch):
    import weasyprint

    agreement = make_agreement(world)
    dispute = services.dispute_start(
        actor=None,
        agreement=agreement,
        organisation=world.gemeente,
        arose_on=date(2026, 1, 5),
        description="Geen akkoord over nieuwbouw",
    )
    url = reverse("agreements:dispute_dossier_pdf", kwargs={"dispute_id": dispute.uuid})
    client = client_for(world.users["viewer"])
    real = weasyprint.HTML.write_pdf

    def broken(self, *args, **kwargs):
        raise OSError("font cache not writable")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    page = client.get(url)
    assert page.status_code == 503
    html = page.content.decode()
    assert "OSError: font cache not writable" in html
    assert f'href="{url}?retry=1"' in html and "http-equiv" not in html
    assert RenderedDocument.objects.get().status == DocumentStatus.FAILED
    assert client.get(url).status_code == 503  # no new attempt without asking
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", real)
    response = client.get(url + "?retry=1")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'inline; filename="geschil-artikel-44-woningwet.pdf"'
    assert RenderedDocument.objects.get().error == ""


def test_two_requests_at_once_make_one_row(world, client_for, monkeypatch):
    """The second request finds no row, but the first one has just made it: the unique
    constraint refuses a second row and the second request uses the first one's."""
    agreement = make_agreement(world)
    client = client_for(world.users["viewer"])
    client.get(_package_url(agreement))
    [doc] = RenderedDocument.objects.all()
    real_filter = RenderedDocument.objects.filter

    class Missed:
        def first(self):
            return None

    monkeypatch.setattr(RenderedDocument.objects, "filter", lambda **kw: Missed())
    again = documents._get_or_create(doc.kind, doc.key, doc.version, lambda s: "", "")
    monkeypatch.setattr(RenderedDocument.objects, "filter", real_filter)
    assert again.pk == doc.pk and RenderedDocument.objects.count() == 1


def test_a_task_for_a_deleted_document_does_nothing():
    assert documents.render_document.call(987654) == "gone"
