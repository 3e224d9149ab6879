"""Meeting materials and knowledge files: type by content, size and a safe stored name."""

from __future__ import annotations

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from driehoek.community.models import KnowledgeItem, Material
from driehoek.core.testing import office_file

from .factories import CommunityFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client_for, settings, tmp_path):
    from driehoek.accounts.tests.factories import UserFactory

    settings.MEDIA_ROOT = tmp_path
    return client_for(UserFactory(is_staff=True))


@pytest.fixture
def meeting():
    return MeetingFactory(community=CommunityFactory())


def _field_error(response, field_id) -> str:
    match = re.search(rf'id="{field_id}_error">(.*?)</div>', response.content.decode(), re.S)
    assert match, f"no error message next to {field_id}"
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1)))


BAD = [
    (SimpleUploadedFile("sheets.pdf", b"MZ\x90\x00 a program"), "past niet bij de naam"),
    (SimpleUploadedFile("sheets.pptx", office_file("docx")), "past niet bij de naam"),
    (SimpleUploadedFile("sheets.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024)), "20 MB"),
    (SimpleUploadedFile("sheets.pptx", office_file("pptx", bomb_mb=150)), "uitgepakt"),
    (SimpleUploadedFile("sheets.html", b"<script>alert(1)</script>"), "Dit soort bestand"),
]
IDS = ["exe-named-pdf", "docx-named-pptx", "too-large", "zip-bomb", "html"]


@pytest.mark.parametrize(("upload", "expected"), BAD, ids=IDS)
def test_bad_material_is_refused_next_to_the_field(staff, meeting, upload, expected):
    upload.seek(0)
    url = reverse(
        "community:material_add", kwargs={"slug": meeting.community.slug, "uuid": meeting.uuid}
    )
    response = staff.post(url, {"material-title": "Sheets", "material-file": upload})
    assert response.status_code == 400
    assert expected in _field_error(response, "id_material-file")
    assert not Material.objects.exists()


@pytest.mark.parametrize(("upload", "expected"), BAD, ids=IDS)
def test_bad_knowledge_file_is_refused_next_to_the_field(staff, meeting, upload, expected):
    upload.seek(0)
    url = reverse("community:knowledge_create", kwargs={"slug": meeting.community.slug})
    data = {"kind": "practice", "title": "Middelburg", "visibility": "public", "file": upload}
    response = staff.post(url, data)
    assert response.status_code == 400
    assert expected in _field_error(response, "id_file")
    assert not KnowledgeItem.objects.exists()


def test_material_is_stored_under_a_safe_name(staff, meeting):
    url = reverse(
        "community:material_add", kwargs={"slug": meeting.community.slug, "uuid": meeting.uuid}
    )
    upload = SimpleUploadedFile("..\\Sheets\x07 Bijeenkomst.pptx", office_file("pptx"))
    response = staff.post(url, {"material-title": "Sheets", "material-file": upload})
    assert response.status_code == 302
    name = Material.objects.get().file.name
    assert re.fullmatch(r"community/materials/[0-9a-f]{8}-sheets-bijeenkomst\.pptx", name), name


def test_the_admin_form_checks_knowledge_files_too(rf):
    from django.contrib.admin.sites import site

    from driehoek.accounts.tests.factories import UserFactory

    request = rf.get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    form_class = site._registry[KnowledgeItem].get_form(request)
    data = {
        "community": CommunityFactory().pk,
        "kind": "practice",
        "title": "T",
        "visibility": "public",
    }
    form = form_class(data, {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00")})
    assert not form.is_valid()
    assert "past niet bij de naam" in form.errors["file"][0]
