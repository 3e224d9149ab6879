"""Open data API of what the parties published: agreements, parties, commitments, progress,
cycles, and bulk downloads. Read-only, no login. Every read goes through ``selectors``.

Identifiers are stable: UUIDs for agreements, commitments, progress reports and cycles; slugs
(and CBS gemeentecodes / L-numbers) for organisations. Lists are paginated (``page_size`` at
most 200; agreements, commitments and progress also by ``cursor``, see ``paging``) and carry
ETag and Last-Modified; send If-None-Match or If-Modified-Since to get 304 Not Modified.
"""

from __future__ import annotations

# The endpoint modules register on the router in this order (the order of the OpenAPI paths).
# isort: off
from . import agreements  # noqa: F401
from . import parties  # noqa: F401
from . import downloads  # noqa: F401

# isort: on
from .common import CACHE_CONTROL, not_modified, router
from .schemas import MAX_PAGE_SIZE

__all__ = ["CACHE_CONTROL", "MAX_PAGE_SIZE", "not_modified", "router"]
