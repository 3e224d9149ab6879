"""Benchmark the monitoring dashboards and the import.

1. Builds the bench database if it is empty (``generate.py``; ``--scale`` as there).
2. Starts gunicorn on 127.0.0.1 with a free port (bench settings: the bench database and one
   extra minimal Django view at /bench/minimal/).
3. Requests each dashboard and the minimal view repeatedly with a logged-in session and prints
   requests per second and the ratio dashboard / minimal view.
4. Imports an Excel file of progress reports through the monitoring import (validation and
   all-or-nothing save) and reads the same file with plain openpyxl; prints rows per second
   and the ratio import / openpyxl.

    make bench                                   # full national scale (slow the first time)
    .venv/bin/python bench/run.py --scale 0.1    # quick
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("The server did not start.")


def measure(port: int, path: str, cookie: str, seconds: float) -> tuple[float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    conn.request("GET", path, headers=headers)  # warm up
    resp = conn.getresponse()
    status = resp.status
    resp.read()
    n = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or n < 3:
        conn.request("GET", path, headers=headers)
        r = conn.getresponse()
        r.read()
        n += 1
    elapsed = time.perf_counter() - start
    conn.close()
    return n / elapsed, status


def session_cookie() -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        email="bench@example.org", defaults={"full_name": "Bench"}
    )
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}"


def import_benchmark(rows_wanted: int) -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from openpyxl import Workbook, load_workbook

    from driehoek.agreements.models import (
        Agreement,
        AgreementParty,
        AgreementStatus,
        Commitment,
        Cycle,
    )
    from driehoek.monitoring.imports import import_progress
    from driehoek.organisations.models import Membership, Organisation, Role

    gemeente = Organisation.objects.filter(slug__startswith="bench-g-").first()
    corporatie = Organisation.objects.filter(slug__startswith="bench-c-").first()
    user = get_user_model().objects.get(email="bench@example.org")
    Membership.objects.get_or_create(
        user=user, organisation=corporatie, defaults={"role": Role.EDITOR}
    )
    n_commitments = rows_wanted // 3  # quarters 1-3 of 2026 (open periods)
    Agreement.objects.filter(title="Bench import").delete()
    with transaction.atomic():
        cycle = Cycle.objects.get(gemeente=gemeente, year=2025)
        agreement = Agreement.objects.create(
            cycle=cycle,
            kind="jaarschijf",
            title="Bench import",
            period_start=2026,
            period_end=2026,
            status=AgreementStatus.CONCLUDED,
        )
        AgreementParty.objects.bulk_create(
            [AgreementParty(agreement=agreement, organisation=o) for o in (gemeente, corporatie)]
        )
        Commitment.objects.bulk_create(
            [
                Commitment(
                    agreement=agreement,
                    number=i,
                    reference=f"IMP-{i:05d}",
                    theme="beschikbaarheid",
                    kind="result",
                    title=f"Import {i}",
                    responsible=corporatie,
                    unit="woningen",
                )
                for i in range(1, n_commitments + 1)
            ]
        )
    wb = Workbook()
    ws = wb.active
    ws.title = "Voortgang"
    ws.append(
        ["referentie", "jaar", "kwartaal", "gerealiseerd", "status", "toelichting", "bewijs_link"]
    )
    for i in range(1, n_commitments + 1):
        for q in (1, 2, 3):
            ws.append([f"IMP-{i:05d}", 2026, q, 10 * q, "op koers", "", ""])
    buf = io.BytesIO()
    wb.save(buf)
    data = buf.getvalue()
    rows = n_commitments * 3

    start = time.perf_counter()
    wb2 = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    read_rows = sum(1 for _ in wb2.active.iter_rows(values_only=True)) - 1
    wb2.close()
    plain = time.perf_counter() - start

    user._dh_memberships = None
    start = time.perf_counter()
    try:
        result = import_progress(
            actor=user, agreement=agreement, upload=SimpleUploadedFile("bench.xlsx", data)
        )
        imported = time.perf_counter() - start
    finally:
        agreement.delete()  # leave the bench data as generated
    assert result.ok, result.errors[:5]
    assert read_rows == rows and result.created == rows
    print()
    print(
        f"Import of {rows:,} rows: {rows / imported:,.0f} rows/s; plain openpyxl read: {rows / plain:,.0f} rows/s"
    )
    print(f"  ratio import / openpyxl read: {plain / imported:.3f}")


def signup_benchmark(signups: int, smtp_delay: float) -> None:
    """In its own process: other settings (the project's) and its own fresh database."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    command = [sys.executable, str(ROOT / "bench" / "signup_mail.py"), "--signups", str(signups)]
    subprocess.run([*command, "--smtp-delay", str(smtp_delay)], check=True, cwd=ROOT, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds per page")
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers")
    parser.add_argument("--import-rows", type=int, default=6000)
    parser.add_argument("--signups", type=int, default=100, help="0: no sign-up bench")
    parser.add_argument("--smtp-delay", type=float, default=0.2, help="seconds per mail")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    from driehoek.organisations.models import Organisation, Region

    call_command("migrate", verbosity=0)

    if not Organisation.objects.filter(slug__startswith="bench-").exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "--scale", str(args.scale)],
            check=True,
        )
    from driehoek.agreements.models import Agreement

    cookie = session_cookie()
    gemeente = Organisation.objects.filter(slug__startswith="bench-g-").order_by("slug").first()
    corporatie = Organisation.objects.filter(slug__startswith="bench-c-").order_by("slug").first()
    huurders = Organisation.objects.filter(slug__startswith="bench-h-").order_by("slug").first()
    region = Region.objects.filter(slug__startswith="bench-regio-").first()
    agreement = (
        Agreement.objects.filter(cycle__gemeente=gemeente, period_start=2026)
        .exclude(title="Bench import")
        .first()
    )
    from django.contrib.auth import get_user_model

    from driehoek.organisations.models import Membership, Role

    user = get_user_model().objects.get(email="bench@example.org")
    Membership.objects.get_or_create(
        user=user, organisation=gemeente, defaults={"role": Role.VIEWER}
    )
    pages = [
        ("minimal Django view", "/bench/minimal/"),
        ("national", "/monitoring/landelijk/?year=2026"),
        ("region", f"/monitoring/regio/{region.slug}/?year=2026"),
        ("gemeente", f"/monitoring/gemeente/{gemeente.slug}/?year=2026"),
        ("corporatie", f"/monitoring/corporatie/{corporatie.slug}/?year=2026"),
        ("huurders", f"/monitoring/huurders/{huurders.slug}/?year=2026"),
        ("agreement", f"/monitoring/afspraak/{agreement.uuid}/?year=2026"),
        (
            "national, theme filter",
            "/monitoring/landelijk/?year=2026&theme=beschikbaarheid&party=corporatie",
        ),
    ]
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "bench.settings"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(port)
        results = []
        for label, path in pages:
            rps, status = measure(port, path, cookie, args.seconds)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
            results.append((label, rps))
        base = results[0][1]
        print(
            f"\nThroughput on one gunicorn worker, {args.seconds:.0f} s per page (requests/s; ratio to the minimal view):"
        )
        for label, rps in results:
            print(f"  {label:<28} {rps:8.1f} req/s   ratio {rps / base:.3f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    import_benchmark(args.import_rows)
    if args.signups:
        signup_benchmark(args.signups, args.smtp_delay)


if __name__ == "__main__":
    main()
