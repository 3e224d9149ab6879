"""Recording the past: agreements made before the platform, as they happened.

Every date recorded here is the real date of what happened (a bod sent, a decision signed, a
submission, a dispute filed); next to it the record keeps who entered it and when
("vastgelegd achteraf"). Deadlines and "late" flags are judged against the recorded dates.
A recorded date is refused when it lies in the future, before 2015, before the cycle (from
1 January of the year before the cycle year) or before what it follows (a decision before the
final text, a submission before the conclusion). A refusal changes nothing.

A package by stage of the cycle; this module re-exports every name so imports stay stable."""

from .agreement import (  # noqa: F401
    _freeze_recorded,
    agreement_bods_set,
    agreement_record,
    bod_record_sent,
    recorded_version_freeze,
)
from .base import (  # noqa: F401
    RECORDED,
    SOURCE_MAX_BYTES,
    _check_cycle_date,
    _fmt,
    _may_record_for,
    _store_source,
    check_past_date,
    cycle_start,
    is_recorded,
    moment,
)
from .decisions import (  # noqa: F401
    dispute_record,
    signature_record,
    submission_record,
)
