"""dh.nl_number and nl_decimal: quantities in the active language's number format."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from driehoek.core.templatetags.dh import nl_decimal, nl_number


@pytest.mark.parametrize(
    ("value", "dutch", "english"),
    [
        (1234, "1.234", "1,234"),
        (1500, "1.500", "1,500"),
        (1234567, "1.234.567", "1,234,567"),
        (12, "12", "12"),
        (0, "0", "0"),
        (-2500, "-2.500", "-2,500"),
        (Decimal("12.50"), "12,5", "12.5"),
        (Decimal("1E+3"), "1.000", "1,000"),
        (Decimal("1250000.00"), "1.250.000", "1,250,000"),
        (Decimal("0.000"), "0", "0"),
        (Decimal("95.25"), "95,25", "95.25"),
        (None, "–", "–"),
    ],
)
def test_quantities_follow_the_active_language(value, dutch, english):
    with translation.override("nl"):
        assert nl_number(value) == dutch
    with translation.override("en"):
        assert nl_number(value) == english


def test_fixed_places():
    with translation.override("nl"):
        assert nl_decimal(Decimal("12.345")) == "12,3"
        assert nl_number(Decimal("1234"), 2) == "1.234,00"
        assert nl_decimal(None) == "–"
    with translation.override("en"):
        assert nl_decimal(Decimal("12.345")) == "12.3"
        assert nl_number(Decimal("1234"), 2) == "1,234.00"


def test_what_is_not_a_number_passes_unchanged():
    assert nl_number("n.v.t.") == "n.v.t."


def test_years_are_not_grouped_because_grouping_is_not_global():
    """Only the filter groups: a year printed bare in a template stays 2026."""
    template = Template("{% load dh %}{{ year }} {{ target|nl_number }}")
    with translation.override("nl"):
        assert template.render(Context({"year": 2026, "target": 2026})) == "2026 2.026"
