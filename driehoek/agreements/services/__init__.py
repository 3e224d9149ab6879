"""Writes for the yearly cycle. Every function is atomic, checks its rules, raises
ServiceError with a Dutch (translated) message on bad input and writes an audit event.

A package by stage of the cycle; this module re-exports every name so imports stay stable."""

from .base import (  # noqa: F401
    MAX_YEAR,
    MIN_YEAR,
    _actor_id,
    _check_year,
    _decimal,
    _require_editable,
)
from .cycles import (  # noqa: F401
    CYCLE_FIELDS,
    _check_cycle_dates,
    cycle_create,
    cycle_update,
    default_participants,
    talks_start,
)
from .disputes import (  # noqa: F401
    _day_month,
    dispute_filing_warnings,
    dispute_start,
    dispute_update,
    inforequest_answer,
    inforequest_create,
)
from .drafting import (  # noqa: F401
    COMMITMENT_FIELDS,
    _next_number,
    _reference,
    clause_save,
    commitment_delete,
    commitment_save,
    drafting_warnings,
    parse_targets,
)
from .negotiation import (  # noqa: F401
    _check_party,
    _target_of,
    comment_add,
    open_point_add,
    open_point_resolve,
    position_set,
    proposal_create,
    proposal_decide,
)
from .parties import (  # noqa: F401
    STANDARD_CLAUSES,
    _check_parties,
    _require_parties_changeable,
    agreement_create,
    agreement_party_add,
    agreement_party_remove,
)
from .preparation import (  # noqa: F401
    WOONVISIE_MAX_BYTES,
    _bod_locked,
    bod_create,
    bod_line_add,
    bod_record_consultation,
    bod_section_set,
    bod_send,
    interest_set,
    woonvisie_create,
    woonvisie_goal_add,
    woonvisie_warning,
)
from .signing import (  # noqa: F401
    _conclude_if_complete,
    _copy_content,
    _num,
    addendum_create,
    agreement_reopen,
    annual_slice_create,
    build_snapshot,
    content_hash,
    version_freeze,
    version_sign,
)
from .submission import (  # noqa: F401
    agreement_submit,
)
