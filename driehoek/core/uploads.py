"""One validator for every uploaded file: the type by its content, the size, a safe name.

A file is accepted only when its content is what its extension says (magic bytes, or for the
Office/OpenDocument formats the zip with the right ``[Content_Types].xml`` or ``mimetype``),
it is not larger than the bound, and a zip does not unpack to more than its bound (checked on
the sizes in the zip's directory before anything is unpacked; Python's ``zipfile`` never
unpacks a member beyond the size it declares, so a lying size ends in a read error, not in
memory). The stored name keeps only ``a-z 0-9 . _ -``, no path, no control characters, a
limited length and a random prefix.

Services call :func:`check_upload` (raises ``ServiceError`` on ``field``); forms use
:func:`clean_upload` (raises ``ValidationError``, shown next to the field).
"""

from __future__ import annotations

import codecs
import re
import secrets
import unicodedata
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .errors import ServiceError

MB = 1024 * 1024

# What each extension must contain.
KIND_BY_EXTENSION = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "xls": "ole",
    "xlsx": "xlsx",
    "docx": "docx",
    "pptx": "pptx",
    "odt": "odt",
    "ods": "ods",
    "odp": "odp",
    "csv": "text",
    "txt": "text",
}

DOCUMENTS = ("pdf", "odt", "docx")
EVIDENCE = ("pdf", "xlsx", "xls", "csv", "docx", "odt", "ods", "png", "jpg", "jpeg", "txt")
MATERIALS = ("pdf", "docx", "odt", "xlsx", "ods", "pptx", "odp", "csv", "txt", "png", "jpg", "jpeg")
SPREADSHEETS = ("xlsx", "csv")

_OOXML_MAIN = {
    "xlsx": b"spreadsheetml.sheet.main+xml",
    "docx": b"wordprocessingml.document.main+xml",
    "pptx": b"presentationml.presentation.main+xml",
}
_ODF_MIMETYPE = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}

# Bounds for zip-based formats (sizes as the zip's directory declares them).
ZIP_MAX_MEMBERS = 2000
ZIP_MAX_TOTAL = 100 * MB
ZIP_MAX_MEMBER = 100 * MB
_SMALL_MEMBER = 1 * MB  # [Content_Types].xml and mimetype are tiny in any real file
_CHUNK = 64 * 1024


def extension(name: str) -> str:
    base = re.split(r"[\\/]", name or "")[-1]
    return base.rpartition(".")[2].lower() if "." in base else ""


