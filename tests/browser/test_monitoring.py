"""Monitoring in a real browser: report progress, contest it, import a file with errors and
then a good one, read the dashboards. axe-core checks every page."""

import io

import pytest
from openpyxl import Workbook

from driehoek.monitoring import imports
from driehoek.monitoring.models import ProgressReport, ReviewState
from driehoek.monitoring.tests.factories import make_agreement, make_commitment
from driehoek.organisations.demo import email_for, organisations
from driehoek.organisations.demo import load as load_demo_organisations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class _Out:
    def write(self, *args, **kwargs):
        pass


@pytest.fixture
def demo():
    load_demo_organisations(_Out())
    orgs = organisations()
    agreement = make_agreement(
        orgs["gemeente"], orgs["corporatie"], orgs["huurders"], title="Afspraken Demodorp (test)"
    )
    homes = make_commitment(
        agreement,
        orgs["corporatie"],
        targets={2026: 100},
        cost=2_000_000,
        title="Nieuwe huurwoningen",
    )
    share = make_commitment(
        agreement,
        orgs["corporatie"],
        unit="%",
        targets={2026: 95},
        theme="betaalbaarheid",
        title="Passend toewijzen",
    )
    return {"agreement": agreement, "homes": homes, "share": share, "orgs": orgs}


def _xlsx(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["referentie", "jaar", "kwartaal", "gerealiseerd", "status", "toelichting"])
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _logout(page):
    page.click("header form button:has-text('Uitloggen')")
    page.wait_for_load_state("domcontentloaded")


def test_report_contest_import_and_dashboards(axe_page, demo, settings, monkeypatch):
    page = axe_page
    a = demo["agreement"]
    base = f"/monitoring/afspraak/{a.uuid}/"

    # The corporatie reports progress on its commitment.
    page.login(email_for("corporatie", "editor"), settings.DRIEHOEK_DEMO_PASSWORD)
    page.goto(base + "?year=2026")
    page.click(f"a[href*='/afspraken/{demo['homes'].pk}/rapporteren/']")
    axe_page.check()
    page.select_option("select[name=period_quarter]", "3")
    page.fill("input[name=realised]", "veertig")
    page.select_option("select[name=status]", "on_track")
    page.click("main form button[type=submit]")
    axe_page.check()
    assert "geen getal" in page.content()
    page.fill("input[name=realised]", "40")
    page.click("main form button[type=submit]")
    axe_page.check()
    assert "Wacht op bevestiging" in page.content()

    # Import: first a file with errors (nothing saved), then a good one.
    page.goto(base + "importeren/")
    ref, share = demo["homes"].reference, demo["share"].reference
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "voortgang.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": _xlsx(
                    [
                        (ref, 2026, 2, 25, "op koers"),
                        ("ONBEKEND-1", 2026, 2, 3, "op koers"),
                        (share, 2026, 2, 140, "op koers"),
                    ]
                ),
            }
        ],
    )
    page.click("main form button[type=submit]")
    axe_page.check()
    assert "Onbekende referentie" in page.content()
    assert "tussen 0 en 100" in page.content()
    assert "Er is niets opgeslagen" in page.content()
    assert ProgressReport.objects.count() == 1
    # The errors are on the import's own page; upload a corrected file from the import page.
    page.click("text=Een verbeterd bestand uploaden")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "voortgang.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": _xlsx(
                    [
                        (ref, 2026, 2, 25, "op koers"),
                        (share, 2026, 3, 94.5, "risico", "Grote gezinnen"),
                    ]
                ),
            }
        ],
    )
    page.click("main form button[type=submit]")
    axe_page.check()
    assert "zijn opgeslagen" in page.content()
    assert ProgressReport.objects.count() == 3

    # A larger file is processed after the upload (here: a background thread, as on `make run`);
    # its page refreshes itself without JavaScript until the import is done.
    monkeypatch.setattr(imports, "INLINE_ROWS", 2)
    page.goto(base + "importeren/")
    page.set_input_files(
        "input[name=file]",
        files=[
            {
                "name": "groot.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": _xlsx(
                    [
                        (ref, 2026, 2, 26, "op koers"),
                        (ref, 2026, 3, 41, "op koers"),
                        (share, 2026, 3, 95, "risico", "Grote gezinnen"),
                    ]
                ),
            }
        ],
    )
    page.click("main form button[type=submit]")
    assert "/importeren/" in page.url and page.url != base + "importeren/"
    page.wait_for_selector("text=Alle 3 regels zijn opgeslagen", timeout=20_000)
    axe_page.check()
    assert ProgressReport.objects.get(commitment=demo["homes"], period_quarter=3).realised == 41

    # Settings and the financial room (bad input first: a Dutch message next to the field).
    page.goto(base + "instellingen/")
    corporatie = demo["orgs"]["corporatie"]
    page.goto(f"/monitoring/redelijkheid/{corporatie.slug}/financiele-ruimte/")
    page.fill("input[name=ibw_new_build]", "veel")
    page.click("main form button[type=submit]")
    axe_page.check()
    assert "Vul een getal in" in page.content()
    page.fill("input[name=ibw_new_build]", "1500000")
    page.fill("input[name=icr]", "1,2")
    page.click("main form button[type=submit]")
    axe_page.check()
    assert "Redelijkheid" in page.locator("h1").inner_text()
    assert "ICR" in page.content()
    _logout(page)

    # The tenant organisation contests the figure.
    page.login(email_for("huurders", "editor"), settings.DRIEHOEK_DEMO_PASSWORD)
    page.goto("/monitoring/")
    assert "Nieuwe huurwoningen" in page.content()  # waiting for our confirmation
    report = ProgressReport.objects.get(commitment=demo["homes"], period_quarter=3)
    page.goto(report.get_absolute_url())
    page.page.check("input[name=decision][value=contested]")
    page.click("main form button[type=submit]")
    axe_page.check()
    assert "Geef aan waarom" in page.content()
    page.page.check("input[name=decision][value=contested]")
    page.fill("textarea[name=reason]", "Wij tellen 32 opgeleverde woningen.")
    page.click("main form button[type=submit]")
    axe_page.check()
    report.refresh_from_db()
    assert report.review_state == ReviewState.CONTESTED
    assert "Betwist" in page.content()

    # Dashboards and the other pages.
    for path in [
        base + "?year=2026",
        base + "?year=2026&theme=beschikbaarheid&party=corporatie",
        base + "evaluatie/2026/",
        "/monitoring/landelijk/?year=2026",
        f"/monitoring/gemeente/{demo['orgs']['gemeente'].slug}/?year=2026",
        f"/monitoring/corporatie/{corporatie.slug}/?year=2026",
        f"/monitoring/huurders/{demo['orgs']['huurders'].slug}/?year=2026",
        f"/monitoring/redelijkheid/{corporatie.slug}/",
    ]:
        page.goto(path)
    page.goto(base + "?year=2026")
    assert page.locator(".dh-chart .dh-bars__row").count() >= 2  # status chart and per-year bars
    assert "betwist" in page.content()
