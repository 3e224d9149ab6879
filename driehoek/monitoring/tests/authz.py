"""Monitoring URLs in the authorization walk.

Decisions: an agreement's progress, reports, evaluation and import are for its parties (404
for others; staff may look but not act: 403 on acting pages, as in agreements). Reporting,
reviewing, settings, import and evaluation writes need the editor role (403 for viewers).
The dashboards per gemeente, corporatie, huurders, region and the national one show aggregates
only, to every logged-in user. Reasonableness is for the corporatie, the organisations that
share an agreement with it, and staff.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from driehoek.core.testing import UrlCase
from driehoek.monitoring import imports
from driehoek.monitoring.models import ProgressStatus
from driehoek.organisations.tests.factories import RegionFactory

from .factories import make_agreement, make_commitment, make_report

LOGGED_IN = {"anonymous": 302, "*": 200}
PARTY_VIEW = {"anonymous": 302, "outsider": 404, "*": 200}
PARTY_EDIT = {"anonymous": 302, "outsider": 404, "viewer": 403, "staff": 403, "*": 200}
PARTY_EDIT_POST = {**PARTY_EDIT, "*": 400}


def url_cases(world):
    agreement = make_agreement(world.gemeente, world.corporatie, world.huurders)
    own = make_commitment(agreement, world.gemeente, targets={2026: 10})
    theirs = make_commitment(agreement, world.corporatie, targets={2026: 50}, cost=1000000)
    own_report = make_report(own)
    their_report = make_report(theirs, status=ProgressStatus.ON_TRACK)
    upload = SimpleUploadedFile(
        "voortgang.csv",
        f"referentie;jaar;kwartaal;gerealiseerd;status\n{own.reference};2026;1;5;op koers\n".encode(),
    )
    job, rows = imports.import_start(
        actor=world.users["editor"], agreement=agreement, upload=upload
    )
    imports.process_job(job.pk, rows=rows)
    region = RegionFactory()
    region.members.add(world.gemeente)
    a = {"agreement_id": agreement.uuid}
    return [
        UrlCase("monitoring:index", expect=LOGGED_IN),
        UrlCase("monitoring:agreement", a, expect=PARTY_VIEW),
        UrlCase(
            "monitoring:agreement",
            a,
            query="year=2026&theme=beschikbaarheid&party=gemeente",
            expect=PARTY_VIEW,
        ),
        UrlCase("monitoring:agreement", a, query="year=nonsense", expect={**PARTY_VIEW, "*": 400}),
        UrlCase("monitoring:report_create", {**a, "commitment_id": own.pk}, expect=PARTY_EDIT),
        # The gemeente's editors cannot report for the corporatie.
        UrlCase(
            "monitoring:report_create",
            {**a, "commitment_id": theirs.pk},
            expect={**PARTY_EDIT, "*": 403},
        ),
        UrlCase("monitoring:settings", a, expect=PARTY_EDIT),
        UrlCase("monitoring:import", a, expect=PARTY_EDIT),
        UrlCase("monitoring:import_template", a, expect=PARTY_EDIT),
        # An import's progress page: the agreement's party editors; 404 for other organisations.
        UrlCase("monitoring:import_job", {**a, "job_id": job.uuid}, expect=PARTY_EDIT),
        UrlCase("monitoring:evaluation", {**a, "year": 2026}, expect=PARTY_VIEW),
        UrlCase("monitoring:evaluation", {**a, "year": 1999}, expect={**PARTY_VIEW, "*": 404}),
        # Harmless POSTs: no evaluation exists, so completing and carrying over are refused.
        UrlCase(
            "monitoring:evaluation_complete",
            {**a, "year": 2026},
            method="post",
            data={},
            expect=PARTY_EDIT_POST,
        ),
        UrlCase(
            "monitoring:carry_over",
            {**a, "year": 2026},
            method="post",
            data={},
            expect=PARTY_EDIT_POST,
        ),
        UrlCase("monitoring:report_detail", {"report_id": own_report.uuid}, expect=PARTY_VIEW),
        # The gemeente reported own_report itself: it cannot review it.
        UrlCase(
            "monitoring:report_review",
            {"report_id": own_report.uuid},
            method="post",
            data={},
            expect={**PARTY_EDIT, "*": 403},
        ),
        # The corporatie's figure: the gemeente's editors may review; an empty form is refused.
        UrlCase(
            "monitoring:report_review",
            {"report_id": their_report.uuid},
            method="post",
            data={},
            expect=PARTY_EDIT_POST,
        ),
        # No evidence file on this report.
        UrlCase(
            "monitoring:report_evidence",
            {"report_id": own_report.uuid},
            expect={"anonymous": 302, "*": 404},
        ),
        UrlCase("monitoring:gemeente", {"slug": world.gemeente.slug}, expect=LOGGED_IN),
        UrlCase(
            "monitoring:gemeente",
            {"slug": world.corporatie.slug},
            expect={"anonymous": 302, "*": 404},
        ),
        UrlCase(
            "monitoring:corporatie",
            {"slug": world.corporatie.slug},
            query="party=corporatie",
            expect=LOGGED_IN,
        ),
        UrlCase("monitoring:huurders", {"slug": world.huurders.slug}, expect=LOGGED_IN),
        UrlCase("monitoring:region", {"slug": region.slug}, expect=LOGGED_IN),
        UrlCase("monitoring:national", expect=LOGGED_IN),
        UrlCase("monitoring:national", query="year=2026&theme=betaalbaarheid", expect=LOGGED_IN),
        UrlCase("monitoring:reasonableness", {"slug": world.corporatie.slug}, expect=PARTY_VIEW),
        # Only the corporatie's own editors record its room; staff look but do not record.
        UrlCase(
            "monitoring:financial_room",
            {"slug": world.corporatie.slug},
            expect={"anonymous": 302, "*": 404, "staff": 403},
        ),
    ]
