"""The yearly cycle: cycle, woonvisie, interests, bod, agreement (parties, clauses,
commitments with targets per year), negotiation, versions, signatures, submission, disputes
and information requests.

Later apps (monitoring, publication) read Agreement, AgreementParty, Commitment,
CommitmentTarget and Signature: keep those stable.

A package by stage of the cycle; this module re-exports every name so imports stay stable."""

from .disputes import (  # noqa: F401
    Dispute,
    DisputeStatus,
    InformationRequest,
)
from .drafting import (  # noqa: F401
    EDITABLE_STATUSES,
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Clause,
    ClauseKey,
    Commitment,
    CommitmentKind,
    CommitmentTarget,
)
from .negotiation import (  # noqa: F401
    Comment,
    OpenPoint,
    Position,
    Proposal,
    ProposalResponse,
    ProposalStatus,
    Stance,
)
from .preparation import (  # noqa: F401
    Bod,
    BodLine,
    BodSection,
    BodStatus,
    Cycle,
    Interest,
    Theme,
    Woonvisie,
    WoonvisieGoal,
)
from .signing import (  # noqa: F401
    AgreementVersion,
    Decision,
    Signature,
)
