"""Monitoring: progress per commitment per period with three-way confirmation, annual
evaluation, the corporatie's financial room (reasonableness) and deadline notices.

Reads agreements' Agreement, AgreementParty, Commitment and CommitmentTarget; never changes
their schema.

A package by topic (periods, progress, evaluation, financial, notices, jobs, summaries); this
module re-exports every model so `driehoek.monitoring.models.<name>` imports stay stable."""

from .evaluation import (  # noqa: F401
    Evaluation,
    EvaluationStatus,
    EvaluationTheme,
    EvaluationView,
)
from .financial import (  # noqa: F401
    FinancialRoom,
)
from .jobs import (  # noqa: F401
    ImportJob,
    ImportStatus,
)
from .notices import (  # noqa: F401
    NoticeKind,
    SentNotice,
)
from .periods import (  # noqa: F401
    Frequency,
    MonitoringSettings,
    period_end,
    period_label,
)
from .progress import (  # noqa: F401
    LIGHTS,
    ProgressReport,
    ProgressStatus,
    ReportReview,
    ReviewDecision,
    ReviewState,
)
from .summaries import (  # noqa: F401
    AgreementSummary,
    CoverageSummary,
    NationalSummary,
)
