"""Charts are rendered once per content and language: the chart templates keep the SVG bars and
the table under them in the cache under ``chart["key"]`` (dashboards.base._keyed)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from driehoek.monitoring.dashboards.base import bar_chart, status_chart


def _bars(target, realised):
    return bar_chart("Woningen", [{"label": "2027", "target": target, "realised": realised}])


def test_a_bar_chart_is_rendered_once_and_again_when_its_figures_change(db):
    chart = _bars(100, 40)
    first = render_to_string("monitoring/_bars.html", {"chart": chart})
    assert "<svg" in first and "<table" in first and "40" in first
    # The same key: served from the cache, not rendered from the (changed) rows.
    chart["rows"][0]["realised_text"] = "999"
    assert render_to_string("monitoring/_bars.html", {"chart": chart}) == first
    other = render_to_string("monitoring/_bars.html", {"chart": _bars(100, 60)})
    assert other != first and "60" in other
    # Another language is another entry.
    with translation.override("en"):
        english = render_to_string("monitoring/_bars.html", {"chart": _bars(100, 40)})
    assert "realised" in english and english != first


def test_a_status_chart_is_cached_and_a_chart_without_key_is_rendered(db):
    chart = status_chart("Status", [("Beschikbaarheid", {"on_track": 2})])
    assert chart["key"] == status_chart("Status", [("Beschikbaarheid", {"on_track": 2})])["key"]
    first = render_to_string("monitoring/_status_chart.html", {"chart": chart})
    chart["rows"][0]["total"] = 77
    assert render_to_string("monitoring/_status_chart.html", {"chart": chart}) == first
    del chart["key"]
    assert "77" in render_to_string("monitoring/_status_chart.html", {"chart": chart})
