"""

A package by stage of the cycle; this module re-exports every name so imports stay stable."""

from .base import (  # noqa: F401
    GET_POST,
    _data,
    _events,
    _form_page,
    _page,
)
from .ceremony import sign, sign_done, signature_receipt  # noqa: F401
from .cycles import (  # noqa: F401
    _timeline,
    _waiting_for_signatures,
    cycle_create,
    cycle_detail,
    cycle_edit,
    index,
)
from .disputes import (  # noqa: F401
    _dossier_context,
    dispute_create,
    dispute_detail,
    dispute_dossier,
    dispute_dossier_pdf,
    dispute_update,
    inforequest_answer,
    inforequest_create,
    inforequest_detail,
)
from .drafting import (  # noqa: F401
    _commitment_form,
    _parties_changeable,
    _party_candidates,
    _positions_summary,
    agreement_create,
    agreement_detail,
    clause_edit,
    commitment_edit,
    parties,
    party_remove,
)
from .negotiation import (  # noqa: F401
    _discussion_target,
    comment_add,
    discussion,
    open_point_add,
    open_point_resolve,
    open_points,
    position_set,
    proposal_create,
    proposal_decide,
)
from .preparation import (  # noqa: F401
    bod_consultation,
    bod_create,
    bod_detail,
    bod_line_add,
    bod_section,
    bod_send,
    interest_add,
    interests,
    woonvisie_create,
    woonvisie_detail,
    woonvisie_document,
    woonvisie_goal_add,
)
from .signing import (  # noqa: F401
    addendum_create,
    next_slice,
    reopen,
    version_compare,
    version_detail,
    version_freeze,
)
from .submission import (  # noqa: F401
    _pdf_context,
    export_csv,
    export_xlsx,
    package,
    pdf,
    submit,
)
