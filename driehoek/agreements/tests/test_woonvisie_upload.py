"""The woonvisie document: type by content, size and a safe stored name (core.uploads)."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from driehoek.agreements.models import Woonvisie
from driehoek.core.testing import office_file

from .factories import make_cycle

DATA = {"title": "Woonvisie", "adopted_on": "2025-02-01", "period_start": 2025, "period_end": 2029}


@pytest.fixture
def post(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.users["editor"])
    url = reverse("agreements:woonvisie_create", kwargs={"cycle_id": make_cycle(world).uuid})
    return lambda upload: client.post(url, {**DATA, "document": upload})


def _field_error(response) -> str:
    match = re.search(r'id="id_document_error">(.*?)</div>', response.content.decode(), re.S)
    assert match, "no error message next to the document field"
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (SimpleUploadedFile("visie.pdf", b"<html>not a pdf</html>"), "past niet bij de naam"),
        (SimpleUploadedFile("visie.docx", office_file("xlsx")), "past niet bij de naam"),
        (SimpleUploadedFile("visie.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)), "10 MB"),
        (SimpleUploadedFile("visie.odt", office_file("odt", bomb_mb=150)), "uitgepakt"),
    ],
    ids=["html-named-pdf", "xlsx-named-docx", "too-large", "zip-bomb"],
)
def test_bad_document_is_refused_next_to_the_field_and_nothing_saved(post, upload, expected):
    response = post(upload)
    assert response.status_code == 400
    assert expected in _field_error(response)
    assert not Woonvisie.objects.exists()


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_documents_are_stored_under_a_safe_name(post, kind):
    name = f"..\\Woonvisie\x00 2025\x1b[31m.{kind}"
    assert post(SimpleUploadedFile(name, office_file(kind))).status_code == 302
    stored = Woonvisie.objects.get().document.name
    assert re.fullmatch(rf"woonvisies/[0-9a-f]{{8}}-woonvisie-2025-31m\.{kind}", stored), stored


def test_the_admin_form_checks_the_document_too(world, rf):
    from django.contrib.admin.sites import site

    from driehoek.accounts.tests.factories import UserFactory

    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = site._registry[Woonvisie].get_form(request)
    data = {**DATA, "gemeente": world.gemeente.pk}
    fake = SimpleUploadedFile("visie.pdf", b"<html>not a pdf</html>")
    form = form_class(data, {"document": fake})
    assert not form.is_valid()
    assert "past niet bij de naam" in form.errors["document"][0]
    good = form_class(data, {"document": SimpleUploadedFile("visie.pdf", b"%PDF-1.4")})
    assert good.is_valid(), good.errors
