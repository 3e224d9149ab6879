"""Driehoek settings: one module, driven by the environment, secure by default.

Environment variables (all optional in development):
  DJANGO_DEBUG            "1" for development (default "0": production behaviour)
  DJANGO_SECRET_KEY       required when DEBUG is off
  DJANGO_ALLOWED_HOSTS    comma separated, default "127.0.0.1,localhost"
  DATABASE_URL            e.g. postgres://user@127.0.0.1:5432/driehoek; default SQLite in var/
  EMAIL_URL-like settings: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
                          EMAIL_USE_TLS, EMAIL_TIMEOUT (seconds, default 10), DEFAULT_FROM_EMAIL
  DRIEHOEK_EMAIL_DELIVERY_BACKEND  the transport behind the outbox (old name: EMAIL_BACKEND),
                          default SMTP (console when DJANGO_DEBUG=1)
  DRIEHOEK_BASE_URL       absolute URL used in e-mails, default http://127.0.0.1:8000
  DRIEHOEK_TRUSTED_PROXIES  proxies whose X-Forwarded-For is believed: a hop count ("1") or
                          addresses/CIDR networks ("10.0.0.0/8,192.0.2.7"); default none
  DRIEHOEK_SECURITY_CONTACT  where security reports go (/.well-known/security.txt), an e-mail
                          address or URL; default security@driehoek.example (set your own)
  DRIEHOEK_REDIS_URL      shared cache (rate limits) in Redis, e.g. redis://127.0.0.1:6379/0
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DRIEHOEK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or bool(os.environ.get("DRIEHOEK_TESTING"))
DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and (DEBUG or TESTING):
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105
# Without a key (and not in development) management commands that sign nothing still work
# (migrate, makemigrations, compile_translations); serving refuses to start (config/wsgi.py).
NO_SIGNING_KEY = not SECRET_KEY

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")
BASE_URL = os.environ.get("DRIEHOEK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
DRIEHOEK_SECURITY_CONTACT = os.environ.get("DRIEHOEK_SECURITY_CONTACT", "security@driehoek.example")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",  # imports each app's rules.py
    "ninja",  # serves its own copy of Swagger UI (static/ninja/), no CDN
    "driehoek.core",
    "driehoek.accounts",
    "driehoek.organisations",
    "driehoek.agreements",
    "driehoek.monitoring",
    "driehoek.community",
    "driehoek.publication",
    "driehoek.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "driehoek.core.clientip.ClientAddressMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for HTML, JSON and CSV (issue 14): before every middleware that reads or changes the
    # body (StoredAnswerMiddleware keeps uncompressed bytes; compression happens on the way out).
    # After WhiteNoise, which serves its own pre-compressed static files.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "driehoek.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "driehoek.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "driehoek.core.middleware.ApiHeadMiddleware",
    "driehoek.core.middleware.DatabaseUnavailableMiddleware",
    "axes.middleware.AxesMiddleware",
    # Public pages and open-data answers from stored bytes while nothing changed (issue 14).
    "driehoek.core.stored.StoredAnswerMiddleware",
]
# Paths whose GET answers for visitors without a session are stored per data version.
DRIEHOEK_STORED_PREFIXES = ["/openbaar/", "/api/v1/"]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "driehoek.core.context_processors.site",
                "driehoek.core.stored.csrf_marker",
            ],
            "builtins": ["driehoek.core.templatetags.permissions"],
        },
    }
]
FORM_RENDERER = "driehoek.core.forms.DriehoekFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'driehoek.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # Wait for a lock instead of failing at once; IMMEDIATE makes writes take the lock up front.
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "organisations:mine"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3
if TESTING:
    # Fast hashing in tests only: the suite creates hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DRIEHOEK_MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail goes through an outbox (core.mail): every message is stored in the database and sent by
# a task (`manage.py db_worker`), with retries; failures show on /beheer/e-mail/. The transport
# that really sends is DRIEHOEK_EMAIL_DELIVERY_BACKEND (the EMAIL_BACKEND variable still works as
# its old name): SMTP in production, the console in development, locmem in tests.
EMAIL_BACKEND = "driehoek.core.mail.QueuedEmailBackend"
DRIEHOEK_EMAIL_DELIVERY_BACKEND = (
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else os.environ.get("DRIEHOEK_EMAIL_DELIVERY_BACKEND")
    or os.environ.get(
        "EMAIL_BACKEND",
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
)
# Seconds an SMTP connection may hang before the attempt counts as failed (and is retried).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Driehoek <noreply@driehoek.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache"
        if os.environ.get("DRIEHOEK_SHARED_CACHE")
        else "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "driehoek_cache",
    }
}
if os.environ.get("DRIEHOEK_REDIS_URL"):
    # Shared between app servers, atomic counters (rate limits in core.ratelimit).
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["DRIEHOEK_REDIS_URL"],
    }

# Sessions (issue 14): read from the cache, written through to the database, so a signed-in page
# reads no session row while the cache has it. Only with a cache that all processes share (Redis,
# the database cache) or a single process (tests, runserver): with a per-process memory cache a
# sign-out in one gunicorn worker would not reach another worker's copy.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if os.environ.get("DRIEHOEK_REDIS_URL")
    or os.environ.get("DRIEHOEK_SHARED_CACHE")
    or DEBUG
    or TESTING
    else "django.contrib.sessions.backends.db"
)

# The real client behind a reverse proxy (core.clientip): a hop count or addresses/networks.
DRIEHOEK_TRUSTED_PROXIES = os.environ.get("DRIEHOEK_TRUSTED_PROXIES", "")

# Failed logins (django-axes): attempts are stored in the database, so all app servers share them.
AXES_FAILURE_LIMIT = int(os.environ.get("DRIEHOEK_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = int(os.environ.get("DRIEHOEK_LOGIN_COOLOFF_MINUTES", "15")) / 60  # hours
# Lock per account and, separately, per client address (either one locks).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "driehoek.core.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "driehoek.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Password-reset mails (accounts.views.PasswordResetView): per client address and per e-mail.
PASSWORD_RESET_LIMIT_PER_IP = int(os.environ.get("DRIEHOEK_RESET_LIMIT_PER_IP", "10"))
PASSWORD_RESET_LIMIT_PER_EMAIL = int(os.environ.get("DRIEHOEK_RESET_LIMIT_PER_EMAIL", "3"))
PASSWORD_RESET_LIMIT_WINDOW = 60 * 60

# Two-factor sign-in (django-otp): staff must have a confirmed device; others may.
OTP_TOTP_ISSUER = "Driehoek"

# Security: production defaults, relaxed only when DEBUG is on.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)

# Work outside the request: Django's Tasks API (django-tasks backport). Embedded default: the
# database backend, worked by `manage.py db_worker` (started by `make run`); any number of
# db_worker processes, on any machine, share its queue (rows claimed with SKIP LOCKED).
# DRIEHOEK_TASKS_BACKEND=rq puts the queue on Redis (django-tasks-rq; DRIEHOEK_REDIS_URL, default
# redis://127.0.0.1:6379/0), worked by `manage.py rqworker`. Tests run tasks at once in the same
# thread unless a test chooses otherwise.
DRIEHOEK_TASKS_BACKEND = os.environ.get("DRIEHOEK_TASKS_BACKEND", "database").strip().lower()
if DRIEHOEK_TASKS_BACKEND not in ("database", "rq", "immediate"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"DRIEHOEK_TASKS_BACKEND must be database, rq or immediate, not {DRIEHOEK_TASKS_BACKEND!r}"
    )
RQ_QUEUES = {
    "default": {
        "URL": os.environ.get("DRIEHOEK_REDIS_URL") or "redis://127.0.0.1:6379/0",
        # Longest a task may run before RQ stops it (seconds); an import of 20,000 rows takes ~20 s.
        "DEFAULT_TIMEOUT": int(os.environ.get("DRIEHOEK_TASK_TIMEOUT", "1800")),
    }
}
RQ = {"JOB_CLASS": "django_tasks_rq.Job"}  # `manage.py rqworker` runs django-tasks' tasks
if DRIEHOEK_TASKS_BACKEND == "rq" and not TESTING:
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif DRIEHOEK_TASKS_BACKEND == "immediate" or TESTING:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A progress import whose heartbeat (ImportJob.updated_at, moved every 500 rows) is older than
# this many seconds lost its worker: the next import task, or `process_imports`, takes it up.
DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT = int(os.environ.get("DRIEHOEK_IMPORT_HEARTBEAT_TIMEOUT", "60"))
# `manage.py purge_rendered_documents` removes a rendered document (core.RenderedDocument) that a
# newer version of the same document replaced and that has not changed for this many days.
DRIEHOEK_DOCUMENT_KEEP_DAYS = int(os.environ.get("DRIEHOEK_DOCUMENT_KEEP_DAYS", "7"))
# `manage.py purge_outgoing_mail` removes sent and failed e-mail (core.OutgoingMail: addresses
# and personal links) older than this many days.
DRIEHOEK_MAIL_KEEP_DAYS = int(os.environ.get("DRIEHOEK_MAIL_KEEP_DAYS", "30"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# Domain settings that change with the law: defaults, overridable per cycle in the database.
DRIEHOEK_DEMO_PASSWORD = os.environ.get("DRIEHOEK_DEMO_PASSWORD", "driehoek-demo")
INVITATION_VALID_DAYS = int(os.environ.get("DRIEHOEK_INVITATION_VALID_DAYS", "14"))

# Main menu: (url name, label, only for logged-in users). Items whose URL is missing are skipped.
MAIN_MENU = [
    ("organisations:directory", _("Organisations"), False),
    ("community:index", _("Community of Practice"), False),
    ("agreements:index", _("Agreements"), True),
    ("monitoring:index", _("Monitoring"), True),
    ("publication:index", _("Published agreements"), False),
]

# Content-Security-Policy (django-csp 4): no inline script or style anywhere, no framing.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# A refused CSRF check gets the friendly Dutch 403 page.
CSRF_FAILURE_VIEW = "driehoek.core.error_views.csrf_failure"
