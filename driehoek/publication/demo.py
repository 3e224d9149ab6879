"""Demo: the parties publish the demo's signed agreements (the framework agreement of the
agreements demo, which the tenants declined to sign, and the running 2026 agreement of the
monitoring demo). The signatory of every party that signed consents through the service, so the
audit trail is real; the party that declined does not decide. Safe to re-run."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from driehoek.agreements.models import Agreement
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Role

from . import services
from .models import Publication, PublicationConsent

User = get_user_model()

TITLES = [
    "Kaderafspraken Demodorp 2027–2030",  # driehoek.agreements.demo.FRAMEWORK_TITLE
    "Prestatieafspraken Demodorp 2026",  # driehoek.monitoring.demo.TITLE
]


def _decider(organisation):
    from driehoek.organisations.demo import email_for, organisations

    for key, org in organisations().items():
        if org.pk == organisation.pk:
            return User.objects.filter(email=email_for(key, Role.SIGNATORY)).first()
    return None


def load(stdout) -> None:
    for title in TITLES:
        agreement = (
            Agreement.objects.filter(title=title, cycle__gemeente__is_demo=True)
            .prefetch_related("parties__organisation")
            .first()
        )
        if agreement is None:
            stdout.write(f"  publication demo: '{title}' not found, skipped")
            continue
        if Publication.objects.filter(agreement=agreement).exists():
            continue
        done = set(
            PublicationConsent.objects.filter(agreement=agreement).values_list(
                "organisation_id", flat=True
            )
        )
        needed = services.consent_needed(agreement)
        try:
            for party in agreement.parties.all():
                # A party that declined to sign does not decide on publication (issue 11 pt 9).
                if party.organisation_id in done or party.organisation_id not in needed:
                    continue
                user = _decider(party.organisation)
                if user is None:
                    stdout.write(f"  publication demo: no signatory for {party.organisation}")
                    break
                services.consent_give(
                    actor=user, agreement=agreement, organisation=party.organisation
                )
        except ServiceError as err:
            stdout.write(f"  publication demo: '{title}' not published: {err.message}")
            continue
        if Publication.objects.filter(agreement=agreement).exists():
            stdout.write(f"  published: {title}")
