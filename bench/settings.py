"""Settings for the benchmark: the project's settings with a separate database, the bench-only
views in the URLconf (bench/urls.py) and their template, and plain static files (no
collectstatic needed). ``BENCH_NO_CACHE=1``: the dummy cache (nothing is ever stored)."""

import os
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
(OUT / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT (whitenoise looks there)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'bench.sqlite3'}")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")  # noqa: S105
os.environ.setdefault("DRIEHOEK_VAR_DIR", str(OUT))

from config.settings import *  # noqa: E402, F403
from config.settings import DATABASES, STORAGES, TEMPLATES  # noqa: E402

if "var/driehoek.sqlite3" in str(DATABASES["default"].get("NAME", "")):
    raise SystemExit(
        "The benchmark never uses var/driehoek.sqlite3: set DATABASE_URL to a bench database."
    )

ROOT_URLCONF = "bench.urls"
# bench/templates: the data-free page through base.html (/bench/base/)
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if os.environ.get("BENCH_NO_CACHE"):  # measure pages computed afresh (no cached national page)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
