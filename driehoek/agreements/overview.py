"""Reads that make up the pages: lists, summaries and the state of signing. Re-exported by
``selectors`` (views fetch through ``selectors`` only); access checks stay there."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from driehoek.core.models import AuditEvent
from driehoek.organisations.models import Organisation, OrganisationKind, Role
from driehoek.organisations.selectors import user_memberships

from .models import (
    Agreement,
    AgreementParty,
    AgreementVersion,
    BodLine,
    Comment,
    Dispute,
    InformationRequest,
    OpenPoint,
    Proposal,
    ProposalResponse,
    ProposalStatus,
    Signature,
    WoonvisieGoal,
)
from .overview_signing import (  # noqa: F401  (re-exported: callers import them from here)
    latest_final_decisions,
    missing_signatures,
    not_ready,
    signing_parties,
    signing_state,
    signs_as_party,
    to_sign_for_user,
    waiting_for_signatures,
)
from .rules import acting_orgs


def history(*targets):
    """The audit trail of the objects, newest first (50)."""
    q = Q(pk__in=[])
    for t in targets:
        q |= Q(target_type=t._meta.label_lower, target_id=str(t.pk))
    return AuditEvent.objects.filter(q).select_related("actor").order_by("-created_at", "-id")[:50]


def acting_parties(user, agreement: Agreement, role: str = Role.EDITOR) -> list[Organisation]:
    """The agreement's party organisations the user may act for (from prefetched parties)."""
    orgs = [p.organisation for p in agreement.parties.all()]
    ids = set(acting_orgs(user, [o.pk for o in orgs], role))
    return [o for o in orgs if o.pk in ids]


# Signing -----------------------------------------------------------------------------------


# Lists on the pages ------------------------------------------------------------------------


def open_points_for_user(user, limit: int = 20) -> list[OpenPoint]:
    ids = set(user_memberships(user))
    return list(
        OpenPoint.objects.filter(owner_id__in=ids, resolved_at__isnull=True)
        .select_related("agreement", "owner")
        .order_by("due_on")[:limit]
    )


