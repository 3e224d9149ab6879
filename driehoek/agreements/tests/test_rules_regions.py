"""``agreements.see_own_regional_agreements``: who gets, on a region's page, the list of the
regional agreements their organisations take part in (published or not)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from driehoek.accounts.tests.factories import UserFactory
from driehoek.core.permissions import may
from driehoek.organisations.models import Region

pytestmark = pytest.mark.django_db

RULE = "agreements.see_own_regional_agreements"


def test_members_and_staff_get_their_own_list(world):
    region = Region.objects.create(name="Regio Test", slug="regio-test")
    for persona in ("viewer", "admin", "outsider", "staff"):
        assert may(world.users[persona], RULE, region), persona


def test_anonymous_visitors_and_users_without_an_organisation_do_not(world):
    region = Region.objects.create(name="Regio Test", slug="regio-test")
    assert not may(AnonymousUser(), RULE, region)
    assert not may(UserFactory(), RULE, region)
