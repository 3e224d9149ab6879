import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from openpyxl import Workbook, load_workbook

from driehoek.monitoring.models import (
    ImportJob,
    ImportStatus,
    ProgressReport,
    ReviewState,
    SentNotice,
)

from .factories import make_agreement, make_commitment, make_report


@pytest.fixture
def setup(world):
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    homes = make_commitment(
        agreement, world.corporatie, targets={2026: 100}, cost=2_000_000, title="Nieuwbouw"
    )
    share = make_commitment(
        agreement, world.gemeente, unit="%", targets={2026: 95}, theme="betaalbaarheid"
    )
    return {
        "agreement": agreement,
        "homes": homes,
        "share": share,
        "corp": world.member(world.corporatie, "editor"),
        "huur": world.member(world.huurders, "editor"),
    }


def test_report_contest_flow(setup, world, client_for):
    a = setup["agreement"]
    corp = client_for(setup["corp"])
    url = reverse("monitoring:report_create", args=[a.uuid, setup["homes"].pk])
    bad = corp.post(
        url,
        {"period_year": 2026, "period_quarter": "1", "realised": "twaalf", "status": "on_track"},
    )
    assert bad.status_code == 400
    assert "aria-invalid" in bad.content.decode()
    assert not ProgressReport.objects.exists()
    ok = corp.post(
        url, {"period_year": 2026, "period_quarter": "1", "realised": "30", "status": "on_track"}
    )
    assert ok.status_code == 302
    report = ProgressReport.objects.get()
    huur = client_for(setup["huur"])
    review_url = reverse("monitoring:report_review", args=[report.uuid])
    no_reason = huur.post(review_url, {"organisation": world.huurders.pk, "decision": "contested"})
    assert no_reason.status_code == 400
    assert (
        huur.post(
            review_url,
            {"organisation": world.huurders.pk, "decision": "contested", "reason": "Wij tellen 20"},
        ).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.review_state == ReviewState.CONTESTED
    page = client_for(world.users["viewer"]).get(
        reverse("monitoring:agreement", args=[a.uuid]) + "?year=2026"
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nieuwbouw" in body and 'role="img"' in body and "<title" in body
    detail = client_for(world.users["viewer"]).get(report.get_absolute_url()).content.decode()
    assert "Wij tellen 20" in detail


def test_evidence_file_download(setup, client_for, world):
    corp = client_for(setup["corp"])
    url = reverse("monitoring:report_create", args=[setup["agreement"].uuid, setup["homes"].pk])
    f = SimpleUploadedFile("oplevering.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    corp.post(
        url,
        {
            "period_year": 2026,
            "period_quarter": "2",
            "realised": "30",
            "status": "on_track",
            "evidence_file": f,
        },
    )
    report = ProgressReport.objects.get()
    resp = client_for(world.users["viewer"]).get(
        reverse("monitoring:report_evidence", args=[report.uuid])
    )
    assert resp.status_code == 200
    assert b"".join(resp.streaming_content) == b"%PDF-1.4 test"
    assert (
        client_for(world.users["outsider"])
        .get(reverse("monitoring:report_evidence", args=[report.uuid]))
        .status_code
        == 404
    )


def _xlsx(
    rows,
    header=(
        "referentie",
        "jaar",
        "kwartaal",
        "gerealiseerd",
        "status",
        "toelichting",
        "bewijs_link",
    ),
):
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("voortgang.xlsx", buf.getvalue())


def test_template_is_prefilled(setup, client_for):
    resp = client_for(setup["corp"]).get(
        reverse("monitoring:import_template", args=[setup["agreement"].uuid])
    )
    assert resp.status_code == 200
    ws = load_workbook(io.BytesIO(resp.content)).active
    refs = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert refs == [setup["homes"].reference, setup["share"].reference]


def test_import_all_or_nothing_with_dutch_row_errors(setup, client_for):
    a = setup["agreement"]
    url = reverse("monitoring:import", args=[a.uuid])
    corp = client_for(setup["corp"])
    ref = setup["homes"].reference
    bad = corp.post(
        url,
        {
            "file": _xlsx(
                [
                    (ref, 2026, 1, 20, "op koers"),
                    ("X-999", 2026, 1, 5, "op koers"),
                    (ref, 2026, 2, "veel", "gehaald"),
                    (setup["share"].reference, 2026, 1, 50, "op koers"),
                    (ref, 2026, 3, 25, "misschien"),
                ]
            )
        },
    )
    assert bad.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and not job.file
    assert [row for row, _ in job.errors] == [3, 4, 5, 6]
    body = corp.get(bad.url).content.decode()
    assert "X-999" in body and "Onbekende referentie" in body
    assert "veel" in body
    assert not ProgressReport.objects.exists()
    good = corp.post(
        url,
        {
            "file": _xlsx(
                [(ref, 2026, 1, 20, "op koers"), (ref, 2026, 2, 35, "risico", "Vertraging")]
            )
        },
    )
    assert good.status_code == 302
    assert "zijn opgeslagen" in corp.get(good.url).content.decode()
    assert ProgressReport.objects.count() == 2
    assert ProgressReport.objects.get(is_latest=True).period_quarter == 2


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("kapot.xlsx", b"not a zip"),
        SimpleUploadedFile("tekst.txt", b"hallo"),
        SimpleUploadedFile("leeg.csv", b""),
    ],
    ids=["broken-xlsx", "wrong-type", "empty"],
)
def test_broken_files_are_refused(setup, client_for, upload):
    resp = client_for(setup["corp"]).post(
        reverse("monitoring:import", args=[setup["agreement"].uuid]), {"file": upload}
    )
    assert resp.status_code == 400
    assert not ProgressReport.objects.exists()


