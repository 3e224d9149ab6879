"""The one writer for every CSV and Excel file Driehoek hands out, internal and public.

The rule (OWASP, CSV injection): a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is written as text, never as a formula:

- in CSV the text gets a leading apostrophe (``'=1+1``), which spreadsheets show as text;
- in Excel the cell is stored as a string cell (openpyxl would otherwise store a ``str``
  starting with ``=`` as a formula), with the text unchanged.

Numbers (``int``, ``float``, ``Decimal``) stay numbers, negative ones too: numeric cells in Excel,
unquoted numbers in CSV. One number convention per CSV file: a ``;``-separated file (what Dutch
Excel opens) writes decimals with a decimal comma (``12,5``), a ``,``-separated file (the
open-data bulk files) with a decimal point (``12.5``). Dates and times are ISO 8601 text in CSV
and real date cells in Excel (times in the site's time zone, Excel has no time zones).

Use :func:`csv_bytes` / :class:`CsvWriter` (also streaming) and :class:`XlsxBook`; never
``csv.writer`` or ``openpyxl.Workbook`` directly for a download.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.http import HttpResponse
from django.utils import timezone

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(FORMULA_START)

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(text: str) -> str:
    """CSV text a spreadsheet would run as a formula, with a leading apostrophe."""
    return "'" + text if text[:1] in _FORMULA_FIRST else text


# CSV ----------------------------------------------------------------------------------------


def _decimal_point(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _decimal_comma(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def _same(value):
    return value


def _converters(decimal: Callable[[Decimal], str]) -> dict[type, Callable]:
    """Per exact type, how a value becomes a CSV cell (csv.writer writes None as "" and
    int as it is). A dict lookup per value keeps a streamed file close to the database's pace."""

    def float_text(value: float) -> str:
        return decimal(Decimal(repr(value)))

    return {
        str: neutralise,
        int: _same,
        type(None): _same,
        bool: lambda v: "true" if v else "false",
        float: float_text,
        Decimal: decimal,
        UUID: str,
        datetime: datetime.isoformat,
        date: date.isoformat,
    }


class CsvWriter:
    """Rows to CSV lines. ``delimiter`` is ``;`` (decimal comma) or ``,`` (decimal point).

    ``line(row)`` returns one line of text; ``lines(rows)`` yields them, for streaming."""

    def __init__(self, delimiter: str = ";"):
        if delimiter not in (";", ","):
            raise ValueError("delimiter must be ';' or ','")
        self.delimiter = delimiter
        self._by_type = _converters(_decimal_comma if delimiter == ";" else _decimal_point)
        self._writer = csv.writer(_Echo(), delimiter=delimiter)

    def cell(self, value):
        """One value as it goes into the file (str, int or None)."""
        convert = self._by_type.get(type(value))
        if convert is not None:
            return convert(value)
        # Subclasses (lazy translations, SafeString, choices enums) and anything else.
        by_type = self._by_type
        if isinstance(value, bool):
            return by_type[bool](value)
        if isinstance(value, int):
            return int(value)
        for kind in (float, Decimal, datetime, date):
            if isinstance(value, kind):
                return by_type[kind](value)
        return neutralise(str(value))

    def line(self, row: Iterable) -> str:
        by_type, cell = self._by_type, self.cell
        return self._writer.writerow([by_type.get(type(v), cell)(v) for v in row])

    def lines(self, rows: Iterable[Iterable]) -> Iterator[str]:
        by_type, cell, writerow = self._by_type, self.cell, self._writer.writerow
        for row in rows:
            yield writerow([by_type.get(type(v), cell)(v) for v in row])


class _Echo:
    def write(self, value):
        return value


def csv_bytes(
    header: Iterable, rows: Iterable[Iterable], *, delimiter: str = ";", bom: bool = True
) -> bytes:
    """A whole CSV file: UTF-8, with a byte-order mark by default so Excel reads UTF-8."""
    writer = CsvWriter(delimiter)
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    out.write(writer.line(header))
    for line in writer.lines(rows):
        out.write(line)
    return out.getvalue().encode("utf-8")


# Excel --------------------------------------------------------------------------------------


def _excel_time(value: datetime) -> datetime:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(tzinfo=None)


class XlsxSheet:
    """One worksheet; ``ws`` is the openpyxl worksheet for layout (widths, validation)."""

    def __init__(self, ws):
        self.ws = ws

    def _cell(self, value):
        from openpyxl.cell import Cell
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        if value is None or isinstance(value, int | float):
            return value  # a number cell (bool is an int: a boolean cell)
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, datetime):
            return _excel_time(value)
        if isinstance(value, date):
            return value
        # Text, whatever it starts with, is a string cell; control characters Excel refuses
        # are dropped.
        # (The stubs make row and column required; openpyxl defaults them to None.)
        cell = Cell(self.ws, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))  # type: ignore[call-arg]
        cell.data_type = "s"
        return cell

    def append(self, row: Iterable) -> None:
        self.ws.append([self._cell(v) for v in row])

    def extend(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.append(row)

    def header(self, row: Iterable) -> None:
        """A bold row that stays in view when scrolling."""
        from openpyxl.styles import Font

        self.append(row)
        bold = Font(bold=True)
        for cell in self.ws[self.ws.max_row]:
            cell.font = bold
        self.ws.freeze_panes = f"A{self.ws.max_row + 1}"


class XlsxBook:
    """A workbook of one or more sheets: ``book.sheet(title, header)``, ``sheet.append(row)``,
    ``book.to_bytes()``."""

    def __init__(self):
        from openpyxl import Workbook

        self.wb = Workbook()
        self._fresh = True

    def sheet(self, title: str, header: Iterable | None = None) -> XlsxSheet:
        if self._fresh:
            ws = self.wb.active
            assert ws is not None  # a new workbook starts with one sheet
            self._fresh = False
        else:
            ws = self.wb.create_sheet()
        ws.title = _sheet_title(str(title))
        sheet = XlsxSheet(ws)
        if header is not None:
            sheet.header(header)
        return sheet

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.wb.save(out)
        return out.getvalue()


def _sheet_title(title: str) -> str:
    for ch in "\\/*?:[]":
        title = title.replace(ch, " ")
    return title[:31] or "Sheet"


def xlsx_bytes(title: str, header: Iterable, rows: Iterable[Iterable]) -> bytes:
    """A workbook with one sheet: a bold header row and the rows."""
    book = XlsxBook()
    book.sheet(title, header).extend(rows)
    return book.to_bytes()


# Responses ----------------------------------------------------------------------------------


def download(content: bytes, filename: str) -> HttpResponse:
    """An attachment; the content type follows the file name (.csv or .xlsx)."""
    if filename.endswith(".csv"):
        content_type = CSV_CONTENT_TYPE
    elif filename.endswith(".xlsx"):
        content_type = XLSX_CONTENT_TYPE
    else:
        raise ValueError("download() serves .csv and .xlsx files")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
