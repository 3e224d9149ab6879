"""One scale of the bench (run by bench/run.py in its own process, DATABASE_URL set to that
scale's database): pages and API lists through gunicorn against their floors, the national
aggregate as a function, the query counts, and the progress import. Writes a JSON file.

    DATABASE_URL=sqlite:///bench/out/bench-0.1.sqlite3 .venv/bin/python bench/pages.py \
        --scale 0.1 --out bench/out/part-0.1.json

Every round measures each row and, right after it, the row's floor (A, floor, B, floor …), so a
change in the machine's load hits both; the ratio is row / floor within the round.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

from bench.measure import Client, rate, run_quiet, start_gunicorn, stop  # noqa: E402

FRESH = "dashboards and public lists, computed afresh"
REPEAT = "dashboards and public lists, repeat with nothing changed"
API = "API lists, fresh"
NOT_MODIFIED = "304 for a matching ETag"
AGGREGATE = "national aggregate (function)"
IMPORT = "progress import of 10k rows"
TARGETS = {FRESH: 0.5, REPEAT: 0.5, API: 0.5, NOT_MODIFIED: 0.8, IMPORT: 0.5}
FLOOR_OF = {
    FRESH: "base.html floor",
    REPEAT: "minimal view",
    API: "/healthz",
    NOT_MODIFIED: "minimal view",
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def prepare(scale: float) -> None:
    import django

    django.setup()
    from django.core.management import call_command

    log(f"scale {scale}: migrating and, if needed, generating the bench database …")
    call_command("migrate", verbosity=0)
    run_quiet(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "--scale", str(scale)],
        what="bench/generate.py",
    )


def session_cookie() -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client as DjangoClient

    from driehoek.organisations.models import Membership, Organisation, Role

    user, _ = get_user_model().objects.get_or_create(
        email="bench@example.org", defaults={"full_name": "Bench"}
    )
    gemeente = Organisation.objects.filter(slug__startswith="bench-g-").order_by("slug").first()
    Membership.objects.get_or_create(
        user=user, organisation=gemeente, defaults={"role": Role.VIEWER}
    )
    client = DjangoClient()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def _deep(client: Client, base: str) -> tuple[str, str]:
    """A deep page of an API list (``base`` without query): by cursor when the answer offers
    one (walked to half the list, 200 a page, for at most 60 s), otherwise by page number (the
    middle page). Both 50 a page, as page 1."""
    first = json.loads(client.get(f"{base}?page_size=50").body)
    count, size = first.get("count", 0), first.get("page_size", 50)
    if "next_cursor" in first or "cursor=" in str(first.get("next") or ""):
        from urllib.parse import parse_qs, urlsplit

        token, seen, end = "", 0, time.time() + 60
        while seen < count // 2 and time.time() < end:
            url = f"{base}?page_size=200" + (f"&cursor={token}" if token else "")
            data = json.loads(client.get(url).body)
            seen += len(data.get("results", []))
            query = parse_qs(urlsplit(data.get("next") or "").query)
            token = data.get("next_cursor") or query.get("cursor", [""])[0]
            if not token:
                break
        return f"{base}?page_size=50&cursor={token}", f"cursor, after {seen:,} of {count:,} rows"
    page = max(1, (count // size) // 2)
    return f"{base}?page_size=50&page={page}", f"?page={page} of {max(1, -(-count // size)):,}"


def rows(client_anon: Client) -> list[dict]:
    """The measured rows: (target row, name, path, signed in, fresh, headers)."""
    from driehoek.organisations.models import Organisation, Region

    def slug(prefix: str) -> str:
        return Organisation.objects.filter(slug__startswith=prefix).order_by("slug").first().slug

    region = Region.objects.filter(slug__startswith="bench-regio-").order_by("slug").first().slug
    pages = [
        ("/openbaar/ list", "/openbaar/", False),
        ("national dashboard", "/monitoring/landelijk/?year=2026", True),
        ("region dashboard", f"/monitoring/regio/{region}/?year=2026", True),
        ("gemeente dashboard", f"/monitoring/gemeente/{slug('bench-g-')}/?year=2026", True),
        ("corporatie dashboard", f"/monitoring/corporatie/{slug('bench-c-')}/?year=2026", True),
    ]
    out = []
    for name, path, user in pages:
        out.append({"row": FRESH, "name": f"{name}, fresh", "path": path, "user": user})
    for name, path, user in pages:
        out.append({"row": REPEAT, "name": f"{name}, repeat", "path": path, "user": user})
    for listing in ("commitments", "progress"):
        path = f"/api/v1/{listing}?page_size=50"
        deep, how = _deep(client_anon, f"/api/v1/{listing}")
        out.append({"row": API, "name": f"/api/v1/{listing} page 1", "path": path})
        out.append({"row": API, "name": f"/api/v1/{listing} deep page", "path": deep, "how": how})
    for name, path in (
        ("/openbaar/", "/openbaar/"),
        ("/api/v1/commitments", "/api/v1/commitments"),
    ):
        out.append({"row": NOT_MODIFIED, "name": f"{name} 304", "path": path, "etag": True})
    for r in out:
        r.setdefault("user", False)
        r["fresh"] = r["row"] in (FRESH, API)
        r["floor"] = FLOOR_OF[r["row"]]
    return out


def query_count(r: dict, cookie: str) -> int:
    """Queries of one request like the measured ones, in this process (Django test client)."""
    from django.db import connection, transaction
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    from driehoek.core import dataversion

    c = DjangoClient(HTTP_HOST="127.0.0.1")
    if r["user"]:
        c.cookies.load(cookie)
    headers = {}
    if r.get("etag"):
        headers["HTTP_IF_NONE_MATCH"] = c.get(r["path"])["ETag"]
    elif r["fresh"]:
        with transaction.atomic():
            dataversion.bump()
    else:
        c.get(r["path"])
    with CaptureQueriesContext(connection) as ctx:
        c.get(r["path"], **headers)
    return len(ctx.captured_queries)


def aggregate_ms(repeat: int = 5) -> float:
    """Median milliseconds of what the national page computes on a miss."""
    from django.db.models import Q

    from driehoek.monitoring.dashboards.base import Filters
    from driehoek.monitoring.dashboards.scoped import national_coverage, scope_dashboard

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        scope_dashboard(Q(), Filters(year=2026))
        national_coverage(2026)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure_pages(args, cookie: str) -> list[dict]:
    server, port = start_gunicorn(dict(os.environ))
    try:
        anon, user = Client(port), Client(port, cookie)
        measured = [r for r in rows(anon) if args.only in r["name"] or args.only in r["row"]]
        floors = {
            ("base.html floor", False): "/bench/base/",
            ("base.html floor", True): "/bench/base/",
            ("minimal view", False): "/bench/minimal/",
            ("minimal view", True): "/bench/minimal/",
            ("/healthz", False): "/healthz",
        }
        for r in measured:
            r.update(rps=[], floor_rps=[], ratios=[], stored=set())
        for rnd in range(1, args.rounds + 1):
            log(f"scale {args.scale}: round {rnd} of {args.rounds} ({len(measured)} rows) …")
            for r in measured:
                client = user if r["user"] else anon
                if r.get("etag"):  # the current one (fresh rows before it raised the version)
                    r["headers"] = {"If-None-Match": anon.get(r["path"]).headers.get("etag", "")}
                got = rate(
                    client,
                    r["path"],
                    args.seconds,
                    fresh=r["fresh"],
                    headers=r.get("headers"),
                    expect=304 if r.get("etag") else 200,
                )
                floor_path = floors[(r["floor"], r["user"])]
                floor = rate(client, floor_path, args.seconds, fresh=r["fresh"])
                r["rps"].append(got.rps)
                r["floor_rps"].append(floor.rps)
                r["ratios"].append(got.rps / floor.rps)
                r["stored"] |= got.stored
        for r in measured:
            r["stored"] = sorted(r["stored"])
            r["queries"] = query_count(r, cookie)
    finally:
        stop(server)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--only", default="", help="measure the rows whose name has this text")
    parser.add_argument("--aggregate-only", action="store_true")
    parser.add_argument("--import-rows", type=int, default=0, help="0: no import bench")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    prepare(args.scale)
    import logging

    logging.disable(logging.WARNING)
    result: dict = {"scale": args.scale, "parts": []}
    if not args.aggregate_only:
        result["parts"] = measure_pages(args, session_cookie())
    if args.only in AGGREGATE:
        log(f"scale {args.scale}: the national aggregate as a function …")
        result["aggregate_ms"] = [aggregate_ms() for _ in range(args.rounds)]
    if args.import_rows and args.only in IMPORT:
        from bench.import_bench import import_benchmark

        log(f"scale {args.scale}: progress import of {args.import_rows:,} rows, {args.rounds}× …")
        result["import"] = [import_benchmark(args.import_rows) for _ in range(args.rounds)]
    Path(args.out).write_text(json.dumps(result, indent=1, default=str))


if __name__ == "__main__":
    main()
