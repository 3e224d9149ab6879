from driehoek.core.testing import UrlCase
from driehoek.organisations.models import Invitation, OrganisationStatus, Role, WorkArea

from .factories import OrganisationFactory

PUBLIC = {"*": 200}
LOGIN_REQUIRED = {"anonymous": 302, "*": 200}
# Pages of world.gemeente that only its administrators (and staff) may use.
ADMIN_ONLY = {
    "anonymous": 302,
    "outsider": 404,
    "viewer": 403,
    "editor": 403,
    "signatory": 403,
    "admin": 200,
    "staff": 200,
}
ADMIN_ACTION = {**ADMIN_ONLY, "admin": 302, "staff": 302}
STAFF_ONLY = {"anonymous": 302, "*": 403, "staff": 200}
# Pages of world.corporatie: the role personas are members of the gemeente, so outsiders here.
CORPORATIE_ADMIN_ONLY = {"anonymous": 302, "*": 404, "staff": 200}


def url_cases(world):
    g = world.gemeente
    pending = OrganisationFactory(kind="huurdersorganisatie", status=OrganisationStatus.PENDING)
    invitation = Invitation.objects.create(
        organisation=g, email="nieuw@example.org", role=Role.VIEWER
    )
    open_invitation = Invitation.objects.create(organisation=g, email="open@example.org")
    admin_membership = g.memberships.get(user=world.users["admin"])
    region = world.gemeente.regions.create(name="Regio Test", slug="regio-test")
    c = world.corporatie
    area_gemeente = OrganisationFactory(name="Gemeente Werkgebied")
    WorkArea.objects.create(organisation=c, gemeente=area_gemeente, homes=10)
    return [
        UrlCase("organisations:directory", expect=PUBLIC),
        UrlCase(
            "organisations:directory", query="kind=gemeente&province=Utrecht&q=test", expect=PUBLIC
        ),
        UrlCase("organisations:detail", {"slug": g.slug}, expect=PUBLIC),
        # A registration waiting for approval is visible to its members and staff only.
        UrlCase("organisations:detail", {"slug": pending.slug}, expect={"*": 404, "staff": 200}),
        UrlCase("organisations:mine", expect=LOGIN_REQUIRED),
        UrlCase("organisations:register_tenant", expect=PUBLIC),
        UrlCase("organisations:regions", expect=PUBLIC),
        UrlCase("organisations:search", query="q=test&soort=gemeente&huidig=1", expect=PUBLIC),
        UrlCase("organisations:region", {"slug": region.slug}, expect=PUBLIC),
        UrlCase("organisations:invitation", {"token": open_invitation.token}, expect=PUBLIC),
        UrlCase("organisations:invitation", {"token": "no-such-token"}, expect={"*": 404}),
        UrlCase("organisations:members", {"slug": g.slug}, expect=ADMIN_ONLY),
        UrlCase("organisations:edit", {"slug": g.slug}, expect=ADMIN_ONLY),
        # Harmless POSTs: an invalid role; removing the last admin (refused); revoking twice.
        UrlCase(
            "organisations:member_role",
            {"slug": g.slug, "membership_id": admin_membership.pk},
            method="post",
            data={"role": "emperor"},
            expect=ADMIN_ACTION,
        ),
        UrlCase(
            "organisations:member_remove",
            {"slug": g.slug, "membership_id": admin_membership.pk},
            method="post",
            expect=ADMIN_ACTION,
        ),
        UrlCase(
            "organisations:invitation_revoke",
            {"slug": g.slug, "invitation_id": invitation.pk},
            method="post",
            expect=ADMIN_ACTION,
        ),
        # Mergers and splits: staff only; the POSTs are refused (a date in the future).
        UrlCase("organisations:record_merger", {"slug": g.slug}, expect=STAFF_ONLY),
        UrlCase("organisations:record_merger", {"slug": c.slug}, expect=STAFF_ONLY),
        UrlCase(
            "organisations:record_merger",
            {"slug": g.slug},
            method="post",
            data={"predecessors": [g.pk], "successor": world.outside.pk, "date": "2999-01-01"},
            expect={**STAFF_ONLY, "staff": 400},
        ),
        UrlCase("organisations:record_split", {"slug": g.slug}, expect=STAFF_ONLY),
        # A split is of a gemeente only.
        UrlCase(
            "organisations:record_split", {"slug": c.slug}, expect={**STAFF_ONLY, "staff": 403}
        ),
        UrlCase(
            "organisations:record_split",
            {"slug": g.slug},
            method="post",
            data={"main_successor": world.outside.pk, "date": "2999-01-01"},
            expect={**STAFF_ONLY, "staff": 400},
        ),
        # The work area: the corporatie's administrators and staff; a gemeente has none.
        UrlCase("organisations:work_area", {"slug": c.slug}, expect=CORPORATIE_ADMIN_ONLY),
        UrlCase(
            "organisations:work_area",
            {"slug": c.slug},
            query="q=werk",
            expect=CORPORATIE_ADMIN_ONLY,
        ),
        UrlCase(
            "organisations:work_area",
            {"slug": g.slug},
            expect={**ADMIN_ONLY, "admin": 403, "staff": 403},
        ),
        UrlCase(
            "organisations:work_area",
            {"slug": c.slug},
            method="post",
            data={"gemeente": area_gemeente.pk, "homes": "5"},  # a duplicate: refused
            expect={**CORPORATIE_ADMIN_ONLY, "staff": 400},
        ),
        # Several gemeenten at once from check boxes (the name filter narrows the list).
        UrlCase("organisations:work_area_add", {"slug": c.slug}, expect=CORPORATIE_ADMIN_ONLY),
        UrlCase(
            "organisations:work_area_add",
            {"slug": c.slug},
            query=f"q=werk&gemeenten={g.pk}",
            expect=CORPORATIE_ADMIN_ONLY,
        ),
        UrlCase(
            "organisations:work_area_add",
            {"slug": g.slug},
            expect={**ADMIN_ONLY, "admin": 403, "staff": 403},
        ),
        UrlCase(
            "organisations:work_area_add",
            {"slug": c.slug},
            method="post",
            data={"gemeenten": [area_gemeente.pk]},  # in the work area already: refused
            expect={**CORPORATIE_ADMIN_ONLY, "staff": 400},
        ),
        UrlCase(
            "organisations:work_area_add",
            {"slug": c.slug},
            method="post",
            data={},  # nothing ticked: refused
            expect={**CORPORATIE_ADMIN_ONLY, "staff": 400},
        ),
        # A corporatie's page lists its work area, sorted and paged.
        UrlCase(
            "organisations:detail", {"slug": c.slug}, query="sort=-homes&page=2", expect=PUBLIC
        ),
        UrlCase(
            "organisations:work_area_update",
            {"slug": c.slug, "gemeente_id": area_gemeente.pk},
            method="post",
            data={"homes": "-1"},  # refused
            expect={**CORPORATIE_ADMIN_ONLY, "staff": 302},
        ),
        UrlCase(
            "organisations:work_area_remove",
            {"slug": c.slug, "gemeente_id": area_gemeente.pk},
            expect=CORPORATIE_ADMIN_ONLY,
        ),
        UrlCase(
            "organisations:work_area_remove",
            {"slug": c.slug, "gemeente_id": g.pk},  # not in the work area
            expect={**CORPORATIE_ADMIN_ONLY, "staff": 404},
        ),
        UrlCase(
            "organisations:work_area_remove",
            {"slug": c.slug, "gemeente_id": g.pk},  # not in the work area: refused
            method="post",
            expect={**CORPORATIE_ADMIN_ONLY, "staff": 302},
        ),
        # A region's members: staff remove one at a time.
        UrlCase(
            "organisations:region_member_remove",
            {"slug": region.slug, "gemeente_id": g.pk},
            expect=STAFF_ONLY,
        ),
        UrlCase(
            "organisations:region_member_remove",
            {"slug": region.slug, "gemeente_id": world.outside.pk},
            expect={**STAFF_ONLY, "staff": 404},
        ),
        UrlCase(
            "organisations:region_member_remove",
            {"slug": region.slug, "gemeente_id": world.outside.pk},  # not a member: refused
            method="post",
            expect={**STAFF_ONLY, "staff": 302},
        ),
        UrlCase("organisations:approvals", expect=STAFF_ONLY),
        UrlCase(
            "organisations:decide",
            {"slug": pending.slug},
            method="post",
            data={"decision": "maybe"},
            expect={**STAFF_ONLY, "staff": 302},
        ),
        # Open data API and its documents: public.
        UrlCase("api:list_organisations", expect=PUBLIC),
        UrlCase("api:list_organisations", query="kind=nonsense", expect={"*": 422}),
        UrlCase("api:get_organisation", {"slug": g.slug}, expect=PUBLIC),
        UrlCase("api:get_organisation", {"slug": pending.slug}, expect={"*": 404}),
        UrlCase("api:list_regions", expect=PUBLIC),
        UrlCase("api:get_region", {"slug": region.slug}, expect=PUBLIC),
        UrlCase("api:openapi-json", expect=PUBLIC),
        UrlCase("api:openapi-view", expect=PUBLIC),
        UrlCase("api:api-root", expect={"*": 404}),
    ]
