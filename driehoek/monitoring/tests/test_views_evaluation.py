"""Monitoring pages after reporting: evaluation and carry-over, reasonableness, bounded
dashboard queries and deadline notices."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from driehoek.monitoring.models import SentNotice

from .factories import make_agreement, make_commitment, make_report
from .helpers import page_setup


@pytest.fixture
def setup(world):
    return page_setup(world)


def test_evaluation_pages(setup, world, client_for):
    a = setup["agreement"]
    make_report(setup["homes"], quarter=4, realised=60, status="not_achieved", state="confirmed")
    url = reverse("monitoring:evaluation", args=[a.uuid, 2026])
    gem = client_for(world.users["editor"])
    page = gem.get(url)
    assert page.status_code == 200
    assert "60" in page.content.decode()  # pre-filled from the reports
    data = {
        "organisation": world.gemeente.pk,
        "view": "Wij zijn tevreden",
        "beschikbaarheid__lessons": "Eerder beginnen",
    }
    assert gem.post(url, data).status_code == 302
    refused = gem.post(
        reverse("monitoring:evaluation_complete", args=[a.uuid, 2026]),
        {"organisation": world.gemeente.pk},
    )
    assert refused.status_code == 400
    assert world.corporatie.name in refused.content.decode()


def test_reasonableness_page(setup, world, client_for):
    client = client_for(setup["corp"])
    form = client.post(
        reverse("monitoring:financial_room", args=[world.corporatie.slug]),
        {
            "year": 2026,
            "ibw_new_build": "500000",
            "ibw_improvement": "800000",
            "ibw_rent_moderation": "300000",
            "icr": "1,6",
            "ltv": "72",
            "solvency": "31",
            "icr_norm": "1.4",
            "ltv_norm": "70",
            "solvency_norm": "30",
        },
    )
    assert form.status_code == 302
    bad = client.post(
        reverse("monitoring:financial_room", args=[world.corporatie.slug]),
        {"year": 2026, "ltv": "veel", "icr_norm": "1.4", "ltv_norm": "70", "solvency_norm": "30"},
    )
    assert bad.status_code == 400
    page = client_for(world.users["viewer"]).get(
        reverse("monitoring:reasonableness", args=[world.corporatie.slug])
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "LTV" in body and "800.000" in body


def _grow(world, agreements, commitments_each):
    from driehoek.organisations.tests.factories import OrganisationFactory

    for i in range(agreements):
        g = world.gemeente if i == 0 else OrganisationFactory(kind="gemeente")
        a = make_agreement(g, world.corporatie, world.huurders)
        for j in range(commitments_each):
            c = make_commitment(
                a,
                world.corporatie,
                targets={2026: 10 + j},
                theme=["beschikbaarheid", "leefbaarheid"][j % 2],
            )
            make_report(
                c,
                quarter=1 + j % 4,
                realised=j,
                status=["on_track", "at_risk", "achieved"][j % 3],
                state=["awaiting", "contested", "confirmed"][j % 3],
            )
    return a


@pytest.mark.parametrize(
    "name", ["national", "gemeente", "corporatie", "huurders", "region", "agreement"]
)
def test_dashboard_query_count_is_bounded(world, client_for, django_assert_max_num_queries, name):
    from driehoek.organisations.tests.factories import RegionFactory

    region = RegionFactory()
    region.members.add(world.gemeente)
    client = client_for(world.users["viewer"])

    def url(agreement):
        return {
            "national": reverse("monitoring:national"),
            "gemeente": reverse("monitoring:gemeente", args=[world.gemeente.slug]),
            "corporatie": reverse("monitoring:corporatie", args=[world.corporatie.slug]),
            "huurders": reverse("monitoring:huurders", args=[world.huurders.slug]),
            "region": reverse("monitoring:region", args=[region.slug]),
            "agreement": reverse("monitoring:agreement", args=[agreement.uuid]),
        }[name] + "?year=2026"

    from django.core.cache import cache

    small = _grow(world, 1, 3)
    first = world.gemeente.cycles.first().agreements.first()
    client.get(url(first))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # the national page is cached: count the queries of a page computed afresh
    with CaptureQueriesContext(connection) as small_q:
        assert client.get(url(first)).status_code == 200
    _grow(world, 10, 40)
    cache.clear()
    with django_assert_max_num_queries(len(small_q)):
        assert client.get(url(first)).status_code == 200
    assert small is not None


def test_notices_are_idempotent_and_shown(setup, world, client_for):
    from driehoek.monitoring.notices import send_notices

    from .factories import make_cycle

    make_cycle(world.gemeente, 2026, [world.corporatie])
    made = send_notices(today=date(2026, 6, 20))
    kinds = {n.kind for n in made}
    assert kinds == {"cycle_date", "report_overdue"}
    assert send_notices(today=date(2026, 6, 20)) == []
    overdue = SentNotice.objects.filter(kind="report_overdue", organisation=world.corporatie)
    assert overdue.exists()
    from django.core import mail

    assert mail.outbox
    call_command("send_deadline_notices", "--today", "2026-06-20", stdout=io.StringIO())
    assert SentNotice.objects.count() == len(made)
    page = client_for(world.users["viewer"]).get(reverse("monitoring:index"))
    assert page.status_code == 200
    # "Shown": the viewer (of the gemeente) sees each notice sent to the gemeente.
    html = page.content.decode()
    own = SentNotice.objects.filter(organisation=world.gemeente)
    assert own.exists()
    for notice in own:
        assert escape(notice.message) in html
    assert "Geen meldingen" not in html


def test_reasonableness_visible_to_work_area_and_tenant_bodies(world, client_for):
    from driehoek.organisations.models import TenantRepresentation, WorkArea
    from driehoek.organisations.tests.factories import OrganisationFactory

    other_gemeente = OrganisationFactory(kind="gemeente")
    tenants = OrganisationFactory(kind="huurdersorganisatie")
    url = reverse("monitoring:reasonableness", args=[world.corporatie.slug])
    g_user = world.member(other_gemeente, "viewer")
    t_user = world.member(tenants, "viewer")
    assert client_for(g_user).get(url).status_code == 404
    assert client_for(t_user).get(url).status_code == 404
    WorkArea.objects.create(organisation=world.corporatie, gemeente=other_gemeente)
    TenantRepresentation.objects.create(tenant_body=tenants, corporatie=world.corporatie)
    g_user._dh_memberships = t_user._dh_memberships = None
    assert client_for(g_user).get(url).status_code == 200
    assert client_for(t_user).get(url).status_code == 200


def test_complete_and_carry_over_through_the_pages(setup, world, client_for):
    from driehoek.monitoring.models import Evaluation

    from .factories import make_agreement as agreement_factory

    a = setup["agreement"]
    make_report(setup["homes"], quarter=4, realised=60, status="not_achieved", state="confirmed")
    url = reverse("monitoring:evaluation", args=[a.uuid, 2026])
    for user, org in (
        (world.users["editor"], world.gemeente),
        (setup["corp"], world.corporatie),
        (setup["huur"], world.huurders),
    ):
        data = {
            "organisation": org.pk,
            "view": f"Kijk van {org.name}",
            "beschikbaarheid__lessons": "Eerder grond",
        }
        assert client_for(user).post(url, data).status_code == 302
    gem = client_for(world.users["editor"])
    done = gem.post(
        reverse("monitoring:evaluation_complete", args=[a.uuid, 2026]),
        {"organisation": world.gemeente.pk},
    )
    assert done.status_code == 302
    nxt = agreement_factory(
        world.gemeente,
        world.corporatie,
        world.huurders,
        start=2027,
        end=2027,
        status="negotiation",
        kind="jaarschijf",
    )
    page = gem.get(url)
    assert nxt.title in page.content.decode()
    moved = gem.post(
        reverse("monitoring:carry_over", args=[a.uuid, 2026]),
        {"organisation": world.gemeente.pk, "target": nxt.pk},
    )
    assert moved.status_code == 302
    assert Evaluation.objects.get(agreement=a, year=2026).carried_over_to == nxt
    assert nxt.commitments.filter(origin=setup["homes"]).exists()
