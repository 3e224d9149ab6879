"""Reading an uploaded progress file (.xlsx or .csv) into rows, within bounds checked before and while reading (see the README, "Bounds on uploaded files")."""

from __future__ import annotations

import codecs
import csv
import itertools
import re
import zipfile

from django.utils.translation import gettext as _

from driehoek.core import uploads
from driehoek.core.errors import ServiceError

# Bounds (see README, "Bounds"): checked before rows are read, and while they are read.
# MAX_ROWS: a file at this bound is imported in under 100 MB of memory (test_import_bounds);
# far above any real agreement (commitments x periods in one file).
MAX_ROWS = 20_000  # rows after the header


MAX_COLUMNS = 50


MAX_BYTES = 20 * 1024 * 1024  # the uploaded file


MAX_UNPACKED = 50 * 1024 * 1024  # .xlsx: all parts together


MAX_SHEET = 20 * 1024 * 1024  # .xlsx: one sheet, unpacked (its text ends up in memory)


MAX_SHARED_STRINGS = 10 * 1024 * 1024  # .xlsx: the shared strings, kept in memory while reading


MAX_XML_PART = 2 * 1024 * 1024  # .xlsx: any other XML part (openpyxl parses those whole)


MAX_MEMBERS = 500  # .xlsx: parts in the zip


MAX_LINE = 1024 * 1024  # CSV: characters in one line


SHEET_HEAD = 64 * 1024  # .xlsx: bytes of a sheet read to find its dimension


ZIP_BOUNDS = {"max_members": MAX_MEMBERS, "max_total": MAX_UNPACKED, "max_member": MAX_UNPACKED}


COLUMNS = ["referentie", "jaar", "kwartaal", "gerealiseerd", "status", "toelichting", "bewijs_link"]


REQUIRED = ["referentie", "jaar", "kwartaal", "gerealiseerd", "status"]


INFO_COLUMNS = ["titel", "eenheid", "streefwaarde"]


def _norm_header(value) -> str:
    return str(value or "").strip().lower().replace(" ", "_").replace("(", "").replace(")", "")


def _check_spreadsheet(upload) -> None:
    """Extension, size, type by content and zip bounds of an uploaded progress file."""
    if uploads.extension(getattr(upload, "name", "") or "") not in uploads.SPREADSHEETS:
        raise ServiceError(_("Upload an Excel file (.xlsx) or a CSV file (.csv)."), field="file")
    if (getattr(upload, "size", 0) or 0) > MAX_BYTES:
        raise ServiceError(
            _("The file is larger than 20 MB. Split it into smaller files."), field="file"
        )
    uploads.check_upload(
        upload,
        extensions=uploads.SPREADSHEETS,
        max_bytes=MAX_BYTES,
        field="file",
        zip_bounds=ZIP_BOUNDS,
        rename=False,
    )


def read_rows(upload) -> list[tuple[int, dict]]:
    """(row number as the user sees it, values by column) for every non-empty row.

    Bounded before and while reading (see the README, "Bounds"): the file's size and type by
    content; for .xlsx the zip (members, unpacked sizes) and each sheet's declared dimension
    before a row is read, then rows are streamed (openpyxl read-only) and reading stops as
    soon as there are more than MAX_ROWS; a CSV is decoded and parsed as a stream.
    """
    name = getattr(upload, "name", "") or ""
    ext = uploads.extension(name)
    _check_spreadsheet(upload)
    if ext == "csv":
        stream = _read_csv(upload)
    else:
        _check_sheets(upload)
        stream = _read_xlsx(upload)
    try:
        return _collect(stream)
    finally:
        stream.close()


def _too_many_rows() -> ServiceError:
    return ServiceError(
        _("The file has more than %(n)s rows. Split it into smaller files.") % {"n": MAX_ROWS},
        field="file",
    )


