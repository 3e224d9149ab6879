from __future__ import annotations

from django.db import connection
from django.db.utils import Error as DatabaseError
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


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
