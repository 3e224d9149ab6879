"""core.numbers.parse_decimal: Dutch decimal comma, thousands dots, clear Dutch errors."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from driehoek.core.errors import ServiceError
from driehoek.core.numbers import normalise, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("95,5", "95.5"),
        ("95.5", "95.5"),  # a lone dot stays a decimal point (spreadsheets, English input)
        ("1.250", "1.250"),
        ("1.250.000", "1250000"),
        ("1.250.000,50", "1250000.50"),
        ("1.250,5", "1250.5"),
        ("1 250", "1250"),
        (" 1\u00a0250,75 ", "1250.75"),
        ("0,5", "0.5"),
        (",5", "0.5"),
        ("1e3", "1E+3"),
    ],
)
def test_text_is_read_the_dutch_way(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("value", [12, 12.5, Decimal("7.25")])
def test_numbers_from_a_spreadsheet_pass_as_they_are(value):
    assert parse_decimal(value) == Decimal(str(value))


@pytest.mark.parametrize(
    "text",
    ["abc", "1,2,3", "1.2.3", "1,250.5", "12.50.000", "0.250.000", "NaN", "Infinity", "1,,2"],
)
def test_what_is_not_a_number_is_refused_in_dutch(text):
    with translation.override("nl"), pytest.raises(ServiceError) as err:
        parse_decimal(text, "amount")
    assert err.value.field == "amount"
    assert str(err.value.message) == "Vul een getal in, bijvoorbeeld 120 of 95,5."


def test_normalise_refuses_separators_that_make_no_sense():
    assert normalise("1.250.000,5") == "1250000.5"
    assert normalise("1,250.5") is None
    assert normalise("1,2,3") is None


def test_empty_is_none_only_when_allowed():
    assert parse_decimal(None, allow_none=True) is None
    assert parse_decimal("  ", allow_none=True) is None
    with translation.override("nl"), pytest.raises(ServiceError) as err:
        parse_decimal("", "amount")
    assert str(err.value.message) == "Vul een getal in."


def test_negative_is_refused_unless_allowed():
    with translation.override("nl"), pytest.raises(ServiceError) as err:
        parse_decimal("-5")
    assert str(err.value.message) == "Een negatief getal is hier niet mogelijk."
    assert parse_decimal("-5", allow_negative=True) == Decimal(-5)


def test_too_large_is_refused():
    with translation.override("nl"), pytest.raises(ServiceError) as err:
        parse_decimal("1.000.000.000.000")
    assert str(err.value.message) == "Dit getal is te groot."
    assert parse_decimal("999.999.999.999,99") == Decimal("999999999999.99")
    assert parse_decimal("1.000.000.000.000", maximum=None) == Decimal("1e12")


def test_the_caller_chooses_its_messages():
    with pytest.raises(ServiceError) as err:
        parse_decimal("veel", "x", invalid="not a number")
    assert err.value.message == "not a number"
    with pytest.raises(ServiceError) as err:
        parse_decimal("-1", "x", negative="below zero")
    assert err.value.message == "below zero"
    with pytest.raises(ServiceError) as err:
        parse_decimal(None, "x", empty="fill it in")
    assert err.value.message == "fill it in"
    with pytest.raises(ServiceError):
        parse_decimal(True)
