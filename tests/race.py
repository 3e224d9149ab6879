"""Simultaneous requests for the PostgreSQL concurrency tests. Test-only: the application
never starts threads itself (work outside the request goes on the task engine)."""

from __future__ import annotations

import threading

from django.db import connections

from driehoek.core.errors import ServiceError


def race(calls, *, what: str = "thread") -> list:
    """Run ``calls`` at the same moment (PostgreSQL tests with transaction=True); "ok" or the
    ServiceError per call. Any other exception in a thread (a crash, a deadlock error) and a
    thread that does not finish in 30 s fail the test."""
    barrier = threading.Barrier(len(calls))
    results: list = []
    crashes: list = []

    def run(fn):
        try:
            barrier.wait()
            fn()
            results.append("ok")
        except ServiceError as err:
            results.append(err)
        except BaseException as exc:
            crashes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not [t for t in threads if t.is_alive()], f"a {what} did not finish in 30 s"
    if crashes:
        raise crashes[0]
    assert len(results) == len(calls)
    return results