def test_wrong_columns_and_csv(setup, client_for):
    url = reverse("monitoring:import", args=[setup["agreement"].uuid])
    corp = client_for(setup["corp"])
    resp = corp.post(url, {"file": _xlsx([("a", 1)], header=("code", "waarde"))})
    assert resp.status_code == 400
    assert "kolommen" in resp.content.decode()
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(["referentie", "jaar", "kwartaal", "gerealiseerd", "status"])
    w.writerow([setup["homes"].reference, "2026", "3", "45", "gehaald"])
    ok = corp.post(url, {"file": SimpleUploadedFile("v.csv", buf.getvalue().encode("utf-8"))})
    assert ok.status_code == 302, ok.content.decode()[-2000:]
    assert ProgressReport.objects.get().realised == 45


def test_import_refuses_rows_for_another_party(setup, client_for):
    resp = client_for(setup["corp"]).post(
        reverse("monitoring:import", args=[setup["agreement"].uuid]),
        {"file": _xlsx([(setup["share"].reference, 2026, 1, 50, "op koers")])},
    )
    assert resp.status_code == 302
    assert ImportJob.objects.get().status == ImportStatus.FAILED
    assert not ProgressReport.objects.exists()


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


def test_import_refuses_closed_periods_and_duplicates(setup, client_for):
    from driehoek.monitoring.models import MonitoringSettings

    MonitoringSettings.objects.create(agreement=setup["agreement"], closed_until=date(2026, 3, 31))
    ref = setup["homes"].reference
    resp = client_for(setup["corp"]).post(
        reverse("monitoring:import", args=[setup["agreement"].uuid]),
        {
            "file": _xlsx(
                [
                    (ref, 2026, 1, 5, "op koers"),
                    (ref, 2026, 2, 6, "op koers"),
                    (ref, 2026, 2, 7, "op koers"),
                ]
            )
        },
    )
    assert resp.status_code == 302
    body = client_for(setup["corp"]).get(resp.url).content.decode()
    assert "2026 Q1 is gesloten" in body
    assert "twee keer" in body
    assert not ProgressReport.objects.exists()


def test_settings_page_closes_periods(setup, world, client_for):
    client = client_for(world.users["editor"])
    url = reverse("monitoring:settings", args=[setup["agreement"].uuid])
    assert (
        client.post(
            url, {"frequency": "quarter", "closed_until": "2026-06-30", "report_due_days": 30}
        ).status_code
        == 302
    )
    bad = client.post(
        url, {"frequency": "quarter", "closed_until": "2026-03-31", "report_due_days": 30}
    )
    assert bad.status_code == 400
    assert "30-06-2026" in bad.content.decode()


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
