"""Bounded load run: locust against gunicorn on PostgreSQL, mixed public and logged-in traffic.

    .venv/bin/python bench/load.py [--duration 600] [--users 30] [--spawn-rate 5]

Creates its own database (``driehoek_load``, dropped and made anew), migrates, loads the
reference data and the demo, collects static files, starts gunicorn on 127.0.0.1 on a free port
(DJANGO_DEBUG=0, a random secret key; loopback only), runs ``bench/locustfile.py`` headless for
the duration, stops gunicorn, and prints requests, failures, 5xx and p50/p95 per group.
Exits non-zero on any 5xx (or when locust itself fails). `make load` runs it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> None:
    print("  manage.py", *args, flush=True)
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_until_up(url: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:  # noqa: S310 (loopback only)
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {seconds:.0f} s")


def report(stats_csv: Path, errors: dict) -> int:
    rows = list(csv.DictReader(stats_csv.open()))
    print()
    print(f"{'group':36} {'requests':>9} {'failures':>9} {'5xx':>5} {'p50 ms':>7} {'p95 ms':>7}")
    for row in rows:
        name = row["Name"]
        five = sum(errors.values()) if name == "Aggregated" else errors.get(name, 0)
        print(
            f"{name:36} {row['Request Count']:>9} {row['Failure Count']:>9} {five:>5} "
            f"{row['50%']:>7} {row['95%']:>7}"
        )
    return sum(errors.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=600, help="seconds (default 600)")
    parser.add_argument("--users", type=int, default=30, help="simultaneous locust users")
    parser.add_argument("--spawn-rate", type=float, default=5, help="users started per second")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--db-name", default="driehoek_load")
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--out", default=str(ROOT / "bench" / "out"))
    args = parser.parse_args()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"{args.server}/{args.db_name}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_COOKIES": "0",  # plain HTTP on loopback
    }
    print(f"Database {args.db_name} (dropped and made anew) …", flush=True)
    recreate_database(args.server, args.db_name)
    manage(env, "migrate", "--no-input")
    manage(env, "createcachetable")
    manage(env, "load_reference_data")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--no-input")

    port = free_port()
    host = f"http://127.0.0.1:{port}"
    print(f"gunicorn on {host} ({args.workers} workers) …", flush=True)
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(f"{host}/healthz")
        errors_file = Path(tempfile.mkstemp(prefix="load-5xx-", suffix=".json")[1])
        prefix = out / "load"
        print(f"locust: {args.users} users for {args.duration} s against {host} …", flush=True)
        run = subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                host,
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env={**env, "LOAD_5XX_FILE": str(errors_file)},
            timeout=args.duration + 120,
        )
        errors = json.loads(errors_file.read_text() or "{}")
        errors_file.unlink()
    finally:
        gunicorn.send_signal(signal.SIGTERM)
        try:
            gunicorn.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gunicorn.kill()
    total_5xx = report(Path(f"{prefix}_stats.csv"), errors)
    print(f"\nload: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    if run.returncode != 0:
        print(f"locust exited with {run.returncode}")
        return run.returncode
    if total_5xx:
        print(f"FAILED: {total_5xx} server errors (5xx)")
        return 1
    print("OK: no server errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
