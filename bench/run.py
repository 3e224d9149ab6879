"""The bench for issue 14's targets: every row of the targets table as a ratio to its floor,
measured in the same round, 3 rounds, at scale 0.1 and 1. Not part of `make test`.

    make bench                                        # scales 0.1 and 1, 3 rounds of 3 s
    .venv/bin/python bench/run.py --scale 0.1         # quick
    .venv/bin/python bench/run.py --only national     # rows whose name has "national"
    .venv/bin/python bench/run.py --with-scale-10     # also the aggregate at 10× (slow to build)

Steps (each in its own process; bench/README.md says what each measures):

1. per scale, ``bench/pages.py``: builds ``bench/out/bench-<scale>.sqlite3`` if missing
   (``generate.py``; ``--postgres``: a PostgreSQL database per scale), starts gunicorn (one
   worker, bench settings) and measures, in every round, each page right before its floor:
   dashboards and /openbaar/ computed afresh (the data version raised before every request)
   against the data-free base.html page; the same repeated with nothing changed against the
   minimal view; API lists (page 1 and a deep page) fresh against /healthz; a 304 for a matching
   ETag against the minimal view (and its query count). Then the national aggregate as a
   function, and (first scale) the progress import of 10k rows against a plain openpyxl read;
2. ``bench/bulk_download.py``: bulk CSV/JSON against a raw cursor read, peak memory 1× and 10×;
3. ``bench/signup_burst.py``: sign-up burst on PostgreSQL, 4 workers, 50 clients, against a
   one-INSERT view.

Prints one line per measured row (req/s and ratio per round, spread, target, met) and writes
``bench/out/results.json``: ``rows`` has one entry per row of the targets table and scale
(``name``, ``scale``, ``ratios`` per round, ``target``, ``met``: the worst of its parts),
``parts`` the same per page or file. A row is met when every round's ratio reaches the target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench import results  # noqa: E402
from bench.measure import run_quiet  # noqa: E402

PG = "postgres://postgres@127.0.0.1:5432"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def database_url(scale: float, postgres: bool) -> str:
    if not postgres:
        return f"sqlite:///{OUT / f'bench-{scale:g}.sqlite3'}"
    import psycopg

    name = f"driehoek_bench_pages_{scale:g}".replace(".", "_")
    try:
        with psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        raise SystemExit(
            f"PostgreSQL at {PG} is not reachable ({exc}); run without --postgres."
        ) from None
    return f"{PG}/{name}"


def base_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "BENCH_NO_CACHE")}
    env.update(DJANGO_SETTINGS_MODULE="bench.settings", DJANGO_SECURE_COOKIES="0")
    return env


def pages(args, scale: float, *, first: bool, aggregate_only: bool = False) -> dict:
    out = OUT / f"part-{scale:g}.json"
    command = [
        sys.executable,
        str(ROOT / "bench" / "pages.py"),
        "--scale",
        f"{scale:g}",
        "--rounds",
        str(args.rounds),
        "--seconds",
        str(args.seconds),
        "--only",
        args.only,
        "--import-rows",
        str(args.import_rows if first else 0),
        "--out",
        str(out),
    ]
    if aggregate_only:
        command.append("--aggregate-only")
    env = {**base_env(), "DATABASE_URL": database_url(scale, args.postgres)}
    run_quiet(command, env, "bench/pages.py")
    return json.loads(out.read_text())


def bulk(args) -> dict | None:
    out = OUT / "bulk.json"
    log(f"Bulk CSV/JSON: {args.bulk_base:,} commitments (1×), then 10×, {args.rounds} rounds …")
    command = [sys.executable, str(ROOT / "bench" / "bulk_download.py"), "--base"]
    command += [str(args.bulk_base), "--rounds", str(args.rounds), "--json-out", str(out)]
    run_quiet(command, base_env(), "bench/bulk_download.py")
    return json.loads(out.read_text())


def signup(args) -> dict | None:
    out = OUT / "signup_burst.json"
    log(f"Sign-up burst on PostgreSQL: {args.signup_clients} clients, 4 workers …")
    command = [sys.executable, str(ROOT / "bench" / "signup_burst.py")]
    command += ["--clients", str(args.signup_clients), "--seconds", str(max(args.seconds, 3))]
    command += ["--rounds", str(args.rounds), "--json-out", str(out)]
    run_quiet(command, base_env(), "bench/signup_burst.py")
    return json.loads(out.read_text())


def commit() -> str:
    if os.environ.get("BENCH_COMMIT"):
        return os.environ["BENCH_COMMIT"]
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True)
        return sha + (" (with uncommitted changes)" if dirty.stdout.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", default="0.1,1", help="scales, comma separated (default 0.1,1)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=3.0, help="seconds per measurement")
    parser.add_argument("--only", default="", help="only rows whose name has this text")
    parser.add_argument("--with-scale-10", action="store_true", help="the aggregate at 10× too")
    parser.add_argument("--postgres", action="store_true", help="pages on PostgreSQL")
    parser.add_argument("--import-rows", type=int, default=10000, help="0: no import bench")
    parser.add_argument("--bulk-base", type=int, default=20000, help="0: no bulk bench")
    parser.add_argument("--signup-clients", type=int, default=50, help="0: no sign-up burst")
    args = parser.parse_args()
    scales = sorted({float(s) for s in args.scale.split(",") if s.strip()})
    OUT.mkdir(exist_ok=True)
    meta = {
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "commit": commit(),
        "load_before": os.getloadavg(),
        "cpus": os.cpu_count(),
        "pages_database": "postgresql" if args.postgres else "sqlite",
        "rounds": args.rounds,
        "seconds": args.seconds,
        "fresh": "the data version raised (POST /bench/bump/, untimed) before every request",
    }
    parts_by_scale = []
    for i, scale in enumerate(scales):
        log(f"Scale {scale:g} ({i + 1} of {len(scales)}) …")
        parts_by_scale.append(pages(args, scale, first=i == 0))
    if args.with_scale_10 and 10.0 not in scales:
        log("Scale 10, the aggregate alone (building its database takes long the first time) …")
        parts_by_scale.append(pages(args, 10.0, first=False, aggregate_only=True))
    wanted = lambda name: args.only in name  # noqa: E731
    meta["not_measured"] = {}

    def step(name: str, run, enabled: bool):
        if not enabled or not wanted(name):
            return None
        try:
            return run(args)
        except SystemExit as exc:  # say why, keep the rows measured so far
            log(f"{name}: not measured: {exc}")
            meta["not_measured"][name] = str(exc)
            return None

    bulk_data = step(results.BULK, bulk, bool(args.bulk_base))
    signup_data = step(results.SIGNUP, signup, bool(args.signup_clients))
    meta["load_after"] = os.getloadavg()
    meta["finished"] = time.strftime("%Y-%m-%d %H:%M:%S %z")
    parts = results.collect(parts_by_scale, bulk_data, signup_data)
    report = {"meta": meta, "rows": results.summarise(parts), "parts": parts}
    (OUT / "results.json").write_text(json.dumps(report, indent=1))
    results.show(report)
    for name, why in meta["not_measured"].items():
        print(f"\nNot measured: {name}: {why}")
    print(f"\nWritten: {OUT / 'results.json'}")


if __name__ == "__main__":
    main()
