"""The shared upload validator: type by content, size, zip bounds, safe names."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from driehoek.core import uploads
from driehoek.core.errors import ServiceError
from driehoek.core.testing import office_file

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 20
XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 20


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def check(name, data, *, extensions=uploads.MATERIALS + ("xls",), max_bytes=10 * 1024 * 1024):
    return uploads.check_upload(
        SimpleUploadedFile(name, data), extensions=extensions, max_bytes=max_bytes, field="f"
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rapport.pdf", b"%PDF-1.7\n..."),
        ("foto.png", PNG),
        ("foto.JPG", JPEG),
        ("oud.xls", XLS),
        ("tekst.docx", office_file("docx")),
        ("cijfers.xlsx", office_file("xlsx")),
        ("sheets.pptx", office_file("pptx")),
        ("tekst.odt", office_file("odt")),
        ("cijfers.ods", office_file("ods")),
        ("sheets.odp", office_file("odp")),
        ("lijst.csv", b"referentie;jaar\nA-1;2026\n"),
        ("oud.csv", "café;één\n".encode("cp1252")),
        ("notitie.txt", "Notitie met é\n".encode()),
    ],
)
def test_files_whose_content_matches_their_name_are_accepted(name, data):
    upload = check(name, data)
    assert upload.name.endswith("." + uploads.extension(name))
    assert upload.read() == data  # left at its start, content unchanged


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rapport.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),  # a Windows program
        ("rapport.pdf", b"<html><script>alert(1)</script></html>"),
        ("rapport.pdf", PNG),
        ("foto.png", b"%PDF-1.4"),
        ("tekst.docx", office_file("xlsx")),
        ("cijfers.xlsx", office_file("docx")),
        ("tekst.odt", office_file("ods")),
        ("tekst.docx", b"PK\x03\x04 not really a zip"),
        ("lijst.csv", b"a;b\x00c"),
        ("lijst.csv", PNG),
        ("oud.xls", office_file("xlsx")),
    ],
)
def test_content_that_does_not_match_the_name_is_refused(name, data):
    with pytest.raises(ServiceError) as err:
        check(name, data)
    assert err.value.field == "f"
    assert "past niet bij de naam" in str(err.value.message) or "kapot" in str(err.value.message)


def test_extension_not_accepted_empty_and_too_large():
    with pytest.raises(ServiceError, match="Dit soort bestand nemen we niet aan"):
        check("programma.exe", b"MZ")
    with pytest.raises(ServiceError, match="Dit soort bestand nemen we niet aan"):
        check("zonder-extensie", b"%PDF-1.4")
    with pytest.raises(ServiceError, match="leeg"):
        check("leeg.pdf", b"")
    with pytest.raises(ServiceError, match="groter dan 1 MB"):
        check("groot.pdf", b"%PDF-" + b"x" * (1024 * 1024), max_bytes=1024 * 1024)
    assert check("net.pdf", b"%PDF-" + b"x" * (1024 * 1024 - 5), max_bytes=1024 * 1024)


def test_zip_bomb_and_too_many_parts_are_refused_from_the_zip_directory():
    bomb = office_file("docx", bomb_mb=200)
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ServiceError, match="uitgepakt zou het groter zijn dan 100 MB"):
        check("bom.docx", bomb)
    with pytest.raises(ServiceError, match="meer dan 2000 delen"):
        check("veel.docx", office_file("docx", parts=2001))


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("../../etc/passwd.pdf", r"passwd\.pdf"),
        ("..\\..\\Windows\\win.ini.pdf", r"win-ini\.pdf"),
        ("Rap port\x00\x07\n\r\t(1).PDF", r"rap-port-1\.pdf"),
        ("Évaluatie één.pdf", r"evaluatie-een\.pdf"),
        ("....pdf", r"bestand\.pdf"),
        ("<script>.pdf", r"script\.pdf"),
        ("a" * 300 + ".pdf", r"a{60}\.pdf"),
    ],
)
def test_safe_name(name, pattern):
    safe = uploads.safe_name(name)
    assert re.fullmatch(r"[0-9a-f]{8}-" + pattern, safe), safe
    assert re.fullmatch(r"[a-z0-9._-]+", safe) and ".." not in safe and len(safe) <= 80
    assert uploads.safe_name(name) != safe  # random prefix
    assert re.fullmatch(pattern, uploads.safe_name(name, prefix=False))


def test_accepted_upload_gets_a_safe_name():
    upload = check("..\\Mijn Rapport\x07.pdf", b"%PDF-1.4")
    assert re.fullmatch(r"[0-9a-f]{8}-mijn-rapport\.pdf", upload.name)


def test_clean_upload_gives_a_validation_error_and_skips_stored_files():
    with pytest.raises(ValidationError) as err:
        uploads.clean_upload(
            SimpleUploadedFile("x.pdf", b"nope"), extensions=("pdf",), max_bytes=100
        )
    assert "past niet bij de naam" in err.value.messages[0]
    assert uploads.clean_upload(None, extensions=("pdf",), max_bytes=100) is None
    assert uploads.clean_upload(False, extensions=("pdf",), max_bytes=100) is False


def test_a_zip_with_a_huge_directory_is_refused_before_the_directory_is_read():
    """100,000 empty members fit in a few MB; reading their directory entries would take
    tens of MB: the end record alone refuses it."""
    import io
    import tracemalloc
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        for i in range(100_000):
            zf.writestr(f"p{i}", b"")
    data = buf.getvalue()
    assert len(data) < 15 * 1024 * 1024
    calls = []
    original = zipfile.ZipFile.__init__
    tracemalloc.start()
    try:
        zipfile.ZipFile.__init__ = lambda self, *a, **k: calls.append(1) or original(self, *a, **k)
        with pytest.raises(ServiceError, match="meer dan 2000 delen"):
            check("veel.docx", data, max_bytes=20 * 1024 * 1024)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        zipfile.ZipFile.__init__ = original
        tracemalloc.stop()
    assert calls == []  # refused from the end record, the directory was never parsed
    assert peak < 5 * 1024 * 1024
