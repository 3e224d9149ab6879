"""Nothing that is not published reaches the public.

One world with secrets everywhere: draft agreements, agreements in negotiation and waiting
for signatures, a signed agreement not every party agreed to publish, comments, positions,
proposals, open points, a dispute, progress that is awaiting confirmation or contested, the
reasons of reviews and refusals, evaluation views, and personal data (names and e-mail
addresses of users and signatories, a community registration). Then every public page, every
API endpoint, both feeds and every download (PDF text, Excel cells, CSV, JSON) is fetched and
searched for each secret marker.
"""

from __future__ import annotations

import io
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from driehoek.accounts.tests.factories import UserFactory
from driehoek.agreements.models import (
    Comment,
    Dispute,
    Interest,
    OpenPoint,
    Position,
    Proposal,
)
from driehoek.organisations.models import Membership, Role
from driehoek.organisations.tests.factories import RegionFactory

from . import factories as f

pytestmark = pytest.mark.django_db

SECRETS = {
    "draft": "GEHEIM-CONCEPT",
    "negotiation": "GEHEIM-ONDERHANDELING",
    "signing": "GEHEIM-TER-ONDERTEKENING",
    "not_consented": "GEHEIM-NIET-INSTEMD",
    "comment": "GEHEIM-REACTIE",
    "position": "GEHEIM-STANDPUNT",
    "proposal": "GEHEIM-VOORSTEL",
    "open_point": "GEHEIM-OPEN-PUNT",
    "dispute": "GEHEIM-GESCHIL",
    "interest": "GEHEIM-BELANG",
    "awaiting": "GEHEIM-WACHT-OP-BEVESTIGING",
    "contested": "GEHEIM-BETWIST",
    "review": "GEHEIM-REDEN-BETWISTING",
    "decline": "GEHEIM-REDEN-WEIGERING",
    "evaluation": "GEHEIM-EVALUATIE",
    "signer": "Geheime Ondertekenaar",
    "user_name": "Geheime Gebruiker",
    "user_email": "geheim.persoon@example.org",
    "registration": "geheim.deelnemer@example.org",
    "submission_note": "GEHEIM-INDIENINGSNOTITIE",
    "awaiting_figure": "987654",
    "contested_figure": "876543",
}


