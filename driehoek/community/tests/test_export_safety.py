"""Formula payloads typed into the public sign-up come out of the participant exports as text."""

import pytest
from django.urls import reverse

from driehoek.accounts.tests.factories import UserFactory
from driehoek.community.models import Registration
from driehoek.core.tests.export_checks import PAYLOADS, csv_has_text, csv_rows, xlsx_text

from .factories import CommunityFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _sign_up(client, community, n, name, organisation, function=""):
    data = {
        "name": name,
        "email": f"deelnemer{n}@example.org",
        "organisation": "",
        "organisation_name": organisation,
        "party": "huurders",
        "function": function,
        "province": "",
        "series": "series",
        "own_question": "",
        "needs": "",
        "consent": "on",
        "website": "",
    }
    r = client.post(reverse("community:signup", kwargs={"slug": community.slug}), data)
    assert r.status_code == 302, r.content.decode()[:500]


def test_public_sign_up_payloads_are_text_in_csv_and_excel(client, client_for):
    community = CommunityFactory()
    MeetingFactory(community=community, title="=Bijeenkomst")
    for n, payload in enumerate(PAYLOADS):
        _sign_up(client, community, n, name=payload, organisation=payload, function=payload)
    stored = list(Registration.objects.values_list("name", "organisation_name", "function"))
    assert len(stored) == len(PAYLOADS)
    # The form strips leading white space: "\t=1" and "\r=1" are stored as "=1", still a formula
    # start.
    values = {v for row in stored for v in row}
    assert values == {p.strip() for p in PAYLOADS}
    staff = client_for(UserFactory(is_staff=True))
    xlsx = staff.get(reverse("community:export_xlsx", kwargs={"slug": community.slug}))
    assert xlsx.status_code == 200
    for value in [*values, "=Bijeenkomst"]:
        assert xlsx_text(xlsx.content, value).value == value
    csv = staff.get(reverse("community:export_csv", kwargs={"slug": community.slug}))
    rows = csv_rows(csv.content, ";")
    for value in [*values, "=Bijeenkomst"]:
        csv_has_text(rows, value)
