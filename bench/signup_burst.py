"""Sign-up burst: the public CoP sign-up POST against a view that does one INSERT, both through
gunicorn (4 workers) on PostgreSQL with 50 clients at once, interleaved per round.

    .venv/bin/python bench/signup_burst.py [--clients 50] [--workers 4] [--seconds 5] [--rounds 3]

Own database: ``driehoek_bench`` on postgres://postgres@127.0.0.1:5432 (dropped and made anew;
``--server`` for another server). Every client first GETs the sign-up form once (its CSRF
cookie and token), then POSTs sign-ups, each with a new e-mail address and a new client address
(X-Forwarded-For, gunicorn's loopback trusted as the proxy), so no rate limit applies. The floor
is POST /bench/insert/ (bench/urls.py) with the same cookie and token: CSRF check, one INSERT.
The mail goes to the outbox (the project's setting), as in production. Prints sign-ups per
second, INSERTs per second and their ratio per round; ``--json-out`` writes them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import Client, start_gunicorn, stop  # noqa: E402


def recreate_database(server: str, name: str) -> None:
    import psycopg

    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        raise SystemExit(
            f"PostgreSQL at {server} is not reachable ({exc}).\n"
            "Start it, or pass --server postgres://user@host:port; --signup-burst 0 in "
            "bench/run.py leaves this step out."
        ) from None


def prepare(clients: int) -> str:
    """Migrated database, the table of the one-INSERT view, one open community with a meeting
    that has room for everyone; returns the sign-up path."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.urls import INSERT_TABLE
    from driehoek.community.tests.factories import CommunityFactory, MeetingFactory
    from driehoek.community.tests.helpers import signup_url

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {INSERT_TABLE} "
            "(id bigserial PRIMARY KEY, email text NOT NULL)"
        )
    community = CommunityFactory()
    MeetingFactory(community=community, capacity=1_000_000)
    return signup_url(community)


class Burst:
    """``clients`` threads, each with its own connection, POSTing for ``seconds``."""

    def __init__(self, port: int, path: str, clients: int) -> None:
        self.port, self.path = port, path
        self.sessions = [self._session(i) for i in range(clients)]
        self.counter = 0
        self.lock = threading.Lock()

    def _session(self, i: int) -> tuple[Client, str]:
        client = Client(self.port)
        a = client.get(self.path, {"X-Forwarded-For": f"10.99.{i // 250}.{i % 250 + 1}"})
        cookie = a.headers.get("set-cookie", "")
        match = re.search(r"csrftoken=([^;]+)", cookie)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', a.body)
        if a.status != 200 or not match or not token:
            raise SystemExit(f"The sign-up form ({self.path}) answered {a.status} without a token.")
        client.cookie = f"csrftoken={match.group(1)}"
        return client, token.group(1).decode()

    def _next(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def run(self, target: str, seconds: float, label: str) -> float:
        from driehoek.community.tests.helpers import form_data

        done: list[int] = []
        errors: list[str] = []
        end = time.perf_counter() + seconds

        def work(client: Client, token: str) -> None:
            n = 0
            while time.perf_counter() < end and not errors:
                k = self._next()
                body = urlencode(
                    {
                        **form_data(email=f"{label}-{k}@example.org"),
                        "csrfmiddlewaretoken": token,
                    }
                )
                a = client.request(
                    "POST",
                    target,
                    {
                        "Content-Type": "application/x-www-form-urlencoded",
                        "X-Forwarded-For": f"10.{k // 62500 % 250}.{k // 250 % 250}.{k % 250 + 1}",
                    },
                    body,
                )
                if a.status not in (201, 302):
                    errors.append(f"{target} answered {a.status}: {a.body[:200]!r}")
                    return
                n += 1
            done.append(n)

        start = time.perf_counter()
        threads = [threading.Thread(target=work, args=s) for s in self.sessions]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        if errors:
            raise SystemExit(errors[0])
        return sum(done) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--db-name", default="driehoek_bench")
    parser.add_argument("--json-out", default="")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{args.server}/{args.db_name}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["DRIEHOEK_TRUSTED_PROXIES"] = "127.0.0.1"
    os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
    print(f"Sign-up burst: database {args.db_name} (dropped and made anew) …", flush=True)
    recreate_database(args.server, args.db_name)
    path = prepare(args.clients)
    server, port = start_gunicorn(dict(os.environ), workers=args.workers)
    rounds = []
    try:
        burst = Burst(port, path, args.clients)
        for rnd in range(1, args.rounds + 1):
            signups = burst.run(path, args.seconds, f"r{rnd}")
            inserts = burst.run("/bench/insert/", args.seconds, f"i{rnd}")
            rounds.append({"signups_per_s": signups, "inserts_per_s": inserts})
            print(
                f"  round {rnd}: sign-ups {signups:7.1f}/s  one INSERT {inserts:7.1f}/s  "
                f"ratio {signups / inserts:.3f}",
                flush=True,
            )
    finally:
        stop(server)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({**vars(args), "measured": rounds}, indent=1))


if __name__ == "__main__":
    main()
