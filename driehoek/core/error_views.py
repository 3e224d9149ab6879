"""Friendly Dutch error pages (400, 403, 404, 500, 503) in the site's layout.

400, 403 and 404 render with the full request context. 500 and 503 render without the request,
so no context processor and no database query runs: they must work when the database is down.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _render_plain(template_name: str, status: int, fallback: str) -> HttpResponse:
    """Render without request context; a bare text page if even the template fails."""
    try:
        html = loader.get_template(template_name).render({})
        return HttpResponse(html, status=status)
    except Exception:  # noqa: BLE001 - the last line of defence must not raise
        logger.exception("Could not render %s", template_name)
        return HttpResponse(fallback, status=status, content_type="text/plain; charset=utf-8")


def database_unavailable() -> HttpResponse:
    response = _render_plain(
        "503.html",
        503,
        "De website is even niet bereikbaar. Probeer het over een paar minuten opnieuw.",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _render(request, template_name: str, status: int) -> HttpResponse:
    try:
        return render(request, template_name, status=status)
    except DATABASE_UNAVAILABLE:
        return database_unavailable()
    except Exception:  # noqa: BLE001 - e.g. a 400 raised before AuthenticationMiddleware ran
        logger.exception("Could not render %s with the request context", template_name)
        return _render_plain(template_name, status, "Er ging iets mis.")


def bad_request(request, exception=None):
    return _render(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _render(request, "403.html", 403)


def page_not_found(request, exception=None):
    return _render(request, "404.html", 404)


def csrf_failure(request, reason=""):
    return _render(request, "403_csrf.html", 403)


def server_error(request):
    import sys

    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        return database_unavailable()
    return _render_plain(
        "500.html", 500, "Er ging iets mis aan onze kant. Probeer het later opnieuw."
    )
