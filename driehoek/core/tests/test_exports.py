"""The one export writer: formula-like text stays text, numbers stay numbers, one number
convention per CSV file, dates as ISO text (CSV) or date cells (Excel)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from uuid import UUID

import pytest
from django.utils.functional import lazy
from django.utils.safestring import mark_safe

from driehoek.core import exports

from .export_checks import PAYLOADS, assert_no_formula, csv_rows, xlsx_cells, xlsx_text


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_text_that_looks_like_a_formula_starts_with_an_apostrophe(payload, delimiter):
    content = exports.csv_bytes(["kolom"], [[payload], ["gewoon"]], delimiter=delimiter)
    rows = csv_rows(content, delimiter)
    assert rows[1] == ["'" + payload]
    assert rows[2] == ["gewoon"]


@pytest.mark.parametrize(
    "text", ["Afspraak 1", "", "a=b", "Huur + service", "e-mail", " =1", "'al met apostrof"]
)
def test_csv_other_text_is_unchanged(text):
    rows = csv_rows(exports.csv_bytes(["kolom"], [[text]]), ";")
    assert rows[1] == [text]


def test_semicolon_csv_has_decimal_comma_and_unquoted_numbers():
    line = exports.CsvWriter(";").line(
        [12, Decimal("12.50"), 12.5, -3, Decimal("-2.5"), Decimal("100.00"), 0.1, None, True]
    )
    assert line == "12;12,5;12,5;-3;-2,5;100;0,1;;true\r\n"


def test_comma_csv_has_decimal_point():
    line = exports.CsvWriter(",").line([12, Decimal("12.50"), 12.5, -3, Decimal("-2.5"), 1e-7])
    assert line == "12,12.5,12.5,-3,-2.5,0.0000001\r\n"


def test_only_semicolon_or_comma():
    with pytest.raises(ValueError):
        exports.CsvWriter("\t")


def test_csv_dates_are_iso_text_and_other_values_text():
    when = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)
    uid = UUID("12345678-1234-5678-1234-567812345678")
    line = exports.CsvWriter(";").line([date(2026, 3, 4), when, uid])
    assert line == "2026-03-04;2026-03-04T05:06:07+00:00;12345678-1234-5678-1234-567812345678\r\n"


def test_csv_str_subclasses_and_lazy_text_are_checked_too():
    lazy_text = lazy(lambda: "=1+1", str)()
    line = exports.CsvWriter(";").line([mark_safe("@SUM(A1)"), lazy_text, Decimal("1.5")])
    assert line == "'@SUM(A1);'=1+1;1,5\r\n"


def test_csv_streams_line_by_line():
    writer = exports.CsvWriter(",")
    lines = writer.lines(iter([["=1"], [2]]))
    assert next(lines) == "'=1\r\n"
    assert next(lines) == "2\r\n"


def test_csv_bytes_has_bom_for_excel():
    assert exports.csv_bytes(["a"], []).startswith("\ufeff".encode())
    assert exports.csv_bytes(["a"], [], bom=False) == b"a\r\n"


def test_plain_openpyxl_would_write_a_formula():
    """Why the writer exists: openpyxl stores a str starting with '=' as a formula."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(['=HYPERLINK("http://x","klik")'])
    out = io.BytesIO()
    wb.save(out)
    assert [c.data_type for c in xlsx_cells(out.getvalue())] == ["f"]


def test_xlsx_payloads_are_string_cells_with_the_text_unchanged():
    content = exports.xlsx_bytes("Blad", ["=kop", "tekst"], [[p, "gewoon"] for p in PAYLOADS])
    for payload in [*PAYLOADS, "=kop"]:
        assert xlsx_text(content, payload).value == payload.replace("\r", "\n")
    assert xlsx_text(content, "gewoon")


def test_xlsx_numbers_stay_numbers_and_dates_are_date_cells():
    from openpyxl import load_workbook

    when = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # 12:00 in Amsterdam (summer time)
    content = exports.xlsx_bytes(
        "Blad",
        ["a"] * 8,
        [[12, Decimal("12.50"), -3, Decimal("-2.5"), 0.25, date(2026, 3, 4), when, True]],
    )
    assert_no_formula(content)
    row = next(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2))
    assert [c.value for c in row[:5]] == [12, 12.5, -3, -2.5, 0.25]
    assert {c.data_type for c in row[:5]} == {"n"}
    assert row[5].is_date and row[5].value == datetime(2026, 3, 4)
    assert row[6].is_date and row[6].value == datetime(2026, 6, 1, 12, 0)
    assert row[7].value is True


def test_xlsx_header_is_bold_and_frozen_and_more_sheets():
    from openpyxl import load_workbook

    book = exports.XlsxBook()
    book.sheet("Afspraken: [alles]", ["Kop"]).append(["-2+3"])
    book.sheet("Uitleg").append(["+1+1"])
    wb = load_workbook(io.BytesIO(book.to_bytes()))
    first, second = wb.worksheets
    assert first.title == "Afspraken   alles "
    assert first["A1"].font.b and first.freeze_panes == "A2"
    assert (first["A2"].value, first["A2"].data_type) == ("-2+3", "s")
    assert (second["A1"].value, second["A1"].data_type) == ("+1+1", "s")


def test_xlsx_drops_control_characters_excel_refuses():
    content = exports.xlsx_bytes("Blad", ["a"], [["=1\x00\x1b+2"]])
    assert xlsx_text(content, "=1+2")


def test_download_sets_type_and_name():
    csv_response = exports.download(b"a", "x.csv")
    assert csv_response["Content-Type"] == "text/csv; charset=utf-8"
    assert csv_response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert exports.download(b"a", "x.xlsx")["Content-Type"] == exports.XLSX_CONTENT_TYPE
    with pytest.raises(ValueError):
        exports.download(b"a", "x.pdf")
