"""Reads of agreements, their versions and signatures, disputes and information requests.
Re-exported by ``selectors``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from ..models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    Clause,
    Comment,
    Commitment,
    CommitmentTarget,
    Dispute,
    InformationRequest,
    Position,
    Signature,
)
from ..overview_signing import missing_signatures
from .access import VIEW, _acting, _orgs, user_org_ids

# Agreements --------------------------------------------------------------------------------


def agreement_list_for_user(user) -> QuerySet[Agreement]:
    ids = user_org_ids(user)
    return (
        Agreement.objects.filter(parties__organisation_id__in=ids)
        .distinct()
        .select_related("cycle__gemeente")
        .order_by("-period_start", "title")
    )


def agreement_get_for_user(*, user, agreement_id, need: str = VIEW, kinds=None) -> Agreement:
    try:
        agreement = (
            Agreement.objects.select_related("cycle__gemeente", "parent", "bod")
            .prefetch_related(
                Prefetch(
                    "parties",
                    queryset=AgreementParty.objects.select_related("organisation"),
                )
            )
            .get(uuid=agreement_id)
        )
    except (Agreement.DoesNotExist, ValueError):
        raise Http404 from None
    party_ids = [p.organisation_id for p in agreement.parties.all()]
    agreement.acting = _orgs(_acting(user, party_ids, need, kinds))  # type: ignore[attr-defined]
    return agreement


def agreement_commitments(agreement: Agreement) -> list[Commitment]:
    return list(
        agreement.commitments.select_related("responsible", "woonvisie_goal", "bod_line")
        .prefetch_related(
            "counterparties",
            "targets",
            Prefetch("positions", queryset=Position.objects.select_related("organisation")),
            Prefetch(
                "comments",
                queryset=Comment.objects.select_related("organisation", "author"),
            ),
        )
        .order_by("number")
    )


def agreement_clauses(agreement: Agreement) -> list[Clause]:
    return list(
        agreement.clauses.prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("organisation")),
            Prefetch("comments", queryset=Comment.objects.select_related("organisation", "author")),
        ).order_by("order", "pk")
    )


def latest_version(agreement: Agreement):
    return agreement.versions.order_by("-number").first()


def final_version(agreement: Agreement):
    return agreement.versions.filter(is_final=True).order_by("-number").first()


def version_get(agreement: Agreement, number: int):
    try:
        return agreement.versions.select_related("frozen_by").get(number=number)
    except Exception:
        raise Http404 from None


def signatures_for(version) -> list[Signature]:
    if version is None:
        return []
    return list(version.signatures.select_related("organisation", "successor", "user"))


def version_decisions(
    agreement: Agreement, version
) -> list[tuple[AgreementParty, Signature | None]]:
    """Each party of ``agreement`` (prefetched by ``agreement_get_for_user``) with its
    decision on ``version`` so far, or None."""
    by_org = {s.organisation_id: s for s in signatures_for(version)}
    return [(p, by_org.get(p.organisation_id)) for p in agreement.parties.all()]


def version_waiting_for(agreement: Agreement, version) -> list[AgreementParty]:
    """The parties whose decision on ``version`` the agreement still waits for."""
    decisions = dict(version.signatures.values_list("organisation_id", "decision"))
    return missing_signatures(list(agreement.parties.all()), decisions)


def signature_get(version, pk: int) -> Signature:
    """One decision on ``version`` (the version of an agreement the user may read), or 404."""
    try:
        return version.signatures.select_related("organisation", "successor", "user").get(pk=pk)
    except (Signature.DoesNotExist, ValueError):
        raise Http404 from None


def commitment_get(agreement: Agreement, pk: int) -> Commitment:
    try:
        return agreement.commitments.get(pk=pk)
    except (Commitment.DoesNotExist, ValueError):
        raise Http404 from None


def agreement_party_get(agreement: Agreement, pk: int) -> AgreementParty:
    try:
        return agreement.parties.select_related("organisation").get(pk=pk)
    except (AgreementParty.DoesNotExist, ValueError):
        raise Http404 from None


def clause_get(agreement: Agreement, pk: int) -> Clause:
    try:
        return agreement.clauses.get(pk=pk)
    except (Clause.DoesNotExist, ValueError):
        raise Http404 from None


def targets_for(commitment: Commitment) -> dict[int, CommitmentTarget]:
    return {t.year: t for t in commitment.targets.all()}


# Disputes and information requests ----------------------------------------------------------


def dispute_get_for_user(*, user, dispute_id, need: str = VIEW) -> Dispute:
    try:
        dispute = Dispute.objects.select_related(
            "agreement__cycle__gemeente", "organisation", "started_by"
        ).get(uuid=dispute_id)
    except (Dispute.DoesNotExist, ValueError):
        raise Http404 from None
    party_ids = list(dispute.agreement.parties.values_list("organisation_id", flat=True))
    dispute.acting = _orgs(_acting(user, party_ids, need))  # type: ignore[attr-defined]
    return dispute


def inforequest_list_for_user(user) -> QuerySet[InformationRequest]:
    ids = user_org_ids(user)
    return InformationRequest.objects.filter(
        Q(requester_id__in=ids) | Q(corporatie_id__in=ids)
    ).select_related("requester", "corporatie", "cycle")


def inforequest_get_for_user(*, user, request_id, need: str = VIEW, answering: bool = False):
    try:
        req = InformationRequest.objects.select_related(
            "cycle__gemeente", "requester", "corporatie", "asked_by", "answered_by"
        ).get(uuid=request_id)
    except (InformationRequest.DoesNotExist, ValueError):
        raise Http404 from None
    if answering:
        if (
            user.is_authenticated
            and req.requester_id in user_org_ids(user)
            and req.corporatie_id not in user_org_ids(user)
        ):
            raise PermissionDenied
        party_ids = [req.corporatie_id]
    else:
        party_ids = [req.requester_id, req.corporatie_id]
    req.acting = _orgs(_acting(user, party_ids, need))  # type: ignore[attr-defined]
    return req


def open_agreement_statuses() -> list[str]:
    return [AgreementStatus.DRAFT, AgreementStatus.NEGOTIATION, AgreementStatus.SIGNING]
