"""Writes for monitoring. Every function checks its rules, raises ServiceError with a Dutch
(translated) message on bad input, is atomic and writes an audit event.

A package by topic (periods, values, reports, evaluation, financial); this module re-exports
every name so `driehoek.monitoring.services.<name>` imports stay stable."""

from .evaluation import (  # noqa: F401
    _check_eval_year,
    _require_party_editor,
    carry_over,
    carry_over_candidates,
    evaluation_complete,
    evaluation_save,
    unmet_commitments,
    unsettled_commitments,
)
from .financial import (  # noqa: F401
    PERCENT_FIELDS,
    ROOM_FIELDS,
    _money,
    financial_room_save,
)
from .periods import (  # noqa: F401
    MONITORED_STATUSES,
    _require_monitored,
    check_period,
    party_ids,
    settings_for,
    settings_save,
)
from .reports import (  # noqa: F401
    _mail_contested,
    recompute_latest,
    report_review,
    report_save,
    review_state_for,
)
from .values import (  # noqa: F401
    COUNT_WORDS,
    MAX_EVIDENCE_BYTES,
    MAX_VALUE,
    PERCENT_WORDS,
    _check_file,
    _check_url,
    _unit_kind,
    parse_realised,
)
