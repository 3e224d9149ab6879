"""

A package by stage of the cycle; this module re-exports every name so imports stay stable."""

from .base import (  # noqa: F401
    DATE,
    _org_field,
)
from .drafting import (  # noqa: F401
    AgreementForm,
    ClauseForm,
    CommentForm,
    CommitmentForm,
    DecideForm,
    OpenPointForm,
    PartyAddForm,
    PositionForm,
    ProposalForm,
    ResolveForm,
)
from .preparation import (  # noqa: F401
    BodForm,
    BodLineForm,
    BodSectionForm,
    ConfirmForm,
    ConsultationForm,
    CycleEditForm,
    CycleForm,
    GoalForm,
    InterestForm,
    WoonvisieForm,
)
from .signing import (  # noqa: F401
    AddendumForm,
    AnswerForm,
    DisputeForm,
    DisputeStatusForm,
    FreezeForm,
    InfoRequestForm,
    ReasonForm,
    SignForm,
    SubmitForm,
)
