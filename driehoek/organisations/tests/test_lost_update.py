"""No lost update for the organisation edit form (issue 9, item 4)."""

from __future__ import annotations

from django.urls import reverse

from driehoek.core.models import AuditEvent
from driehoek.core.tests.lost_update import assert_refused_keeping_typed, two_editors_save

from ..forms import OrganisationEditForm
from ..models import Role
from .factories import MembershipFactory


def test_two_admins_edit_the_organisation_the_second_is_refused_nothing_is_lost(world, client_for):
    org = world.gemeente
    second_admin = MembershipFactory(organisation=org, role=Role.ADMIN).user
    org.refresh_from_db()
    loaded = org.version
    events = AuditEvent.objects.filter(action="organisations.organisation.updated").count()
    url = reverse("organisations:edit", args=[org.slug])
    _ra, response_b, _data = two_editors_save(
        client_for(world.users["admin"]),
        client_for(second_admin),
        url,
        "description",
        "Gemeente met 40.000 inwoners.",
        "Een gemeente aan de rivier.",
    )
    assert_refused_keeping_typed(
        response_b,
        label=str(OrganisationEditForm.base_fields["description"].label),
        theirs="Gemeente met 40.000 inwoners.",
        typed="Een gemeente aan de rivier.",
        loaded=str(loaded),
    )
    org.refresh_from_db()
    assert org.description == "Gemeente met 40.000 inwoners."
    assert org.version == loaded + 1
    assert (
        AuditEvent.objects.filter(action="organisations.organisation.updated").count() == events + 1
    )