def with_open_point_count(agreements: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return agreements.annotate(
        open_point_count=Count(
            "open_points", filter=Q(open_points__resolved_at__isnull=True), distinct=True
        )
    )


def unresolved_open_points(agreement: Agreement) -> list[OpenPoint]:
    return list(agreement.open_points.filter(resolved_at__isnull=True).select_related("owner"))


def open_points_of(agreement: Agreement) -> list[OpenPoint]:
    return list(agreement.open_points.select_related("owner", "commitment"))


def answer_rows(proposal, parties) -> list[tuple]:
    """(organisation, its answer or None) for each signing party other than the proposer:
    the parties whose accept the proposal needs. Uses the prefetched ``responses``."""
    by_org = {r.organisation_id: r for r in proposal.responses.all()}
    return [
        (p.organisation, by_org.get(p.organisation_id))
        for p in signing_parties(parties)
        if p.organisation_id != proposal.organisation_id
    ]


def _with_answers(proposals: list[Proposal], agreement: Agreement) -> list[Proposal]:
    parties = list(agreement.parties.all())
    for p in proposals:
        p.agreement = agreement
        p.answer_rows = answer_rows(p, parties)  # type: ignore[attr-defined]
    return proposals


def _responses() -> Prefetch:
    return Prefetch("responses", queryset=ProposalResponse.objects.select_related("user"))


def open_proposals(agreement: Agreement) -> list[Proposal]:
    proposals = list(
        agreement.proposals.filter(status=ProposalStatus.OPEN)
        .select_related("organisation", "commitment", "clause")
        .prefetch_related(_responses())
    )
    return _with_answers(proposals, agreement)


def mark_outdated(positions, target) -> list:
    """Mark each position given on an earlier text of ``target`` (its edit version moved on
    since): ``position.outdated``."""
    for p in positions:
        p.outdated = p.text_version is not None and p.text_version != target.version
    return list(positions)


def agreement_disputes(agreement: Agreement) -> list[Dispute]:
    return list(agreement.disputes.select_related("organisation"))


def cycle_disputes(cycle) -> list[Dispute]:
    return list(
        Dispute.objects.filter(agreement__cycle=cycle)
        .select_related("agreement", "organisation")
        .order_by("-created_at")
    )


def agreement_children(agreement: Agreement) -> list[Agreement]:
    return list(agreement.children.order_by("period_start", "title"))


def cycle_agreements(cycle) -> list[Agreement]:
    return list(cycle.agreements.order_by("title"))


def interest_org_ids(cycle) -> set[int]:
    return set(cycle.interests.values_list("organisation_id", flat=True))


def interests_of(cycle) -> list:
    return list(cycle.interests.select_related("organisation"))


def party_rows(agreement: Agreement) -> list[tuple[AgreementParty, list[str]]]:
    """Each party with the references of the commitments it is involved in."""
    rows = list(agreement.parties.select_related("organisation"))
    involved: dict[int, list[str]] = {}
    for c in agreement.commitments.select_related("responsible").prefetch_related("counterparties"):
        for org_id in {c.responsible_id, *[o.pk for o in c.counterparties.all()]}:
            involved.setdefault(org_id, []).append(c.reference)
    return [(p, sorted(involved.get(p.organisation_id, []))) for p in rows]


def party_candidates(cycle) -> list[Organisation]:
    """The cycle's own parties and, for regional agreements, the other gemeenten of the same
    region(s)."""
    neighbours = list(
        Organisation.objects.filter(
            kind=OrganisationKind.GEMEENTE, is_current=True, regions__members=cycle.gemeente
        )
        .exclude(pk=cycle.gemeente_id)
        .distinct()
        .order_by("name")[:60]
    )
    return [cycle.gemeente, *cycle.participants.all(), *neighbours]


def parent_choices(cycle) -> QuerySet[Agreement]:
    return Agreement.objects.filter(cycle__gemeente=cycle.gemeente).order_by("-period_start")


def sent_bods(cycle):
    return cycle.bods.filter(status="sent")


def commitment_links(agreement: Agreement, parties) -> tuple[QuerySet, QuerySet]:
    """The woonvisie goals and sent bod lines a commitment may point to."""
    goals = WoonvisieGoal.objects.filter(
        woonvisie__gemeente__in=[p for p in parties if p.is_gemeente]
    ).select_related("woonvisie")
    lines = BodLine.objects.filter(bod__cycle=agreement.cycle, bod__status="sent")
    return goals, lines


def discussion_of(agreement: Agreement, target) -> dict:
    """Comments (threaded), positions and proposals about a commitment or clause."""
    comments = list(target.comments.select_related("organisation", "author"))
    for c in comments:
        c.reply_list = [r for r in comments if r.parent_id == c.pk]
    proposals = list(target.proposals.select_related("organisation").prefetch_related(_responses()))
    return {
        "roots": [c for c in comments if c.parent_id is None],
        "positions": mark_outdated(
            target.positions.select_related("organisation", "updated_by"), target
        ),
        "proposals": _with_answers(proposals, agreement),
    }


def comment_get(agreement: Agreement, pk) -> Comment | None:
    return agreement.comments.filter(pk=pk).first()


def open_point_get(agreement: Agreement, pk) -> OpenPoint | None:
    return agreement.open_points.filter(pk=pk).first()


def proposal_get(agreement: Agreement, pk) -> Proposal | None:
    proposal = (
        Proposal.objects.filter(agreement=agreement, pk=pk)
        .select_related("commitment", "clause", "organisation")
        .prefetch_related(_responses())
        .first()
    )
    if proposal is not None:
        _with_answers([proposal], agreement)
    return proposal


def woonvisie_goals(woonvisie) -> list[WoonvisieGoal]:
    return list(woonvisie.goals.all())


def clause_choices(agreement: Agreement) -> QuerySet:
    return agreement.clauses.all()


def commitment_choices(agreement: Agreement) -> QuerySet:
    return agreement.commitments.all()


def version_numbers(agreement: Agreement) -> list[int]:
    return list(agreement.versions.values_list("number", flat=True))


def versions_by_number(agreement: Agreement) -> dict[int, AgreementVersion]:
    return {v.number: v for v in agreement.versions.all()}


def dossier(dispute, woonvisie) -> dict:
    """What the dispute dossier shows of its agreement and cycle."""
    agreement = dispute.agreement
    cycle = agreement.cycle
    return {
        "parties": [p.organisation for p in agreement.parties.select_related("organisation")],
        "positions": list(
            agreement.positions.select_related("organisation", "commitment", "clause")
        ),
        "goals": list(woonvisie.goals.all()) if woonvisie else [],
        "bods": [b for b in cycle.bods.prefetch_related("lines", "corporaties") if b.is_sent],
        "open_points": unresolved_open_points(agreement),
        "versions": list(agreement.versions.order_by("number")),
        **signing_record(agreement),
    }


def signing_record(agreement: Agreement) -> dict:
    """Each party with its choice (signs as a full party or takes note) and the decisions
    (signed or declined, with the reason) on every final version, oldest first."""
    parties = list(agreement.parties.select_related("organisation"))
    return {
        "party_roles": [(p.organisation, signs_as_party(p), p.must_sign) for p in parties],
        "decisions": list(
            Signature.objects.filter(version__agreement=agreement)
            .select_related("organisation", "version")
            .order_by("version__number", "signed_at", "pk")
        ),
    }


def pdf_content(agreement: Agreement) -> dict:
    parties = list(agreement.parties.select_related("organisation"))
    return {
        "parties": [p.organisation for p in parties],
        "party_roles": [(p.organisation, signs_as_party(p), p.must_sign) for p in parties],
        "clauses": list(agreement.clauses.all()),
    }


def gemeenten_to_start_cycle(user) -> list[Organisation]:
    """The gemeenten the user may start a cycle for (rule ``agreements.start_cycle``)."""
    from .rules import is_gemeente_editor

    is_gemeente_editor(user)
    return list(getattr(user, "_dh_gemeenten_to_start", []))


def cycle_information_requests(cycle, user) -> list[InformationRequest]:
    qs = cycle.information_requests.select_related("requester", "corporatie")
    if not user.is_staff:
        ids = set(user_memberships(user))
        qs = qs.filter(Q(requester_id__in=ids) | Q(corporatie_id__in=ids))
    return list(qs)


def open_inforequests_for_user(user, limit: int = 20) -> list[InformationRequest]:
    ids = set(user_memberships(user))
    return list(
        InformationRequest.objects.filter(Q(requester_id__in=ids) | Q(corporatie_id__in=ids))
        .select_related("requester", "corporatie", "cycle")
        .filter(answered_at__isnull=True)
        .order_by("created_at")[:limit]
    )
