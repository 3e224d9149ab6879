import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings, tmp_path):
    """Fast password hashing for the many users the world makes; uploads go to a temp dir."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The national dashboard is cached: every test starts without it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