@pytest.fixture
def secret_world(world):
    from driehoek.monitoring.models import (
        Evaluation,
        EvaluationView,
        ReportReview,
        ReviewDecision,
    )

    g, c, h = world.gemeente, world.corporatie, world.huurders
    region = RegionFactory()
    region.members.add(g)
    person = UserFactory(full_name=SECRETS["user_name"], email=SECRETS["user_email"])
    for org in (g, c, h):
        Membership.objects.create(user=person, organisation=org, role=Role.SIGNATORY)

    public = f.sign(
        f.agreement(gemeente=g, others=[c, h]),
        signer_name=SECRETS["signer"],
        user=person,
        reason=SECRETS["decline"],
    )
    public.created_by = person
    public.submission_note = SECRETS["submission_note"]
    public.save()
    f.publish(public)
    commitment = public.commitments.first()
    clause = public.clauses.first()

    # Talk about the published agreement that stays private.
    Comment.objects.create(
        agreement=public,
        commitment=commitment,
        organisation=h,
        author=person,
        text=SECRETS["comment"],
    )
    Position.objects.create(
        agreement=public,
        commitment=commitment,
        organisation=h,
        stance="disagree",
        note=SECRETS["position"],
    )
    Position.objects.create(
        agreement=public, clause=clause, organisation=c, stance="open", note=SECRETS["position"]
    )
    Proposal.objects.create(
        agreement=public,
        commitment=commitment,
        organisation=h,
        proposed_by=person,
        new_text=SECRETS["proposal"],
        reason=SECRETS["proposal"],
    )
    OpenPoint.objects.create(
        agreement=public, commitment=commitment, owner=g, title=SECRETS["open_point"]
    )
    Dispute.objects.create(
        agreement=public,
        organisation=h,
        started_by=person,
        arose_on=timezone.localdate(),
        description=SECRETS["dispute"],
    )
    Interest.objects.create(
        cycle=public.cycle, organisation=h, theme="betaalbaarheid", text=SECRETS["interest"]
    )

    # Progress: one confirmed (public), one awaiting, one contested with a review reason.
    f.report(commitment, quarter=1, realised="12", explanation="Bevestigde voortgang")
    f.report(
        commitment,
        quarter=2,
        realised=SECRETS["awaiting_figure"],
        state="awaiting",
        explanation=SECRETS["awaiting"],
    )
    contested = f.report(
        commitment,
        quarter=3,
        realised=SECRETS["contested_figure"],
        state="contested",
        explanation=SECRETS["contested"],
    )
    ReportReview.objects.create(
        report=contested,
        organisation=h,
        decision=ReviewDecision.CONTESTED,
        reason=SECRETS["review"],
        user=person,
    )
    evaluation = Evaluation.objects.create(agreement=public, year=2025)
    EvaluationView.objects.create(
        evaluation=evaluation, organisation=h, text=SECRETS["evaluation"], updated_by=person
    )

    # Agreements that are not public, with secrets in every text field.
    def hidden(marker, status):
        a = f.agreement(gemeente=g, others=[c, h], title=marker, text=marker, status=status)
        a.commitments.update(summary_b1=marker, description=marker, indicator=marker)
        return a

    hidden(SECRETS["draft"], "draft")
    hidden(SECRETS["negotiation"], "negotiation")
    hidden(SECRETS["signing"], "signing")
    not_consented = f.sign(
        f.agreement(
            gemeente=g, others=[c, h], title=SECRETS["not_consented"], text=SECRETS["not_consented"]
        )
    )
    f.report(not_consented.commitments.first(), realised="5", explanation=SECRETS["not_consented"])
    # Only one party agreed to publish.
    from driehoek.publication.models import PublicationConsent

    PublicationConsent.objects.create(
        agreement=not_consented, organisation=g, decided_at=timezone.now()
    )

    # Personal data elsewhere in the product.
    try:
        from driehoek.community import services as community_services
        from driehoek.community.tests.factories import CommunityFactory, MeetingFactory

        community = CommunityFactory()
        MeetingFactory(community=community)
        community_services.registration_create(
            community=community,
            name=SECRETS["user_name"],
            email=SECRETS["registration"],
            party="huurders",
            organisation_name=h.name,
            consent=True,
        )
    except ImportError:  # pragma: no cover - community absent
        pass
    return public, commitment, region


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        out = subprocess.run(["pdftotext", "-", "-"], input=body, capture_output=True, check=True)
        return out.stdout.decode() + body.decode("latin-1")
    if "spreadsheetml" in kind:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(body))
        return "\n".join(
            str(cell.value) for ws in wb.worksheets for row in ws.iter_rows() for cell in row
        )
    return body.decode()


def public_urls(public, commitment, region, world) -> dict[str, list[str]]:
    """Every public URL name with the URLs to fetch for it."""
    a = {"agreement_id": public.uuid}
    orgs = [world.gemeente, world.corporatie, world.huurders]
    api = "/api/v1"
    bulk = [
        reverse(name, kwargs={"dataset": d})
        for name in ("api:bulk_csv", "api:bulk_json")
        for d in ("agreements", "parties", "commitments", "targets", "progress", "cycles")
    ]
    return {
        "publication:index": [
            reverse("publication:index"),
            reverse("publication:index") + "?theme=beschikbaarheid&year=2025&status=concluded",
            # (a search echoes the visitor's own words, so search for a party name instead)
            reverse("publication:index") + f"?q={world.gemeente.name}",
        ],
        "publication:open_data": [reverse("publication:open_data")],
        "publication:feed": [reverse("publication:feed")],
        "publication:agreement": [reverse("publication:agreement", kwargs=a)],
        "publication:agreement_pdf": [reverse("publication:agreement_pdf", kwargs=a)],
        "publication:agreement_xlsx": [reverse("publication:agreement_xlsx", kwargs=a)],
        "publication:organisation": [
            reverse("publication:organisation", kwargs={"slug": o.slug}) for o in orgs
        ],
        "publication:calendar": [
            reverse("publication:calendar", kwargs={"slug": o.slug}) for o in orgs
        ],
        "publication:region": [reverse("publication:region", kwargs={"slug": region.slug})],
        "api:list_published_agreements": [
            f"{api}/agreements",
            f"{api}/agreements?gemeente={world.gemeente.slug}&page_size=200",
        ],
        "api:get_published_agreement": [f"{api}/agreements/{public.uuid}"],
        "api:list_agreement_commitments": [f"{api}/agreements/{public.uuid}/commitments"],
        "api:list_published_commitments": [f"{api}/commitments?page_size=200"],
        "api:get_published_commitment": [f"{api}/commitments/{commitment.uuid}"],
        "api:list_progress": [f"{api}/progress?page_size=200"],
        "api:list_parties": [f"{api}/parties?page_size=200"],
        "api:list_cycles": [f"{api}/cycles?page_size=200"],
        "api:get_cycle": [f"{api}/cycles/{public.cycle.uuid}"],
        "api:bulk_csv": bulk[:6],
        "api:bulk_json": bulk[6:],
        "api:openapi-json": [f"{api}/openapi.json"],
    }


