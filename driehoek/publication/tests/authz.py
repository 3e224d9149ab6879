"""Every publication URL (pages and API) with the expected status per persona.

Public pages and the API answer everyone alike. The decision page is for the parties:
outsiders get 404, every member of a party may look, only signatories and administrators
decide (the POST below sends an invalid decision, so it changes nothing)."""

from __future__ import annotations

from driehoek.core.testing import UrlCase

from . import factories as f

PUBLIC = {"*": 200}
NOT_FOUND = {"*": 404}
LOGIN = {"anonymous": 302, "*": 200}
PARTY_PAGE = {"anonymous": 302, "outsider": 404, "*": 200}
# An invalid decision: deciders get the form back (400), others are refused.
PARTY_POST = {
    "anonymous": 302,
    "outsider": 404,
    "viewer": 403,
    "editor": 403,
    "signatory": 400,
    "admin": 400,
    "staff": 403,
}
MISSING = "00000000-0000-0000-0000-000000000000"


def url_cases(world) -> list[UrlCase]:
    public = f.published(gemeente=world.gemeente, others=[world.corporatie, world.huurders])
    signed = f.sign(f.agreement(gemeente=world.gemeente, others=[world.corporatie]))
    draft = f.agreement(gemeente=world.gemeente, others=[world.corporatie])
    commitment = public.commitments.first()
    region = world.gemeente.regions.create(name="Regio Publicatie", slug="regio-publicatie")
    a = {"agreement_id": public.uuid}
    d = {"agreement_id": draft.uuid}
    return [
        UrlCase("publication:index", expect=PUBLIC),
        UrlCase("publication:index", query="theme=betaalbaarheid&year=2025", expect=PUBLIC),
        UrlCase("publication:index", query="year=twintig", expect={"*": 400}),
        UrlCase("publication:open_data", expect=PUBLIC),
        UrlCase("publication:feed", expect=PUBLIC),
        UrlCase("publication:agreement", a, expect=PUBLIC),
        UrlCase("publication:agreement", d, expect=NOT_FOUND),
        UrlCase("publication:agreement", {"agreement_id": signed.uuid}, expect=NOT_FOUND),
        UrlCase("publication:agreement_pdf", a, expect=PUBLIC),
        UrlCase("publication:agreement_pdf", d, expect=NOT_FOUND),
        UrlCase("publication:agreement_xlsx", a, expect=PUBLIC),
        UrlCase("publication:agreement_xlsx", d, expect=NOT_FOUND),
        UrlCase("publication:organisation", {"slug": world.gemeente.slug}, expect=PUBLIC),
        UrlCase("publication:organisation", {"slug": "bestaat-niet"}, expect=NOT_FOUND),
        UrlCase("publication:calendar", {"slug": world.gemeente.slug}, expect=PUBLIC),
        UrlCase("publication:calendar", {"slug": "bestaat-niet"}, expect=NOT_FOUND),
        UrlCase("publication:region", {"slug": region.slug}, expect=PUBLIC),
        UrlCase("publication:region", {"slug": "bestaat-niet"}, expect=NOT_FOUND),
        UrlCase("publication:mine", expect=LOGIN),
        UrlCase("publication:manage", {"agreement_id": signed.uuid}, expect=PARTY_PAGE),
        UrlCase(
            "publication:manage",
            {"agreement_id": signed.uuid},
            method="post",
            data={"decision": "nonsense"},
            expect=PARTY_POST,
        ),
        UrlCase(
            "publication:manage",
            {"agreement_id": MISSING},
            expect={"anonymous": 302, "*": 404},
        ),
        # API
        UrlCase("api:list_published_agreements", expect=PUBLIC),
        UrlCase("api:list_published_agreements", query="page_size=500", expect={"*": 422}),
        UrlCase("api:list_published_agreements", query="gemeente=nergens", expect=NOT_FOUND),
        UrlCase("api:get_published_agreement", a, expect=PUBLIC),
        UrlCase("api:get_published_agreement", d, expect=NOT_FOUND),
        UrlCase("api:list_agreement_commitments", a, expect=PUBLIC),
        UrlCase("api:list_agreement_commitments", d, expect=NOT_FOUND),
        UrlCase("api:list_published_commitments", expect=PUBLIC),
        UrlCase("api:list_published_commitments", query="theme=kasteel", expect={"*": 422}),
        UrlCase("api:get_published_commitment", {"commitment_id": commitment.uuid}, expect=PUBLIC),
        UrlCase(
            "api:get_published_commitment",
            {"commitment_id": draft.commitments.first().uuid},
            expect=NOT_FOUND,
        ),
        UrlCase("api:list_progress", expect=PUBLIC),
        UrlCase("api:list_parties", expect=PUBLIC),
        UrlCase("api:list_cycles", expect=PUBLIC),
        UrlCase("api:get_cycle", {"cycle_id": public.cycle.uuid}, expect=PUBLIC),
        UrlCase("api:get_cycle", {"cycle_id": MISSING}, expect=NOT_FOUND),
        UrlCase("api:bulk_csv", {"dataset": "commitments"}, expect=PUBLIC),
        UrlCase("api:bulk_csv", {"dataset": "comments"}, expect={"*": 422}),
        UrlCase("api:bulk_json", {"dataset": "agreements"}, expect=PUBLIC),
    ]
