"""Charts people read (issue: one scale per unit, text at the page's size, direct labels, the
data table under each chart)."""

import re
from decimal import Decimal

from django.db.models import Q
from django.urls import reverse

from driehoek.monitoring import dashboards

from .factories import make_agreement, make_commitment, make_report

# The figures are for 2026; the pages are looked at on a fixed day in that year.
TODAY = "2026-12-01T10:00"


def _homes_and_plots(world):
    a = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(a, world.corporatie, unit="woningen", targets={2026: 400})
    plots = make_commitment(
        a, world.gemeente, unit="kavels", targets={2026: 8}, theme="beschikbaarheid"
    )
    make_report(homes, quarter=2, realised=200)
    make_report(plots, quarter=2, realised=8)
    return a


def test_woningen_and_kavels_never_share_a_scale(world, clock):
    clock.travel_to(TODAY)
    _homes_and_plots(world)
    data = dashboards.scope_dashboard(
        Q(agreement__cycle__gemeente=world.gemeente), dashboards.Filters(year=2026)
    )
    charts = {c["title"]: c for c in data["sum_charts"]}
    assert len(charts) == 2
    [kavels] = [c for t, c in charts.items() if "kavels" in t]
    [woningen] = [c for t, c in charts.items() if "woningen" in t]
    # Each chart is scaled to its own largest value: 8 kavels fill their chart, as 400 woningen do.
    assert [(r["target_pct"], r["realised_pct"]) for r in kavels["rows"]] == [("100.0", "100.0")]
    assert [(r["target_pct"], r["realised_pct"]) for r in woningen["rows"]] == [("100.0", "50.0")]
    assert woningen["rows"][0]["target"] == Decimal("400")


def test_status_bars_add_up_to_the_whole_width():
    chart = dashboards.status_chart("t", [("Thema", {"on_track": 1, "at_risk": 2})])
    parts = chart["rows"][0]["parts"]
    assert [p["n"] for p in parts] == [1, 2]
    assert abs(sum(Decimal(p["w"]) for p in parts) - 100) <= Decimal("0.2")
    assert Decimal(parts[1]["x"]) == Decimal(parts[0]["w"])


def test_chart_text_is_page_text_with_direct_labels_and_a_table(world, client_for, clock):
    """No text inside the SVG (it would shrink with the chart on a phone): every label and
    value is HTML next to its bar, and the table with the numbers follows each chart."""
    clock.travel_to(TODAY)
    _homes_and_plots(world)
    client = client_for(world.users["viewer"])
    page = client.get(
        reverse("monitoring:gemeente", args=[world.gemeente.slug]) + "?year=2026"
    ).content.decode()
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert svgs and not [s for s in svgs if "<text" in s]
    assert "font-size=" not in page
    assert "streefwaarde 400" in page and "gerealiseerd 200 (50%)" in page
    assert "in kavels" in page and "in woningen" in page
    figures = page.count('<figure class="dh-chart">')
    assert figures >= 3  # the status chart and one chart per unit
    assert page.count("<figure") <= page.count('<table class="dh-table"')
