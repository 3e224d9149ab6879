"""Shared checks for the export-safety tests: formula payloads and how to read the files back."""

from __future__ import annotations

import csv
import io
import re
import zipfile

# OWASP CSV injection: every first character a spreadsheet may run as a formula.
PAYLOADS = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def xlsx_cells(content: bytes) -> list:
    """Every non-empty cell of every sheet, read with formulas kept (data_only=False)."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), data_only=False)
    return [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]


def assert_no_formula(content: bytes) -> list:
    """No cell is a formula, neither as openpyxl reads it nor in the sheet XML itself."""
    cells = xlsx_cells(content)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<(\w+:)?f[ >]", zf.read(name)), name
    return cells


def xlsx_text(content: bytes, text: str):
    """The one cell that holds ``text``; it must be a string cell. (XML reads a carriage
    return back as a line feed: the cell still starts with that control character, as text.)"""
    text = text.replace("\r", "\n")
    found = [c for c in assert_no_formula(content) if c.value == text]
    assert found, f"{text!r} not in the workbook"
    assert {c.data_type for c in found} == {"s"}
    return found[0]


def csv_rows(content: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def csv_has_text(rows: list[list[str]], text: str) -> None:
    """``text`` is in the file as text: with the apostrophe in front when it looks like a
    formula, and never bare."""
    cells = [cell for row in rows for cell in row]
    assert "'" + text in cells, f"'{text!r} not in the CSV"
    assert text not in cells
