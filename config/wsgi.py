import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

if settings.NO_SIGNING_KEY:
    # Refuse to serve without a key; management commands that sign nothing still run.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it in the environment (see README, 'Configuration'), "
        "or set DJANGO_DEBUG=1 for local development."
    )

application = get_wsgi_application()
