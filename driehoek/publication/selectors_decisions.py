"""What the parties see of their own publication decision (not public): their signed
agreements, each party's consent and decision, and the decision's history."""

from __future__ import annotations

from driehoek.agreements.models import Agreement, AgreementParty
from driehoek.core.models import AuditEvent

from . import decisions
from .models import Publication, PublicationConsent


def signed_agreements_for_user(user) -> list[Agreement]:
    """Signed agreements of the user's organisations, with their publication (if any)."""
    from driehoek.agreements import selectors as agreement_selectors

    from .selectors import PUBLIC_STATUSES

    return list(
        agreement_selectors.agreement_list_for_user(user)
        .filter(status__in=PUBLIC_STATUSES)
        .select_related("publication")
    )


def parties_with_consent(agreement: Agreement) -> list[AgreementParty]:
    """The agreement's parties, each with ``consent`` (its PublicationConsent or None),
    ``decision`` (its PartyDecision on the final version) and ``consent_needed`` (only the full
    parties that signed are asked)."""
    consents = {
        c.organisation_id: c
        for c in PublicationConsent.objects.filter(agreement=agreement).select_related(
            "organisation"
        )
    }
    found = decisions.decisions_on(agreement, decisions.final_version(agreement))
    needed = decisions.consent_needed_from(found)
    parties = []
    for d in found:
        p = d.party
        p.consent = consents.get(p.organisation_id)  # type: ignore[attr-defined]
        p.decision = d  # type: ignore[attr-defined]
        p.consent_needed = p.organisation_id in needed  # type: ignore[attr-defined]
        parties.append(p)
    return parties


def consent_organisation_ids(agreement: Agreement) -> set[int]:
    """The organisations whose consent publishing needs (the full parties that signed)."""
    found = decisions.decisions_on(agreement, decisions.final_version(agreement))
    return decisions.consent_needed_from(found)


def publication_of(agreement: Agreement):
    return Publication.objects.filter(agreement=agreement).first()


def decision_history(agreement: Agreement):
    return (
        AuditEvent.objects.for_target(agreement)
        .filter(action__startswith="publication.")
        .select_related("actor")[:50]
    )
