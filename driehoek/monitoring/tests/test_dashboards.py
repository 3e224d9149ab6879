from decimal import Decimal

from django.db.models import Q

from driehoek.agreements.models import Theme
from driehoek.monitoring import dashboards
from driehoek.monitoring.models import ProgressStatus, ReviewState

from .factories import make_agreement, make_commitment, make_report


def test_scope_dashboard_counts_and_sums(world):
    a = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(a, world.corporatie, targets={2026: 100})
    more = make_commitment(a, world.corporatie, targets={2026: 50})
    share = make_commitment(a, world.gemeente, unit="%", targets={2026: 95}, theme="betaalbaarheid")
    make_commitment(
        a, world.huurders, unit="bijeenkomsten", targets={2027: 1}, theme="samenwerking"
    )
    make_report(homes, quarter=1, realised=10, latest=False)
    make_report(homes, quarter=2, realised=40, state=ReviewState.CONTESTED)
    make_report(more, quarter=2, realised=20, status=ProgressStatus.AT_RISK)
    make_report(share, quarter=2, realised=96, status=ProgressStatus.ACHIEVED)
    data = dashboards.scope_dashboard(
        Q(agreement__cycle__gemeente=world.gemeente), dashboards.Filters(year=2026)
    )
    assert data["total"] == 4
    assert data["contested"] == 1
    totals = {s["code"]: s["n"] for s in data["status_totals"]}
    assert totals == {
        "achieved": 1,
        "on_track": 1,
        "at_risk": 1,
        "not_achieved": 0,
        "cancelled": 0,
        "none": 1,
    }
    sums = {r["label"]: (r["target"], r["realised"], r["count"]) for r in data["sum_rows"]}
    assert sums[f"{Theme.AVAILABILITY.label} – woningen"] == (Decimal("150"), Decimal("60"), 2)
    assert sums[f"{Theme.AFFORDABILITY.label} – %"] == (Decimal("95"), Decimal("96"), 1)
    only_corp = dashboards.scope_dashboard(
        Q(agreement__cycle__gemeente=world.gemeente),
        dashboards.Filters(year=2026, party="corporatie"),
    )
    assert only_corp["total"] == 2


def test_agreement_dashboard_per_theme_and_year(world):
    a = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(a, world.corporatie, targets={2025: 80, 2026: 100})
    make_report(homes, year=2025, quarter=4, realised=85, status=ProgressStatus.ACHIEVED)
    make_report(homes, year=2026, quarter=2, realised=45)
    data = dashboards.agreement_dashboard(a, dashboards.Filters(year=2026))
    chart = data["theme_charts"][0]
    assert [(r["label"], r["target"], r["realised"]) for r in chart["rows"]] == [
        ("2025", Decimal("80"), Decimal("85")),
        ("2026", Decimal("100"), Decimal("45")),
        ("2027", 0, 0),
    ]
    assert data["rows"][0]["light"] == "ok"


def test_national_figures_are_cached_until_a_report_changes(world, django_assert_num_queries):
    from datetime import date

    from driehoek.monitoring import services
    from driehoek.organisations.models import Role
    from driehoek.organisations.tests.factories import MembershipFactory

    a = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(a, world.corporatie, targets={2026: 100})
    other = make_commitment(a, world.corporatie, targets={2026: 50})
    reporter = MembershipFactory(organisation=world.corporatie, role=Role.EDITOR).user
    today = date(2026, 4, 15)

    def report(commitment, realised, status):
        return services.report_save(
            actor=reporter,
            commitment=commitment,
            period_year=2026,
            period_quarter=1,
            realised=realised,
            status=status,
            explanation="Vertraging bij de aannemer.",
            today=today,
        )

    report(homes, "10", ProgressStatus.ON_TRACK)
    filters = dashboards.Filters(year=2026)
    data, coverage = dashboards.national_dashboard(filters)
    assert data["total"] == 2 and coverage["with_agreement"] == 1
    with django_assert_num_queries(1):  # only the data version: the figures come from the cache
        again, _ = dashboards.national_dashboard(filters)
    assert again == data
    # A new report through the service raises the version: the next page counts it.
    report(other, "5", ProgressStatus.AT_RISK)
    fresh, _ = dashboards.national_dashboard(filters)
    totals = {s["code"]: s["n"] for s in fresh["status_totals"]}
    assert totals["at_risk"] == 1 and totals["none"] == 0
    # So does a correction of an existing figure.
    report(homes, "10", ProgressStatus.ACHIEVED)
    corrected, _ = dashboards.national_dashboard(filters)
    assert {s["code"]: s["n"] for s in corrected["status_totals"]}["achieved"] == 1
    # Filters and language are part of the key.
    assert (
        dashboards.national_dashboard(dashboards.Filters(year=2026, party="gemeente"))[0]["total"]
        == 0
    )
