"""Permission-aware reads. Views fetch domain objects only through these.

``need`` is ``"view"`` or a role (viewer, editor, signatory, admin). Outsiders (no membership
in any party) get 404; members whose role is too weak get 403. Staff may view everything, but
do not act for a party. The organisations the user may act for are put on the object as
``acting`` (a list of Organisation).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from driehoek.organisations.models import Organisation, Role
from driehoek.organisations.selectors import user_memberships

from .models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    Bod,
    Clause,
    Comment,
    Commitment,
    CommitmentTarget,
    Cycle,
    Dispute,
    InformationRequest,
    Position,
    Signature,
    Woonvisie,
)
from .rules import acting_orgs

VIEW = "view"


def _role_for(need: str) -> Role:
    return Role.VIEWER if need == VIEW else Role(need)


def _acting(user, party_ids, need: str, kinds=None) -> list[int]:
    """Check access; return the ids of the party organisations the user acts for. Who may
    act is ``rules.acting_orgs``; here only what an outsider (404) or staff (read only) gets."""
    if not user.is_authenticated:
        raise Http404
    memberships = user_memberships(user)
    mine = [pk for pk in party_ids if pk in memberships]
    if not mine:
        if user.is_staff:
            # Staff may look at everything but do not act for a party.
            if need == VIEW:
                return []
            raise PermissionDenied
        raise Http404
    acting = acting_orgs(user, mine, _role_for(need), kinds)
    if not acting:
        raise PermissionDenied
    return acting


def _orgs(ids) -> list[Organisation]:
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def user_org_ids(user) -> set[int]:
    return set(user_memberships(user)) if user.is_authenticated else set()


# Cycles ------------------------------------------------------------------------------------


def cycle_party_ids(cycle: Cycle) -> list[int]:
    """The organisations that act in the cycle: its gemeente and its participants."""
    return [cycle.gemeente_id, *[o.pk for o in cycle.participants.all()]]


def cycle_viewer_ids(cycle: Cycle) -> list[int]:
    """Who may read the cycle: its parties and every party of an agreement in it (a gemeente
    that takes part only through a regional agreement, for example). Acting in the cycle
    itself stays with ``cycle_party_ids``."""
    agreement_party_ids = AgreementParty.objects.filter(agreement__cycle=cycle).values_list(
        "organisation_id", flat=True
    )
    return list(dict.fromkeys([*cycle_party_ids(cycle), *agreement_party_ids]))


def cycle_list_for_user(user) -> QuerySet[Cycle]:
    ids = user_org_ids(user)
    return (
        Cycle.objects.filter(
            Q(gemeente_id__in=ids)
            | Q(participants__in=ids)
            | Q(agreements__parties__organisation_id__in=ids)
        )
        .distinct()
        .select_related("gemeente")
        .order_by("-year", "gemeente__name")
    )


def cycle_get_for_user(*, user, cycle_id, need: str = VIEW, kinds=None) -> Cycle:
    try:
        cycle = (
            Cycle.objects.select_related("gemeente")
            .prefetch_related("participants")
            .get(uuid=cycle_id)
        )
    except (Cycle.DoesNotExist, ValueError):
        raise Http404 from None
    viewer_ids = cycle_viewer_ids(cycle)
    if need == VIEW:
        cycle.acting = _orgs(_acting(user, viewer_ids, need, kinds))  # type: ignore[attr-defined]
        return cycle
    # A party of an agreement in this cycle that is not a party of the cycle itself may read
    # it (above) but not act in it: 403 rather than 404.
    _acting(user, viewer_ids, VIEW)
    party_ids = cycle_party_ids(cycle)
    if not set(party_ids) & user_org_ids(user):
        raise PermissionDenied
    cycle.acting = _orgs(_acting(user, party_ids, need, kinds))  # type: ignore[attr-defined]
    return cycle


# Woonvisie ---------------------------------------------------------------------------------


def woonvisie_get_for_user(*, user, woonvisie_id, need: str = VIEW) -> Woonvisie:
    try:
        woonvisie = Woonvisie.objects.select_related("gemeente").get(uuid=woonvisie_id)
    except (Woonvisie.DoesNotExist, ValueError):
        raise Http404 from None
    if need == VIEW:
        party_ids = (
            {woonvisie.gemeente_id}
            | set(
                Cycle.participants.through.objects.filter(
                    cycle__gemeente_id=woonvisie.gemeente_id
                ).values_list("organisation_id", flat=True)
            )
            | set(
                AgreementParty.objects.filter(
                    agreement__cycle__gemeente_id=woonvisie.gemeente_id
                ).values_list("organisation_id", flat=True)
            )
        )
        woonvisie.acting = _orgs(_acting(user, party_ids, need))  # type: ignore[attr-defined]
    else:
        woonvisie.acting = _orgs(_acting(user, [woonvisie.gemeente_id], need))  # type: ignore[attr-defined]
    return woonvisie


def woonvisie_current(gemeente_id: int, year: int | None = None) -> Woonvisie | None:
    """The gemeente's latest woonvisie; with ``year`` (a cycle's year, not today) the latest
    one that had started by then: one adopted and valid from that year or before."""
    qs = Woonvisie.objects.filter(gemeente_id=gemeente_id)
    if year is not None:
        qs = qs.filter(period_start__lte=year, adopted_on__year__lte=year)
    return qs.prefetch_related("goals").order_by("-adopted_on", "-pk").first()


# Bod ---------------------------------------------------------------------------------------


def bod_get_for_user(*, user, bod_id, need: str = VIEW) -> Bod:
    try:
        bod = (
            Bod.objects.select_related("cycle__gemeente", "sent_by")
            .prefetch_related("corporaties", "tenant_bodies", "lines", "sections")
            .get(uuid=bod_id)
        )
    except (Bod.DoesNotExist, ValueError):
        raise Http404 from None
    corporatie_ids = [o.pk for o in bod.corporaties.all()]
    # A draft bod is shared with the tenant organisations for consultation (art. 43(2));
    # the gemeente sees it once sent.
    visible_ids = {*corporatie_ids, *[o.pk for o in bod.tenant_bodies.all()]}
    if bod.is_sent:
        visible_ids.add(bod.cycle.gemeente_id)
    if need == VIEW:
        bod.acting = _orgs(_acting(user, visible_ids, need))  # type: ignore[attr-defined]
        return bod
    _acting(user, visible_ids, VIEW)
    if not set(corporatie_ids) & user_org_ids(user):
        raise PermissionDenied
    bod.acting = _orgs(_acting(user, corporatie_ids, need))  # type: ignore[attr-defined]
    return bod


def bods_for_cycle(*, user, cycle: Cycle) -> list[Bod]:
    ids = user_org_ids(user)
    qs = cycle.bods.prefetch_related("corporaties", "tenant_bodies").order_by("title")
    result = []
    for bod in qs:
        corporatie_ids = {o.pk for o in bod.corporaties.all()}
        tenant_ids = {o.pk for o in bod.tenant_bodies.all()}
        if bod.is_sent or corporatie_ids & ids or tenant_ids & ids or user.is_staff:
            result.append(bod)
    return result


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
    return list(version.signatures.select_related("organisation", "user"))


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


from .overview import (  # noqa: E402, F401
    acting_parties,
    agreement_children,
    agreement_disputes,
    clause_choices,
    comment_get,
    commitment_choices,
    commitment_links,
    cycle_agreements,
    cycle_disputes,
    cycle_information_requests,
    discussion_of,
    dossier,
    gemeenten_to_start_cycle,
    history,
    interest_org_ids,
    interests_of,
    latest_final_decisions,
    missing_signatures,
    open_inforequests_for_user,
    open_point_get,
    open_points_for_user,
    open_points_of,
    open_proposals,
    parent_choices,
    party_candidates,
    party_rows,
    pdf_content,
    proposal_get,
    sent_bods,
    signing_state,
    to_sign_for_user,
    unresolved_open_points,
    version_numbers,
    versions_by_number,
    waiting_for_signatures,
    with_open_point_count,
    woonvisie_goals,
)
from .selectors_recording import (  # noqa: E402, F401
    agreement_get_for_recording,
    agreement_with_recorders,
    agreements_for_region,
    bod_get_for_recording,
    cycle_get_for_parties,
    cycle_participant_candidates,
    linkable_bods,
    linked_bod_lines,
    next_slice_year,
    recordable_gemeenten,
    recordable_parties,
    recording_state,
    regions_for_agreement,
)
