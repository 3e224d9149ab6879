"""The agreement's history says who decided for whom when a successor signed or declined for a
predecessor that went up in it (issue 11)."""

from datetime import date

import pytest
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.agreements.models import Signature
from driehoek.organisations import services as org_services
from driehoek.organisations.tests.factories import MembershipFactory

from .test_successors import _sign, merger_setup  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_history_names_the_successor_that_decided_for_a_predecessor(
    world,
    merger_setup,  # noqa: F811  (the fixture imported above)
    client_for,
    clock,
):
    clock.travel_to("2026-12-01T10:00", tick=True)  # after the merger date below
    agreement, version, second, successor = merger_setup
    _sign(world, version, world.gemeente)  # the gemeente signs for itself
    org_services.record_merger(
        actor=UserFactory(is_staff=True),
        predecessors=[world.corporatie, second],
        successor=successor,
        date=date(2026, 11, 1),
    )
    samen = client_for(MembershipFactory(organisation=successor, role="signatory").user)
    sign_url = reverse(
        "agreements:sign", kwargs={"agreement_id": agreement.uuid, "number": version.number}
    )
    signed = samen.post(
        sign_url,
        {
            "organisation": second.pk,
            "decision": "signed",
            "signer_name": "R. Samen",
            "statement": "on",
        },
    )
    declined = samen.post(
        sign_url,
        {
            "organisation": world.corporatie.pk,
            "decision": "declined",
            "signer_name": "R. Samen",
            "reason": "De huurprijzen kloppen niet",
        },
    )
    assert signed.status_code == declined.status_code == 302
    assert Signature.objects.filter(version=version, successor=successor).count() == 2

    page = client_for(world.users["viewer"]).get(agreement.get_absolute_url()).content.decode()
    number = version.number
    assert (
        f"<td>Woonstichting Samen heeft versie {number} ondertekend als opvolger van "
        "Woonstichting West</td>"
    ) in page
    assert (
        f"<td>Woonstichting Samen weigerde als opvolger van Woonstichting Test versie {number} "
        "te ondertekenen. Reden: De huurprijzen kloppen niet</td>"
    ) in page
    # The predecessors are not said to have signed themselves; the gemeente's own line stays.
    assert f"Woonstichting West heeft versie {number} ondertekend" not in page
    assert f"<td>{world.gemeente} heeft versie {number} ondertekend</td>" in page
