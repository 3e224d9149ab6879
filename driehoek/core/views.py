from __future__ import annotations

from datetime import UTC, timedelta

from django.conf import settings
from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# The address SECURITY.md names; an installation sets its own with DRIEHOEK_SECURITY_CONTACT.
DEFAULT_SECURITY_CONTACT = "security@driehoek.example"


@require_safe
def home(request):
    return render(request, "core/home.html")


@require_safe
def glossary(request):
    return render(request, "core/glossary.html")


@require_safe
def sources(request):
    return render(request, "core/sources.html")


@require_safe
def accessibility(request):
    return render(request, "core/accessibility.html")


@never_cache
@require_safe
def healthz(request):
    """200 with JSON when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": exc.__class__.__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def _security_contact() -> str:
    contact = settings.DRIEHOEK_SECURITY_CONTACT
    return contact if ":" in contact else f"mailto:{contact}"


@require_safe
def security_txt(request):
    """RFC 9116 security.txt; Expires is computed (a year ahead) so the file never goes stale."""
    expires = (timezone.now() + timedelta(days=365)).astimezone(UTC)
    lines = [
        f"Contact: {_security_contact()}",
        f"Expires: {expires.strftime('%Y-%m-%dT%H:%M:%SZ')}",
        "Preferred-Languages: nl, en",
        f"Canonical: {settings.BASE_URL}/.well-known/security.txt",
        f"Policy: {settings.BASE_URL}/.well-known/security-policy.txt",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def security_policy(request):
    """SECURITY.md as plain text, with the disclosure address this installation configured."""
    text = (settings.BASE_DIR / "SECURITY.md").read_text(encoding="utf-8")
    text = text.replace(DEFAULT_SECURITY_CONTACT, settings.DRIEHOEK_SECURITY_CONTACT)
    return HttpResponse(text, content_type="text/plain; charset=utf-8")
