"""Personal data (AVG): the right of access, erasure on request, anonymising after the
retention period and deleting sign-ups that were never confirmed."""

from __future__ import annotations

import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from driehoek.core import audit

from ..models import (
    Community,
    Question,
    Registration,
    RegistrationStatus,
)
from .limits import CONFIRM_VALID_DAYS
from .signup import registration_cancel


def _anonymise(registration: Registration, now) -> None:
    registration.name = ""
    registration.email = ""
    registration.function = ""
    registration.needs = ""
    registration.token_hash = None
    registration.anonymised_at = now
    if registration.organisation_id is None:
        # A typed organisation name could be a person's own name (a one-person firm).
        registration.organisation_name = ""
    registration.save()
    Question.objects.filter(registration=registration).update(registration=None)


def registration_erase(*, registration: Registration, now=None) -> None:
    """The person asks us to delete their personal data: cancel and anonymise now."""
    now = now or timezone.now()
    registration_cancel(registration=registration, now=now)
    with transaction.atomic():
        registration.refresh_from_db()
        _anonymise(registration, now)
        audit.log(action="community.registration.erased", target=registration)


def registration_export(registration: Registration) -> str:
    """Everything we keep about the person, as JSON (right of access)."""
    data = {
        "community": registration.community.title,
        "name": registration.name,
        "email": registration.email,
        "organisation": registration.organisation_label,
        "party": registration.get_party_display(),
        "function": registration.function,
        "province": registration.province,
        "needs": registration.needs,
        "status": registration.get_status_display(),
        "whole_series": registration.whole_series,
        "consent_at": registration.consent_at.isoformat() if registration.consent_at else None,
        "confirmed_at": registration.confirmed_at.isoformat()
        if registration.confirmed_at
        else None,
        "created_at": registration.created_at.isoformat(),
        "team": registration.team.place if registration.team else None,
        "questions": [q.text for q in registration.questions.all()],
        "own_questions": [q.text for q in registration.own_questions.all()],
        "meetings": [
            {
                "meeting": s.meeting.title,
                "starts_at": s.meeting.starts_at.isoformat(),
                "status": s.get_status_display(),
                "checked_in_at": s.attended_at.isoformat() if s.attended_at else None,
            }
            for s in registration.seats.select_related("meeting")
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def purge_unconfirmed(*, now=None, stdout=None) -> int:
    """Delete sign-ups that were never confirmed within the link's validity: the confirmation
    e-mail promises this to people who did not sign up themselves."""
    now = now or timezone.now()
    with transaction.atomic():
        stale = Registration.objects.filter(
            status=RegistrationStatus.PENDING,
            created_at__lt=now - timedelta(days=CONFIRM_VALID_DAYS),
        )
        ids = list(stale.values_list("pk", flat=True))
        Question.objects.filter(registration_id__in=ids).delete()
        Registration.objects.filter(pk__in=ids).delete()
    if stdout is not None:
        stdout.write(f"  {len(ids)} unconfirmed sign-up(s) deleted")
    return len(ids)


def anonymise_expired(*, now=None, stdout=None) -> int:
    """Anonymise sign-ups of communities whose last meeting ended more than the retention
    period ago. Returns the number anonymised."""
    now = now or timezone.now()
    total = 0
    for community in Community.objects.all():
        last = community.meetings.order_by("-ends_at").first()
        if last is None or last.ends_at + timedelta(days=community.retention_days) > now:
            continue
        with transaction.atomic():
            todo = list(
                community.registrations.select_for_update().filter(anonymised_at__isnull=True)
            )
            for registration in todo:
                _anonymise(registration, now)
            if todo:
                audit.log(
                    action="community.registrations.anonymised",
                    target=community,
                    data={"count": len(todo)},
                )
        total += len(todo)
        if stdout is not None:
            stdout.write(f"  {community.title}: {len(todo)} sign-up(s) anonymised")
    return total
