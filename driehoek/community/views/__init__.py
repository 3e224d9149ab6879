"""Community of Practice pages. Public pages show no personal data; the personal link (token)
gives a participant their own sign-up; organiser pages 404 for everyone else.

``urls.py`` uses ``views.<name>``: every view is re-exported here from its topic module."""

from .checkin import checkin_scan
from .meetings import (
    agenda_item_add,
    check_in,
    material_add,
    meeting_create,
    meeting_edit,
    meeting_manage,
    meeting_message,
)
from .organisers import (
    certificate,
    community_create,
    community_edit,
    export_csv,
    export_xlsx,
    knowledge_create,
    knowledge_edit,
    manage,
    question_create,
    question_edit,
    questions_manage,
)
from .personal import (
    registration,
    registration_cancel,
    registration_confirm,
    registration_data,
    registration_delete,
    registration_edit,
    registration_knowledge,
    seat_cancel,
)
from .public import (
    detail,
    index,
    knowledge,
    knowledge_item,
    meeting,
    meeting_ics,
    privacy,
    series_ics,
)
from .signup import resend_link, signup, signup_organisations, signup_sent, signup_team

__all__ = [
    "agenda_item_add",
    "certificate",
    "check_in",
    "checkin_scan",
    "community_create",
    "community_edit",
    "detail",
    "export_csv",
    "export_xlsx",
    "index",
    "knowledge",
    "knowledge_create",
    "knowledge_edit",
    "knowledge_item",
    "manage",
    "material_add",
    "meeting",
    "meeting_create",
    "meeting_edit",
    "meeting_ics",
    "meeting_manage",
    "meeting_message",
    "privacy",
    "question_create",
    "question_edit",
    "questions_manage",
    "registration",
    "registration_cancel",
    "registration_confirm",
    "registration_data",
    "registration_delete",
    "registration_edit",
    "registration_knowledge",
    "resend_link",
    "seat_cancel",
    "series_ics",
    "signup",
    "signup_organisations",
    "signup_sent",
    "signup_team",
]
