"""One number format everywhere (issue 13, point 9): the monitoring pages print quantities and
euro amounts in the active language's format (1.500 and € 2.000.000 in Dutch, 1,500 and
€ 2,000,000 in English), the chart labels too, and years stay bare (2026)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from driehoek.monitoring import dashboards, services
from driehoek.monitoring.models import ImportJob, ImportStatus

from .factories import make_agreement, make_commitment, make_report

# The figures are for 2026; the pages are looked at on a fixed day in that year.
TODAY = "2026-12-01T10:00"


def _page(client, settings, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _charts(page: str) -> str:
    """The bar charts' text (the figures next to the bars), without the tables."""
    return " ".join(re.findall(r'<figure class="dh-chart">.*?</figure>', page, flags=re.S))


@pytest.fixture
def progress(world, clock):
    clock.travel_to(TODAY)
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders, start=2026)
    homes = make_commitment(agreement, world.corporatie, targets={2026: 1500}, title="Nieuwbouw")
    make_report(homes, quarter=3, realised="1250.5", state="confirmed")
    return agreement


@pytest.mark.parametrize(
    ("language", "target", "realised", "chart"),
    [
        ("nl", "1.500 woningen", "1.250,5 woningen", "streefwaarde 1.500"),
        ("en", "1,500 woningen", "1,250.5 woningen", "target 1,500"),
    ],
)
def test_progress_page_prints_figures_in_the_language(
    progress, world, client_for, settings, language, target, realised, chart
):
    url = reverse("monitoring:agreement", args=[progress.uuid]) + "?year=2026"
    page = _page(client_for(world.users["editor"]), settings, url, language)
    assert f"<td>{target}</td>" in page
    assert realised in page
    charts = _charts(page)
    assert chart in charts
    # Before: the chart text had Dutch separators on English pages too.
    other = "1,250.5" if language == "nl" else "1.250,5"
    assert other not in page
    # A year is not a quantity: never 2.026 or 2,026.
    assert "2026" in page and "2.026" not in page and "2,026" not in page
    assert ">2026</th>" in page  # the chart table's row label


def _room(world, setup_user):
    """4 million over 2026 and 2027 asked of the corporatie: 2 million a year."""
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders, start=2026)
    make_commitment(agreement, world.corporatie, targets={2026: 10, 2027: 10}, cost=4_000_000)
    services.financial_room_save(
        actor=setup_user,
        corporatie=world.corporatie,
        year=2026,
        ibw_new_build="1500000",
        ibw_improvement="1200000",
        ibw_rent_moderation="500000",
        icr="1.60",
        ltv="65",
        solvency="35",
        icr_norm="1.4",
        ltv_norm="70",
        solvency_norm="30",
    )


@pytest.mark.parametrize(
    ("language", "asked", "more", "ratio", "norm"),
    [
        ("nl", "€ 2.000.000", "Dat is € 500.000 meer", "<td>1,6 ·", "minimaal 1,4"),
        ("en", "€ 2,000,000", "That is € 500,000 more", "<td>1.6 ·", "at least 1.4"),
    ],
)
def test_reasonableness_page_prints_euros_and_ratios_in_the_language(
    world, client_for, settings, clock, language, asked, more, ratio, norm
):
    clock.travel_to(TODAY)
    _room(world, world.member(world.corporatie, "editor"))
    url = reverse("monitoring:reasonableness", args=[world.corporatie.slug])
    page = _page(client_for(world.users["viewer"]), settings, url, language)
    assert f"<td>{asked}</td>" in page  # the table
    # The verdict in words is formatted in Python (before: Dutch separators in English too).
    assert f"{asked}. {more}" in page
    assert ratio in page  # the ratio keeps its decimal, without trailing zero
    assert norm in page
    other = "2.000.000" if language == "en" else "2,000,000"
    assert other not in page
    assert 'id="year-2026"' in page and ">2026 " in page
    assert "2.026" not in page and "2,026" not in page


def test_import_page_counts_rows_and_writes_dates_out(world, client_for, settings, clock):
    """Row counts grouped (1.200 of 1.500); the upload moment as 1 december 2026, 10:00, not
    01-12-2026 10:00."""
    clock.travel_to(TODAY)
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders, start=2026)
    job = ImportJob.objects.create(
        agreement=agreement,
        file_name="voortgang.csv",
        uploaded_by=world.users["editor"],
        status=ImportStatus.VALIDATING,
        rows_total=1500,
        rows_done=1200,
    )
    client = client_for(world.users["editor"])
    job_url = reverse("monitoring:import_job", args=[agreement.uuid, job.uuid])
    page = _page(client, settings, job_url, "nl")
    assert "1 december 2026, 10:00" in page and "01-12-2026" not in page
    assert "1.200 van 1.500" in page
    page = _page(client, settings, job_url, "en")
    assert "1,200 of 1,500 rows checked" in page
    page = _page(client, settings, reverse("monitoring:import", args=[agreement.uuid]), "en")
    assert "1 December 2026, 10:00" in page


def test_chart_labels_follow_the_language():
    """The text next to the bars (``_bars.html``'s target_text and realised_text) is formatted
    in Python: before, with Dutch separators on English pages too. The widths stay machine
    numbers."""
    rows = [{"label": "2026", "target": Decimal("1500"), "realised": Decimal("1250.50")}]
    with translation.override("nl"):
        [row] = dashboards.bar_chart("t", rows)["rows"]
        assert (row["target_text"], row["realised_text"]) == ("1.500", "1.250,5")
    with translation.override("en"):
        [row] = dashboards.bar_chart("t", rows)["rows"]
        assert (row["target_text"], row["realised_text"]) == ("1,500", "1,250.5")
        assert (row["target_pct"], row["realised_pct"], row["label"]) == ("100.0", "83.4", "2026")