def safe_name(name: str, *, max_length: int = 60, prefix: bool = True) -> str:
    """A storable file name: no path, no control characters, only ``a-z0-9._-``, limited
    length, the extension kept; with a random prefix so names cannot be guessed or collide."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode().lower()
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-_")[:max_length].strip("-_") or "bestand"
    ext = re.sub(r"[^a-z0-9]+", "", ext)[:8]
    name = f"{stem}.{ext}" if ext else stem
    return f"{secrets.token_hex(4)}-{name}" if prefix else name


def _mb(n: int) -> str:
    return f"{n / MB:g}"


def _read_head(upload, n: int = 16) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head or b""


def _too_many_parts(max_members: int, field: str | None) -> ServiceError:
    return ServiceError(
        _("The file consists of more than %(n)s parts. We do not accept such a file.")
        % {"n": max_members},
        field=field,
    )


def _check_zip_directory(upload, *, max_members: int, field: str | None) -> None:
    """Read only the zip's end record: refuse too many members or too large a directory
    before ``zipfile`` reads the directory (it keeps an object per member in memory)."""
    upload.seek(0, 2)
    size = upload.tell()
    tail_size = min(size, 22 + 65535)
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    upload.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return  # not found: zipfile refuses it as a broken file
    count = int.from_bytes(tail[at + 10 : at + 12], "little")
    directory = int.from_bytes(tail[at + 12 : at + 16], "little")
    if count == 0xFFFF or directory == 0xFFFFFFFF:  # zip64: the real values are elsewhere
        locator = tail.rfind(b"PK\x06\x07", 0, at)
        if locator < 0:
            return
        offset = int.from_bytes(tail[locator + 8 : locator + 16], "little")
        upload.seek(offset)
        record = upload.read(56)
        upload.seek(0)
        if not record.startswith(b"PK\x06\x06") or len(record) < 56:
            return
        count = int.from_bytes(record[32:40], "little")
        directory = int.from_bytes(record[40:48], "little")
    # A real directory entry is 46 bytes plus its name and extras: 1 KB each is generous.
    if count > max_members or directory > max_members * 1024:
        raise _too_many_parts(max_members, field)


def check_zip(
    upload,
    *,
    max_members: int = ZIP_MAX_MEMBERS,
    max_total: int = ZIP_MAX_TOTAL,
    max_member: int = ZIP_MAX_MEMBER,
    field: str | None = None,
) -> zipfile.ZipFile:
    """Open ``upload`` as a zip and check, before unpacking anything, the number of members
    and the unpacked size of each member and of all together. Returns the open ZipFile
    (the caller closes it)."""
    _check_zip_directory(upload, max_members=max_members, field=field)
    upload.seek(0)
    try:
        zf = zipfile.ZipFile(upload)
        members = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise ServiceError(
            _("The file is broken: it could not be opened. Save it again."), field=field
        ) from None
    if len(members) > max_members:
        zf.close()
        raise _too_many_parts(max_members, field)
    total = 0
    for info in members:
        total += info.file_size
        if info.file_size > max_member or total > max_total:
            zf.close()
            raise ServiceError(
                _(
                    "The file is packed: unpacked it would be larger than %(mb)s MB. We do not accept such a file."
                )
                % {"mb": _mb(min(max_member, max_total))},
                field=field,
            )
    return zf


def _read_member(zf: zipfile.ZipFile, name: str, limit: int = _SMALL_MEMBER) -> bytes | None:
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        return None
    try:
        with zf.open(info) as f:
            return f.read(limit)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, RuntimeError):
        return None  # broken or encrypted: not the expected kind


def _zip_kind(zf: zipfile.ZipFile) -> str | None:
    types = _read_member(zf, "[Content_Types].xml")
    if types is not None:
        for kind, marker in _OOXML_MAIN.items():
            if marker in types:
                return kind
        return "zip"
    mimetype = _read_member(zf, "mimetype")
    if mimetype is not None:
        for kind, marker in _ODF_MIMETYPE.items():
            if mimetype.strip() == marker:
                return kind
    return "zip"


def text_encoding(upload) -> str | None:
    """``utf-8-sig`` or ``cp1252`` when the whole file is text without NUL in that encoding,
    else None. Reads in chunks (bounded memory)."""
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        upload.seek(0)
        try:
            while chunk := upload.read(_CHUNK):
                if b"\x00" in chunk:
                    upload.seek(0)
                    return None
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            upload.seek(0)
        return encoding
    return None


def detect(upload, *, zip_bounds: dict | None = None, field: str | None = None) -> str | None:
    """The kind of file by its content: pdf, png, jpeg, ole, xlsx, docx, pptx, odt, ods, odp,
    zip (another zip), text, or None. A zip beyond its bounds raises ServiceError."""
    head = _read_head(upload)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        zf = check_zip(upload, field=field, **(zip_bounds or {}))
        try:
            return _zip_kind(zf)
        finally:
            zf.close()
            upload.seek(0)
    if text_encoding(upload) is not None:
        return "text"
    return None


_KIND_LABELS = {
    "pdf": "PDF",
    "png": "PNG",
    "jpeg": "JPEG",
    "ole": "Excel (.xls)",
    "xlsx": "Excel (.xlsx)",
    "docx": "Word (.docx)",
    "pptx": "PowerPoint (.pptx)",
    "odt": "OpenDocument (.odt)",
    "ods": "OpenDocument (.ods)",
    "odp": "OpenDocument (.odp)",
}


def check_upload(
    upload,
    *,
    extensions: tuple[str, ...],
    max_bytes: int,
    field: str | None = None,
    zip_bounds: dict | None = None,
    rename: bool = True,
):
    """Refuse (ServiceError on ``field``) a file that is empty, too large, of an extension not
    in ``extensions`` or whose content is not what its extension says. On success the upload's
    ``name`` is replaced by :func:`safe_name` (when ``rename``) and the upload is returned,
    positioned at its start."""
    if not upload:
        return None
    ext = extension(getattr(upload, "name", ""))
    if ext not in extensions:
        raise ServiceError(
            _("This kind of file is not accepted. Accepted: %(kinds)s.")
            % {"kinds": ", ".join("." + e for e in extensions)},
            field=field,
        )
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    if size == 0:
        raise ServiceError(_("The file is empty."), field=field)
    if size > max_bytes:
        raise ServiceError(
            _("The file is larger than %(mb)s MB.") % {"mb": _mb(max_bytes)}, field=field
        )
    expected = KIND_BY_EXTENSION[ext]
    found = detect(upload, zip_bounds=zip_bounds, field=field)
    if found != expected:
        raise ServiceError(
            _(
                "The content of this file does not match its name: a .%(ext)s file must be %(kind)s. Save it again in that format."
            )
            % {"ext": ext, "kind": _KIND_LABELS.get(expected) or _("text (UTF-8)")},
            field=field,
        )
    upload.seek(0)
    if rename:
        upload.name = safe_name(upload.name)
    return upload


def clean_upload(upload, **kwargs):
    """For a form's ``clean_<field>``: :func:`check_upload`, with the message as a
    ValidationError so that it shows next to the field."""
    from django.core.files.uploadedfile import UploadedFile

    if not isinstance(upload, UploadedFile):  # nothing new: empty, cleared, or already stored
        return upload
    try:
        return check_upload(upload, **kwargs)
    except ServiceError as err:
        raise ValidationError(err.message, code="upload") from None  # not a code the field rewrites


class FileValidator:
    """The same checks as a form-field validator (for the admin, through
    ``formfield_overrides``); the storage's own name cleaning applies there."""

    def __init__(self, extensions: tuple[str, ...], max_bytes: int):
        self.extensions = extensions
        self.max_bytes = max_bytes

    def __call__(self, upload) -> None:
        clean_upload(upload, extensions=self.extensions, max_bytes=self.max_bytes, rename=False)


def admin_overrides(extensions: tuple[str, ...], max_bytes: int) -> dict:
    """``formfield_overrides`` for a ModelAdmin or inline with a FileField."""
    from django.db import models

    return {models.FileField: {"validators": [FileValidator(extensions, max_bytes)]}}