PRIVATE_NAMES = {"publication:mine", "publication:manage"}  # the parties' own decision pages


def test_every_public_url_is_checked(world):
    from driehoek.publication.api import router
    from tests.test_authorization import all_url_names

    mine = {n for n in all_url_names() if n.startswith("publication:")}
    api_names = {
        f"api:{op.view_func.__name__}"
        for pv in router.path_operations.values()
        for op in pv.operations
    }
    listed = {
        "publication:index",
        "publication:open_data",
        "publication:feed",
        "publication:agreement",
        "publication:agreement_pdf",
        "publication:agreement_xlsx",
        "publication:organisation",
        "publication:calendar",
        "publication:region",
        "api:list_published_agreements",
        "api:get_published_agreement",
        "api:list_agreement_commitments",
        "api:list_published_commitments",
        "api:get_published_commitment",
        "api:list_progress",
        "api:list_parties",
        "api:list_cycles",
        "api:get_cycle",
        "api:bulk_csv",
        "api:bulk_json",
    }
    assert mine - PRIVATE_NAMES <= listed
    assert api_names <= listed


def test_nothing_unpublished_or_personal_reaches_the_public(secret_world, world, client):
    public, commitment, region = secret_world
    urls = public_urls(public, commitment, region, world)
    failures = []
    seen = 0
    for name, paths in urls.items():
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            text = _text(response)
            seen += 1
            for key, marker in SECRETS.items():
                if marker in text:
                    failures.append(f"{name} {path}: {key} ({marker})")
            if name in (
                "publication:agreement",
                "api:get_published_agreement",
                "api:list_progress",
            ):
                assert "Bevestigde voortgang" in text, path  # the confirmed figure is there
    assert seen >= 30
    assert not failures, "\n".join(failures)


def test_unpublished_agreements_are_404_everywhere(secret_world, client):
    from driehoek.agreements.models import Agreement

    for a in Agreement.objects.exclude(publication__isnull=False):
        for path in (
            reverse("publication:agreement", kwargs={"agreement_id": a.uuid}),
            reverse("publication:agreement_pdf", kwargs={"agreement_id": a.uuid}),
            reverse("publication:agreement_xlsx", kwargs={"agreement_id": a.uuid}),
            f"/api/v1/agreements/{a.uuid}",
            f"/api/v1/agreements/{a.uuid}/commitments",
        ):
            assert client.get(path).status_code == 404, path
        for c in a.commitments.all():
            assert client.get(f"/api/v1/commitments/{c.uuid}").status_code == 404


def test_secret_figures_really_were_made(secret_world):
    """Guard against a vacuous test: the secrets exist in the database."""
    from driehoek.monitoring.models import ProgressReport

    assert ProgressReport.objects.filter(realised=Decimal(SECRETS["awaiting_figure"])).exists()
    assert ProgressReport.objects.filter(review_state="contested").exists()
    assert Comment.objects.filter(text=SECRETS["comment"]).exists()
