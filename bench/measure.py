"""HTTP measuring for the bench: one keep-alive client per identity against gunicorn, and the
throughput of one path over a few seconds.

``rate(..., fresh=True)`` raises the data version (POST /bench/bump/, not timed) before every
timed request, so each one is the first request after a change: stored answers and every cache
keyed on the data version miss, as after a real write. Only the requests themselves are timed.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, workers: int = 1) -> tuple[subprocess.Popen, int]:
    """gunicorn with the bench settings on a free loopback port; returns once /healthz answers."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    end = time.time() + 60
    while time.time() < end:
        if server.poll() is not None:
            raise SystemExit(
                f"gunicorn stopped at start (exit {server.returncode}); see its messages above."
            )
        try:
            status = Client(port).get("/healthz").status
            if status == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn did not answer /healthz within 60 s; see its messages above.")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    seconds: float


class Client:
    """One connection (reopened when the server closes it) with a fixed cookie header."""

    def __init__(self, port: int, cookie: str = "") -> None:
        self.port = port
        self.cookie = cookie
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def request(self, method: str, path: str, headers: dict | None = None, body=None) -> Answer:
        h = {"Host": "127.0.0.1", **({"Cookie": self.cookie} if self.cookie else {})}
        h.update(headers or {})
        start = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            self.conn.close()  # the server closed a kept connection: once more on a new one
            start = time.perf_counter()
            self.conn.request(method, path, body=body, headers=h)
            r = self.conn.getresponse()
        data = r.read()
        seconds = time.perf_counter() - start
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
        headers: dict[str, str] = {}
        for k, v in r.getheaders():  # repeated headers (Set-Cookie) joined
            headers[k.lower()] = f"{headers[k.lower()]}, {v}" if k.lower() in headers else v
        return Answer(r.status, headers, data, seconds)

    def get(self, path: str, headers: dict | None = None) -> Answer:
        return self.request("GET", path, headers)

    def bump(self) -> None:
        a = self.request("POST", "/bench/bump/", {"Content-Length": "0"})
        if a.status != 200:
            raise SystemExit(f"POST /bench/bump/ answered {a.status}: are bench/urls.py in use?")


@dataclass
class Rate:
    rps: float
    requests: int
    status: int
    stored: set[str] = field(default_factory=set)


def rate(
    client: Client,
    path: str,
    seconds: float,
    *,
    fresh: bool = False,
    headers: dict | None = None,
    expect: int = 200,
) -> Rate:
    """Requests per second for ``path`` on ``client``: one untimed warm-up request, then
    requests for ``seconds`` (at least 3). The answer must have status ``expect``."""
    if fresh:
        client.bump()
    first = client.get(path, headers)
    if first.status != expect:
        raise SystemExit(
            f"{path} answered {first.status}, not {expect}: {first.body[:300]!r}\n"
            "Check that the bench database is complete (remove bench/out/bench-*.sqlite3 to "
            "build it again) and that the bench user may see the page."
        )
    stored: set[str] = set()
    timed = 0.0
    n = 0
    wall = time.perf_counter()
    while n < 3 or time.perf_counter() - wall < seconds:
        if fresh:
            client.bump()
        a = client.get(path, headers)
        if a.status != expect:
            raise SystemExit(f"{path} answered {a.status} during the run, not {expect}.")
        if "x-driehoek-stored" in a.headers:
            stored.add(a.headers["x-driehoek-stored"])
        timed += a.seconds
        n += 1
    return Rate(n / timed, n, first.status, stored)


def spread(values: list[float]) -> str:
    return f"{min(values):.3f}–{max(values):.3f}"


def run_quiet(command: list[str], env: dict | None = None, what: str = "") -> None:
    """A step in its own process; on failure, say which and how to run it alone."""
    done = subprocess.run(command, cwd=ROOT, env=env or dict(os.environ))
    if done.returncode != 0:
        raise SystemExit(
            f"{what or command[1]} failed (exit {done.returncode}); run it alone to see why:\n  "
            + " ".join(command)
        )
