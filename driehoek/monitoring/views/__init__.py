"""Monitoring pages. Every page works without JavaScript; bad input gives status 400 with the
Dutch message next to the field.

A package by topic; this module re-exports every view so ``urls.py`` and ``views.<name>`` keep
working: ``dashboards`` (the start page and every dashboard), ``progress`` (reports, reviews,
evidence, settings), ``importing``, ``evaluation`` and ``reasonableness``. Views fetch through
``selectors`` and ask ``rules`` (``may`` / ``require``); forms go through
``core.formflow.handle_form``.
"""

from .base import GET_POST  # noqa: F401
from .dashboards import (  # noqa: F401
    agreement_dashboard,
    dashboard_corporatie,
    dashboard_gemeente,
    dashboard_huurders,
    dashboard_national,
    dashboard_region,
    index,
)
from .evaluation import carry_over, evaluation, evaluation_complete  # noqa: F401
from .importing import import_job, import_template, import_upload  # noqa: F401
from .progress import (  # noqa: F401
    report_create,
    report_detail,
    report_evidence,
    report_review,
    settings_edit,
)
from .reasonableness import financial_room_edit, reasonableness_view  # noqa: F401
