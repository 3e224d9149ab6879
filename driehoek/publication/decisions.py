"""What each party decided on the final version: signed (on its real date), declined (with its
reason) or only takes note; and the disputes still pending. The publication decision and the
public pages, API and bulk files read it from here.

Dates: ``Signature.signed_at`` is the real date of the decision. When it was recorded
afterwards ("vastgelegd achteraf"), ``recorded_at`` says when it was entered. Open data shows
the real date, and the entry time next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from driehoek.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    Decision,
    Dispute,
    DisputeStatus,
    Signature,
)
from driehoek.organisations.models import Organisation

# A dispute that is still under way (no binding ruling yet, not withdrawn).
PENDING_DISPUTE = (DisputeStatus.FILED, DisputeStatus.ADVICE_REQUESTED, DisputeStatus.ADVISED)

SIGNED = "signed"
DECLINED = "declined"
TAKES_NOTE = "takes_note"
NO_DECISION = "no_decision"
CODES = (SIGNED, DECLINED, TAKES_NOTE, NO_DECISION)


def always_signs(party: AgreementParty) -> bool:
    """Gemeenten and corporaties always sign; a tenant organisation chooses (``signs``)."""
    return not party.organisation.is_tenant_body


def signs_as_party(party: AgreementParty) -> bool:
    """Signs as a full party (gemeente, corporatie, or a tenant organisation that chose to)."""
    return always_signs(party) or bool(party.signs)


def _local_date(value: datetime | None) -> date | None:
    if value is None:
        return None
    return timezone.localdate(value) if timezone.is_aware(value) else value.date()


@dataclass
class PartyDecision:
    """One party and its decision on the version that counts."""

    party: AgreementParty
    code: str
    signed_at: datetime | None = None  # the real date and time of the decision
    recorded_at: datetime | None = None  # entered afterwards at; None when entered live
    reason: str = ""  # only for a party that declined
    # The successor that decided for the party after the party went up in it (a merger or
    # split); None when the party decided itself.
    successor: Organisation | None = None

    @property
    def organisation(self):
        return self.party.organisation

    @property
    def signs(self) -> bool:
        return signs_as_party(self.party)

    @property
    def signed_on(self) -> date | None:
        return _local_date(self.signed_at)

    @property
    def recorded_afterwards(self) -> bool:
        return self.recorded_at is not None

    @property
    def signed(self) -> bool:
        return self.code == SIGNED

    @property
    def declined(self) -> bool:
        return self.code == DECLINED

    @property
    def takes_note(self) -> bool:
        return self.code == TAKES_NOTE


def decision_of(party: AgreementParty, signature: Signature | None) -> PartyDecision:
    if signature is not None:
        declined = signature.decision == Decision.DECLINED
        return PartyDecision(
            party=party,
            code=DECLINED if declined else SIGNED,
            signed_at=signature.signed_at,
            recorded_at=signature.recorded_at,
            # A reason given with a signature is not part of the decision: only a refusal's
            # reason is published.
            reason=signature.reason if declined else "",
            successor=signature.successor,
        )
    if not signs_as_party(party):
        return PartyDecision(party=party, code=TAKES_NOTE)
    return PartyDecision(party=party, code=NO_DECISION)


def final_version(agreement: Agreement) -> AgreementVersion | None:
    """The latest final version: after a reopened negotiation everyone decides again."""
    return agreement.versions.filter(is_final=True).order_by("-number").first()


def decisions_on(agreement: Agreement, version: AgreementVersion | None) -> list[PartyDecision]:
    """Each party's decision on ``version`` (two queries: parties, signatures with the
    successor that gave one for a predecessor)."""
    parties = list(agreement.parties.select_related("organisation"))
    signatures: dict[int, Signature] = {}
    if version is not None:
        signatures = {s.organisation_id: s for s in version.signatures.select_related("successor")}
    return [decision_of(p, signatures.get(p.organisation_id)) for p in parties]


def consent_needed_from(decisions: list[PartyDecision]) -> set[int]:
    """The organisations whose consent publishing needs: the full parties that signed. A party
    that declined, or that only takes note, is not asked."""
    return {d.party.organisation_id for d in decisions if d.signed and d.signs}


def all_required_signed(decisions: list[PartyDecision]) -> bool:
    """Every party that always signs (gemeente, corporatie) signed."""
    required = [d for d in decisions if always_signs(d.party)]
    return bool(required) and all(d.signed for d in required)


def concluded_on(decisions: list[PartyDecision], fallback: datetime | None) -> datetime | None:
    """When the last party signed, by the real dates (not when it was entered)."""
    dates = [d.signed_at for d in decisions if d.signed and d.signed_at is not None]
    return max(dates) if dates else fallback


# Published agreements: prefetched, a fixed number of queries for a whole list ----------------


def with_decisions(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Parties with their signature on the published version, and the pending disputes.
    Three queries for any number of agreements."""
    signatures = Signature.objects.filter(
        version_id=F("party__agreement__publication__version_id")
    ).select_related("successor")
    return qs.prefetch_related(
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.select_related("organisation").order_by(
                "organisation__kind", "organisation__name"
            ),
        ),
        Prefetch("parties__signatures", queryset=signatures, to_attr="published_signatures"),
        Prefetch(
            "disputes",
            queryset=Dispute.objects.filter(status__in=PENDING_DISPUTE).order_by("-created_at"),
            to_attr="pending_disputes",
        ),
    )


def published_decisions(agreement: Agreement) -> list[PartyDecision]:
    """The decisions on the published version of an agreement read through with_decisions."""
    result = []
    for p in agreement.parties.all():
        found = getattr(p, "published_signatures", None)
        if found is None:  # not prefetched: read it
            found = list(
                Signature.objects.filter(
                    party=p, version_id=agreement.publication.version_id
                ).select_related("successor")
            )
        result.append(decision_of(p, found[0] if found else None))
    return result


def pending_disputes(agreement: Agreement) -> list[Dispute]:
    found = getattr(agreement, "pending_disputes", None)
    if found is None:
        found = list(agreement.disputes.filter(status__in=PENDING_DISPUTE).order_by("-created_at"))
    return found
