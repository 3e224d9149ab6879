"""The project's URLs plus bench-only views (never in config/urls.py):

- /bench/minimal/: the smallest Django answer (the floor of any page);
- /bench/base/: a page with no data rendered through base.html (the floor of a templated page);
- /bench/bump/ (POST): raises the national data version, as any write through a service does,
  so the next request is computed afresh (stored answers and version-keyed caches miss);
- /bench/insert/ (POST, CSRF-checked like any form): one INSERT, the floor of the sign-up burst.
"""

from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as project_urlpatterns
from driehoek.core import dataversion

INSERT_TABLE = "bench_insert"


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


def base(request):
    return render(request, "bench/floor.html")


@csrf_exempt
@require_POST
def bump(request):
    with transaction.atomic():
        dataversion.bump()
    return HttpResponse("bumped", content_type="text/plain")


@require_POST
def insert(request):
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {INSERT_TABLE} (email) VALUES (%s)",  # noqa: S608 (a constant)
            [request.POST.get("email", "")],
        )
    return HttpResponse("inserted", content_type="text/plain", status=201)


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("bench/base/", base, name="bench_base"),
    path("bench/bump/", bump, name="bench_bump"),
    path("bench/insert/", insert, name="bench_insert"),
    *project_urlpatterns,
]
