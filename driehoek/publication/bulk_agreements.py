"""The rows of the ``agreements`` and ``parties`` bulk datasets: each party's decision on the
published version and the real dates (a signature or submission recorded afterwards counts by
its real date; when it was entered is a column of its own). Columns: bulk.DATASETS."""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from . import decisions, selectors

CHUNK_SIZE = 2000


def _agreement_url(agreement_id) -> str:
    return settings.BASE_URL.rstrip("/") + reverse(
        "publication:agreement", kwargs={"agreement_id": agreement_id}
    )


def _signatures(**outer) -> QuerySet:
    """The signatures on the published version of the outer agreement."""
    from driehoek.agreements.models import Signature

    return Signature.objects.filter(
        version_id=OuterRef(outer.pop("version")), **{k: OuterRef(v) for k, v in outer.items()}
    )


def agreement_rows() -> Iterator[tuple]:
    from driehoek.agreements.models import Decision, Dispute

    # The real date the last party signed (recorded-afterwards signatures count by their real
    # date, not by when they were entered); and the newest pending dispute.
    last_signed = (
        _signatures(version="publication__version_id")
        .filter(decision=Decision.SIGNED)
        .order_by("-signed_at")
        .values("signed_at")[:1]
    )
    dispute = Dispute.objects.filter(
        agreement=OuterRef("pk"), status__in=decisions.PENDING_DISPUTE
    ).order_by("-created_at", "-pk")
    qs = (
        selectors.published_agreements()
        .annotate(
            last_signed=Subquery(last_signed),
            dispute_status=Subquery(dispute.values("status")[:1]),
            dispute_recorded=Subquery(dispute.values("filed_on_recorded")[:1]),
            dispute_created=Subquery(dispute.values("created_at")[:1]),
            dispute_recorded_at=Subquery(dispute.values("recorded_at")[:1]),
        )
        .values_list(
            "uuid",
            "title",
            "kind",
            "status",
            "period_start",
            "period_end",
            "cycle__gemeente__code",
            "cycle__gemeente__slug",
            "cycle__gemeente__name",
            "cycle__gemeente__province",
            "cycle__uuid",
            "cycle__year",
            "last_signed",
            "concluded_at",
            "concluded_with_tenant_refusal",
            "submitted_at",
            "submission_recorded_at",
            "dispute_status",
            "dispute_recorded",
            "dispute_created",
            "dispute_recorded_at",
            "publication__published_at",
            "publication__content_hash",
            "cycle__gemeente__is_demo",
        )
    )
    for row in qs.iterator(chunk_size=CHUNK_SIZE):
        (*head, last_signed, concluded_at, refusal, submitted, sub_recorded) = row[:17]
        d_status, d_recorded, d_created, d_recorded_at = row[17:21]
        filed_on = d_recorded or (timezone.localdate(d_created) if d_created else None)
        yield (
            *head,
            last_signed or concluded_at,
            refusal,
            submitted,
            sub_recorded,
            d_status,
            filed_on if d_status else None,
            d_recorded_at if d_status else None,
            *row[21:],
            _agreement_url(row[0]),
        )


def party_rows() -> Iterator[tuple]:
    from driehoek.agreements.models import AgreementParty, Decision
    from driehoek.organisations.models import TENANT_KINDS

    signature = _signatures(version="agreement__publication__version_id", party_id="pk")
    qs = (
        AgreementParty.objects.filter(selectors._published("agreement__"))
        .annotate(
            decided=Subquery(signature.values("decision")[:1]),
            decided_at=Subquery(signature.values("signed_at")[:1]),
            entered_at=Subquery(signature.values("recorded_at")[:1]),
            why=Subquery(signature.values("reason")[:1]),
            successor_slug=Subquery(signature.values("successor__slug")[:1]),
            successor_name=Subquery(signature.values("successor__name")[:1]),
        )
        .order_by("agreement__cycle__gemeente__name", "agreement__uuid", "organisation__name")
        .values_list(
            "agreement__uuid",
            "organisation__slug",
            "organisation__name",
            "organisation__kind",
            "organisation__code",
            "signs",
            "decided",
            "decided_at",
            "entered_at",
            "why",
            "successor_slug",
            "successor_name",
        )
    )
    for row in qs.iterator(chunk_size=CHUNK_SIZE):
        *org, signs, decided, decided_at, entered_at, why, successor_slug, successor_name = row
        signs = signs or org[3] not in TENANT_KINDS
        if decided == Decision.DECLINED:
            code = decisions.DECLINED
        elif decided == Decision.SIGNED:
            code = decisions.SIGNED
        else:
            code = decisions.NO_DECISION if signs else decisions.TAKES_NOTE
        yield (
            *org,
            signs,
            code,
            timezone.localdate(decided_at) if decided_at else None,
            entered_at,
            # Only a refusal's reason is published.
            (why or "") if code == decisions.DECLINED else "",
            successor_slug or "",
            successor_name or "",
        )
