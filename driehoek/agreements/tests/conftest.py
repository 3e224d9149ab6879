import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _dutch():
    """Service messages are checked in Dutch, whatever language an earlier test left active."""
    with translation.override("nl"):
        yield


@pytest.fixture
def recording_today(clock):
    """The recording tests run on 15 March 2026: a later date is in the future."""
    clock.travel_to("2026-03-15T10:00")
