"""Build signed (and published) agreements directly on the models, so publication's tests do
not depend on every step of the agreements workflow. The signed version's snapshot and hash
are made with agreements' own build_snapshot/content_hash."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from django.utils import timezone

from driehoek.agreements.models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    Clause,
    Commitment,
    CommitmentTarget,
    Cycle,
    Decision,
    Signature,
    Theme,
)
from driehoek.agreements.services import build_snapshot, content_hash
from driehoek.publication import services
from driehoek.publication.models import PublicationConsent

_seq = itertools.count(1)


def cycle_for(gemeente, year: int = 2025, participants=()) -> Cycle:
    cycle, _ = Cycle.objects.get_or_create(
        gemeente=gemeente,
        year=year,
        defaults={
            "ibw_due": date(year, 7, 1),
            "bod_due": date(year, 7, 1),
            "submission_due": date(year, 12, 15),
        },
    )
    if participants:
        cycle.participants.add(*participants)
    return cycle


def agreement(
    *,
    gemeente,
    others=(),
    title: str | None = None,
    status: str = AgreementStatus.DRAFT,
    year: int = 2025,
    commitments: int = 2,
    theme: str = Theme.AVAILABILITY,
    text: str = "",
) -> Agreement:
    n = next(_seq)
    cycle = cycle_for(gemeente, year, participants=others)
    a = Agreement.objects.create(
        cycle=cycle,
        kind="kader",
        title=title or f"Prestatieafspraken {gemeente.name} {n}",
        period_start=year,
        period_end=year + 2,
        status=status,
    )
    parties = [gemeente, *others]
    AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=a, organisation=o) for o in parties]
    )
    corporatie = next((o for o in others if o.is_corporatie), gemeente)
    Clause.objects.create(agreement=a, title="Looptijd", text=f"Drie jaar. {text}".strip(), order=1)
    for i in range(1, commitments + 1):
        c = Commitment.objects.create(
            agreement=a,
            number=i,
            reference=f"A-{i:02d}",
            theme=theme,
            kind="result",
            title=f"Afspraak {i} {text}".strip(),
            description=f"Beschrijving {i}",
            responsible=corporatie,
            unit="woningen",
            baseline=Decimal("10"),
            summary_b1=f"Eenvoudig {i}",
        )
        CommitmentTarget.objects.bulk_create(
            [CommitmentTarget(commitment=c, year=y, value=Decimal(100 + y - year)) for y in a.years]
        )
    return a


def sign(a: Agreement, *, signer_name: str = "", user=None, reason: str = "") -> Agreement:
    """Freeze a final version and let every party sign it: the agreement is concluded."""
    snapshot = build_snapshot(a)
    version = AgreementVersion.objects.create(
        agreement=a,
        number=(a.versions.count() + 1),
        is_final=True,
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        frozen_at=timezone.now(),
    )
    for party in a.parties.select_related("organisation"):
        Signature.objects.create(
            version=version,
            party=party,
            organisation=party.organisation,
            signer_name=signer_name or f"Ondertekenaar {party.organisation.name}",
            user=user,
            reason=reason,
            decision=Decision.SIGNED,
            content_hash=version.content_hash,
            signed_at=timezone.now(),
        )
    a.status = AgreementStatus.CONCLUDED
    a.concluded_at = timezone.now()
    a.save(update_fields=["status", "concluded_at", "updated_at"])
    return a


def publish(a: Agreement):
    """All parties consent (as the model rows), then the service publishes."""
    for party in a.parties.all():
        PublicationConsent.objects.get_or_create(
            agreement=a,
            organisation_id=party.organisation_id,
            defaults={"decided_at": timezone.now()},
        )
    return services.publish_if_complete(agreement=a)


def published(**kwargs) -> Agreement:
    a = sign(agreement(**kwargs))
    publish(a)
    return Agreement.objects.get(pk=a.pk)


def report(commitment, *, year=2025, quarter=None, realised="5", state="confirmed", explanation=""):
    from driehoek.monitoring.models import ProgressReport

    return ProgressReport.objects.create(
        commitment=commitment,
        period_year=year,
        period_quarter=quarter,
        realised=Decimal(realised),
        status="on_track",
        explanation=explanation,
        reported_by_org=commitment.responsible,
        review_state=state,
    )


def sign_decisions(a: Agreement, decisions: dict, *, tenant_refusal: bool = False) -> Agreement:
    """Freeze a final version and record each party's own decision: ``decisions`` maps an
    organisation to a dict with ``decision`` (signed/declined), ``reason``, ``signed_at`` and,
    for a decision recorded afterwards, ``recorded_at`` (and ``recorded_by``); ``successor`` for
    one a successor gave for the party after the party went up in it. A party left out
    makes no decision. The agreement is concluded."""
    snapshot = build_snapshot(a)
    version = AgreementVersion.objects.create(
        agreement=a,
        number=(a.versions.count() + 1),
        is_final=True,
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        frozen_at=timezone.now(),
    )
    parties = {p.organisation_id: p for p in a.parties.select_related("organisation")}
    for org, d in decisions.items():
        Signature.objects.create(
            version=version,
            party=parties[org.pk],
            organisation=org,
            signer_name=f"Ondertekenaar {org.name}",
            decision=d.get("decision", Decision.SIGNED),
            reason=d.get("reason", ""),
            content_hash=version.content_hash,
            signed_at=d.get("signed_at") or timezone.now(),
            recorded_at=d.get("recorded_at"),
            recorded_by=d.get("recorded_by"),
            successor=d.get("successor"),
        )
    a.status = AgreementStatus.CONCLUDED
    a.concluded_at = timezone.now()
    a.concluded_with_tenant_refusal = tenant_refusal
    a.save(update_fields=["status", "concluded_at", "concluded_with_tenant_refusal", "updated_at"])
    return a
