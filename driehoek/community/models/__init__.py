"""Community of Practice: a series of meetings, sign-ups with a waiting list, the questions
people bring and a knowledge base.

Seats are held from the double opt-in confirmation: a sign-up that is not confirmed holds
nothing (see services.registration_confirm).

Every model is imported here, so Django, the migrations and ``from .models import X`` see one
``models`` module."""

from .knowledge import KnowledgeItem, KnowledgeKind, Question, Visibility
from .series import TRIANGLE, AgendaItem, Community, Material, Meeting, OrganiserMessage, Party
from .signup import (
    Registration,
    RegistrationStatus,
    Seat,
    SeatStatus,
    Team,
    hash_token,
    new_token,
)

__all__ = [
    "TRIANGLE",
    "AgendaItem",
    "Community",
    "KnowledgeItem",
    "KnowledgeKind",
    "Material",
    "Meeting",
    "OrganiserMessage",
    "Party",
    "Question",
    "Registration",
    "RegistrationStatus",
    "Seat",
    "SeatStatus",
    "Team",
    "Visibility",
    "hash_token",
    "new_token",
]
