"""One data version (issue 14): a counter that every write changing public or dashboard data
raises inside its own transaction, so a page, an API answer or a cache entry can say "nothing
changed since" with one primary-key read.

Where it is raised: in ``core.audit.log``, which every service calls inside its transaction
after its writes (docs/architecture.md: writes go through services, and each one leaves an audit
event). An action that changes nothing shown publicly or on a dashboard (a comment, a sign-up,
a login, an invitation, …) is listed in ``QUIET``; everything else raises the national version.
Writes outside services (``load_reference_data``) call ``bump()`` themselves.

One national scope serves the public pages, the open-data API, the bulk files and the
dashboards: they all show data from many agreements and organisations, so a narrower scope would
have to be the union of many scopes in every key. The row is raised at the end of a service
(``audit.log`` comes after the writes), so the lock it takes is held for the last moments of
the transaction only; concurrent writers queue on it briefly, never in a cycle (it is the only
version row a transaction takes)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone

from .models import DataVersion

NATIONAL = "national"

# Audit actions (prefixes end in ".") that change nothing a public page, the open-data API, a
# bulk file or a dashboard shows. Everything not listed raises the version: forgetting one here
# costs a cache entry, never a stale answer.
QUIET = (
    "accounts.",
    "community.",
    "core.",
    "agreements.comment.",
    "agreements.open_point.",
    "agreements.inforequest.",
    "agreements.interest.",
    "organisations.invitation.",
    "organisations.membership.",
)


@dataclass(frozen=True)
class Version:
    number: int
    changed_at: datetime | None

    @property
    def token(self) -> str:
        # With the moment: a database restored from a backup and written to again never
        # meets an answer stored for the same number before the restore.
        return f"{self.number}.{self.changed_at.timestamp() if self.changed_at else 0}"


def bump(scope: str = NATIONAL) -> None:
    """Raise the scope's version (creating its row if a test flushed it). Call inside the
    transaction of the write, after it."""
    table = connection.ops.quote_name(DataVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (scope, number, changed_at) VALUES (%s, 1, %s) "  # noqa: S608
            f"ON CONFLICT (scope) DO UPDATE SET number = {table}.number + 1, "
            "changed_at = excluded.changed_at",
            [scope, timezone.now()],
        )


def note(action: str) -> None:
    """Called by ``audit.log`` for every audited write."""
    if not action.startswith(QUIET):
        bump(NATIONAL)


def current(scope: str = NATIONAL) -> Version:
    """The scope's version now: one primary-key read."""
    row = DataVersion.objects.filter(scope=scope).values_list("number", "changed_at").first()
    return Version(*row) if row else Version(0, None)
