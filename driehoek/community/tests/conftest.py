import pytest
from django.core.cache import cache

from .factories import CommunityFactory, MeetingFactory


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def community():
    return CommunityFactory()


@pytest.fixture
def meeting(community):
    return MeetingFactory(community=community, capacity=1)


@pytest.fixture
def staff_client(client_for):
    from driehoek.accounts.tests.factories import UserFactory

    return client_for(UserFactory(is_staff=True))