def _collect(stream) -> list[tuple[int, dict]]:
    first = next(stream, None)
    if first is None:
        raise ServiceError(_("The file is empty."), field="file")
    header = [_norm_header(h) for h in first[1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ServiceError(
            _(
                "The file does not have the right columns. Missing: %(missing)s. Use the template: its first row is %(columns)s."
            )
            % {"missing": ", ".join(missing), "columns": ", ".join(COLUMNS)},
            field="file",
        )
    unknown = [h for h in header if h and h not in COLUMNS and h not in INFO_COLUMNS]
    if unknown:
        raise ServiceError(
            _("Unknown columns: %(unknown)s. Use the columns of the template: %(columns)s.")
            % {"unknown": ", ".join(unknown), "columns": ", ".join(COLUMNS)},
            field="file",
        )
    result = []
    for number, values in stream:
        if number > MAX_ROWS + 1:  # the header plus MAX_ROWS rows, empty rows included
            raise _too_many_rows()
        if all(v in (None, "") or str(v).strip() == "" for v in values):
            continue
        result.append(
            (
                number,
                {h: (values[i] if i < len(values) else None) for i, h in enumerate(header) if h},
            )
        )
    if not result:
        raise ServiceError(_("The file has column names but no rows to import."), field="file")
    return result


def _text_lines(upload, encoding: str):
    """Decode ``upload`` chunk by chunk and yield its lines (ending in \\n); a line longer
    than MAX_LINE characters stops the reading."""
    decoder = codecs.getincrementaldecoder(encoding)()
    upload.seek(0)
    pending = ""
    while True:
        chunk = upload.read(64 * 1024)
        pending += decoder.decode(chunk or b"", final=not chunk)
        *lines, pending = pending.split("\n")
        for line in lines:
            yield line + "\n"
        if len(pending) > MAX_LINE:
            raise ServiceError(
                _("A row in the CSV file is longer than %(n)s characters. Is it a CSV file?")
                % {"n": MAX_LINE},
                field="file",
            )
        if not chunk:
            break
    if pending:
        yield pending


def _dialect(sample: str) -> type[csv.Dialect]:
    """The CSV dialect guessed from the start of the file; else ; or , whichever is more."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:

        class Guessed(csv.excel):
            delimiter = ";" if sample.count(";") > sample.count(",") else ","

        return Guessed


def _read_csv(upload):
    """Yield (row number, values) while reading; the dialect is guessed from the start."""
    encoding = uploads.text_encoding(upload)
    if encoding is None:
        raise ServiceError(_("This is not a readable CSV file. Save it as UTF-8."), field="file")
    lines = _text_lines(upload, encoding)
    start: list[str] = []
    for line in lines:
        start.append(line)
        if sum(map(len, start)) >= 4096:
            break
    sample = "".join(start)[:4096]
    try:
        reader = csv.reader(itertools.chain(start, lines), _dialect(sample))
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS + 1:
                raise _too_many_rows()
            yield number, row
    except csv.Error:
        raise ServiceError(
            _("The CSV file is broken and could not be read."), field="file"
        ) from None
    finally:
        lines.close()


_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Za-z]{1,3}\d+(?::[A-Za-z]{1,3}\d+)?)\"")


_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData[\s>/]")


_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _member_limit(name: str) -> int | None:
    """The unpacked size allowed for one part of an .xlsx (None: only the total counts)."""
    lower = name.lower()
    if _WORKSHEET.match(name):
        return MAX_SHEET
    if lower == "xl/sharedstrings.xml":
        return MAX_SHARED_STRINGS
    if lower.endswith((".xml", ".rels", ".vml")):  # parsed whole by openpyxl: keep them small
        return MAX_XML_PART
    return None


def _dimension_size(ref: bytes) -> tuple[int, int]:
    from openpyxl.utils.cell import range_boundaries

    min_col, min_row, max_col, max_row = range_boundaries(ref.decode("ascii").upper())
    return (max_row or min_row or 1), (max_col or min_col or 1)


def _check_sheets(upload) -> None:
    """Before a row is read: every part of the workbook within its unpacked bound, and every
    sheet's declared dimension (read from the first bytes of the sheet) within the row and
    column bounds. A sheet without a dimension has its rows counted by a streaming scan."""
    zf = uploads.check_zip(upload, field="file", **ZIP_BOUNDS)
    try:
        for info in zf.infolist():
            limit = _member_limit(info.filename)
            if limit is not None and info.file_size > limit:
                raise ServiceError(
                    _(
                        "The file is packed: a part of it would unpack to more than %(mb)s MB. We do not accept such a file."
                    )
                    % {"mb": f"{limit / uploads.MB:g}"},
                    field="file",
                )
        for info in zf.infolist():
            if _WORKSHEET.match(info.filename):
                _check_sheet(zf, info)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError):
        # broken, encrypted (RuntimeError) or an unreadable dimension (ValueError)
        raise ServiceError(_BROKEN_XLSX(), field="file") from None
    finally:
        zf.close()
        upload.seek(0)


def _check_sheet(zf, info) -> None:
    with zf.open(info) as f:
        head = f.read(SHEET_HEAD)
        match = _DIMENSION.search(head)
        data = _SHEET_DATA.search(head)
        if match and (data is None or match.start() < data.start()):
            rows, columns = _dimension_size(match.group(1))
            if rows > MAX_ROWS + 1:
                raise ServiceError(
                    _(
                        "The sheet says it has %(rows)s rows; at most %(n)s can be imported. Split the file, or remove empty rows at the end."
                    )
                    % {"rows": f"{rows:,}".replace(",", "."), "n": MAX_ROWS},
                    field="file",
                )
            if columns > MAX_COLUMNS:
                raise ServiceError(
                    _(
                        "The sheet says it has %(columns)s columns; at most %(n)s are read. Remove the columns that are not in the template."
                    )
                    % {"columns": f"{columns:,}".replace(",", "."), "n": MAX_COLUMNS},
                    field="file",
                )
            return
        # No dimension before the data: count the rows while unpacking, chunk by chunk.
        count, tail, chunk = 0, b"", head
        while chunk:
            buf = tail + chunk
            count += len(_ROW.findall(buf)) - len(_ROW.findall(tail))
            if count > MAX_ROWS + 1:
                raise _too_many_rows()
            tail = buf[-32:]
            chunk = f.read(SHEET_HEAD)


def _BROKEN_XLSX():
    return _(
        "The Excel file is broken or not an .xlsx file. Save it again as .xlsx, or use the template."
    )


def _read_xlsx(upload):
    """Yield (row number, values) from the progress sheet, streamed (read-only), at most
    MAX_COLUMNS wide; the rows are counted by the caller."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    upload.seek(0)
    try:
        wb = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError):
        raise ServiceError(_BROKEN_XLSX(), field="file") from None
    except Exception:  # noqa: BLE001 - any parse error inside the workbook is a broken file
        raise ServiceError(_BROKEN_XLSX(), field="file") from None
    try:
        ws = wb["Voortgang"] if "Voortgang" in wb.sheetnames else wb.worksheets[0]
        # The declared dimension was checked; reading does not trust it (a dimension that
        # says fewer rows would cut rows off): rows are streamed and counted instead.
        ws.reset_dimensions()
        header = next(ws.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
        width = max((i + 1 for i, v in enumerate(header) if v not in (None, "")), default=1)
        yield 1, list(header[:width])
        yield from enumerate(ws.iter_rows(min_row=2, max_col=width, values_only=True), start=2)
    except ServiceError:
        raise
    except Exception:  # noqa: BLE001 - any parse error inside the workbook is a broken file
        raise ServiceError(
            _("The Excel file is broken and could not be read."), field="file"
        ) from None
    finally:
        wb.close()
