"""Who may do what in the cycle of agreements (``core/permissions.py``).

Acting for a party takes a membership of that party with a role that is strong enough: an
editor prepares and negotiates, a signatory signs. Staff may look at everything (the
selectors let them in) but have no membership, so no rule lets them act for a party.

The role data comes from ``organisations.selectors.user_memberships`` (cached on the user);
the parties come from what the selectors prefetched (the cycle's gemeente and participants,
the agreement's parties with their organisation, the bod's corporaties). No predicate makes
a query per object; the status part of a transition comes from ``lifecycle``.

Recording the past (historic agreements, real dates) and changing parties at any stage are
in ``rules_recording.py``, imported at the end of this module, so importing ``rules`` registers
every agreements rule.
"""

from __future__ import annotations

from collections.abc import Iterable

import rules

from driehoek.core.permissions import register
from driehoek.organisations.models import ROLE_RANK, TENANT_KINDS, OrganisationKind, Role
from driehoek.organisations.selectors import user_memberships

from . import lifecycle
from .models import Decision, ProposalStatus

GEMEENTE = (OrganisationKind.GEMEENTE,)
CORPORATIE = (OrganisationKind.CORPORATIE,)
ASKERS = (OrganisationKind.GEMEENTE, *TENANT_KINDS)


def acting_orgs(
    user,
    party_ids: Iterable[int],
    role: str = Role.EDITOR,
    kinds: Iterable[str] | None = None,
    *,
    kind_of: dict[int, str] | None = None,
) -> list[int]:
    """The ids among ``party_ids`` the user may act for: a membership with at least ``role``
    and, with ``kinds``, an organisation of one of those kinds (``kind_of`` maps ids to kinds;
    without it one query looks them up)."""
    if user is None or not user.is_authenticated:
        return []
    memberships = user_memberships(user)
    rank = ROLE_RANK[Role(role)]
    acting = [
        pk
        for pk in dict.fromkeys(party_ids)
        if pk in memberships and ROLE_RANK[Role(memberships[pk].role)] >= rank
    ]
    if kinds is not None and acting:
        wanted = set(kinds)
        if kind_of is None:
            from driehoek.organisations.models import Organisation

            kind_of = dict(Organisation.objects.filter(pk__in=acting).values_list("pk", "kind"))
        acting = [pk for pk in acting if kind_of.get(pk) in wanted]
    return acting


def _acts(user, organisations, role=Role.EDITOR, kinds=None) -> bool:
    orgs = list(organisations)
    kind_of = {o.pk: o.kind for o in orgs}
    return bool(acting_orgs(user, kind_of, role, kinds, kind_of=kind_of))


# The parties of each object, from prefetched data ------------------------------------------


def cycle_parties(cycle) -> list:
    """The organisations that act in the cycle: its gemeente and its participants."""
    return [cycle.gemeente, *cycle.participants.all()]


def agreement_parties(agreement) -> list:
    return [p.organisation for p in agreement.parties.all()]


# Predicates ---------------------------------------------------------------------------------


def _editor_of_cycle(kinds=None):
    @rules.predicate
    def predicate(user, cycle) -> bool:
        return cycle is not None and _acts(user, cycle_parties(cycle), Role.EDITOR, kinds)

    return predicate


@rules.predicate
def is_gemeente_editor(user) -> bool:
    """An editor of some gemeente: they may start a cycle for it (one query, cached)."""
    if user is None or not user.is_authenticated:
        return False
    cached = getattr(user, "_dh_gemeenten_to_start", None)
    if cached is None:
        from driehoek.organisations.models import Organisation

        ids = acting_orgs(user, user_memberships(user), Role.EDITOR)
        cached = list(
            Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.GEMEENTE).order_by("name")
        )
        user._dh_gemeenten_to_start = cached
    return bool(cached)


@rules.predicate
def is_woonvisie_editor(user, woonvisie) -> bool:
    return bool(acting_orgs(user, [woonvisie.gemeente_id], Role.EDITOR))


@rules.predicate
def is_bod_editor(user, bod) -> bool:
    return _acts(user, bod.corporaties.all(), Role.EDITOR)


@rules.predicate
def bod_is_draft(user, bod) -> bool:
    return not bod.is_sent


@rules.predicate
def is_party_editor(user, agreement) -> bool:
    """An editor of one of the agreement's parties."""
    return agreement is not None and _acts(user, agreement_parties(agreement), Role.EDITOR)


@rules.predicate
def is_corporatie_editor(user, agreement) -> bool:
    return _acts(user, agreement_parties(agreement), Role.EDITOR, CORPORATIE)


@rules.predicate
def is_editable(user, agreement) -> bool:
    return agreement.is_editable


@rules.predicate
def parties_changeable(user, agreement) -> bool:
    """Draft or negotiation, and no version frozen as final for signing yet."""
    if not agreement.is_editable:
        return False
    cached = getattr(agreement, "_prefetched_objects_cache", {}).get("versions")
    if cached is not None:
        return not any(v.is_final for v in cached)
    return not agreement.versions.filter(is_final=True).exists()


def _status_allows(name: str):
    @rules.predicate
    def predicate(user, agreement) -> bool:
        return lifecycle.allows(agreement, name)

    return predicate


@rules.predicate
def proposal_is_open(user, proposal) -> bool:
    return proposal.status == ProposalStatus.OPEN


def _signs(party) -> bool:
    """Signs as a full party: a gemeente or corporatie always, a tenant organisation unless it
    only takes note."""
    return bool(party.must_sign or party.signs)


def answering_orgs(user, proposal) -> list[int]:
    """The party organisations the user may answer the proposal for: a signing party other
    than the proposer that has not answered yet, or the proposer (it may withdraw its own
    proposal). From the prefetched parties and ``responses``."""
    agreement = proposal.agreement
    answered = {r.organisation_id for r in proposal.responses.all()}
    parties = list(agreement.parties.all())
    eligible = [
        p.organisation_id
        for p in parties
        if p.organisation_id == proposal.organisation_id
        or (_signs(p) and p.organisation_id not in answered)
    ]
    return acting_orgs(user, eligible, Role.EDITOR)


@rules.predicate
def proposal_decidable(user, proposal) -> bool:
    agreement = proposal.agreement
    return agreement.is_editable and bool(answering_orgs(user, proposal))


def _tenant_parties(agreement) -> list:
    return [p for p in agreement.parties.all() if p.organisation.is_tenant_body]


@rules.predicate
def is_tenant_party_editor(user, agreement) -> bool:
    """An editor of a tenant organisation that is a party: it chooses how it takes part."""
    orgs = [p.organisation for p in _tenant_parties(agreement)]
    return bool(orgs) and _acts(user, orgs, Role.EDITOR)


def ready_orgs(user, agreement, *, ready: bool) -> list[int]:
    """The signing parties the user edits for that are (``ready=True``) or are not yet ready
    to sign."""
    ids = [
        p.organisation_id
        for p in agreement.parties.all()
        if _signs(p) and (p.ready_at is not None) == ready
    ]
    return acting_orgs(user, ids, Role.EDITOR)


@rules.predicate
def may_mark_ready(user, agreement) -> bool:
    return bool(ready_orgs(user, agreement, ready=False))


@rules.predicate
def may_withdraw_ready(user, agreement) -> bool:
    """Its own readiness, until every signing party has given it."""
    signing = [p for p in agreement.parties.all() if _signs(p)]
    if all(p.ready_at is not None for p in signing):
        return False
    return bool(ready_orgs(user, agreement, ready=True))


@rules.predicate
def all_ready(user, agreement) -> bool:
    """Every signing party said it is ready to sign: the final version may be frozen."""
    return all(p.ready_at is not None for p in agreement.parties.all() if _signs(p))


def _version_is_latest(version) -> bool:
    latest = getattr(version, "is_latest", None)
    if latest is None:
        newest = version.agreement.versions.order_by("-number").values_list("pk", flat=True)
        latest = newest.first() == version.pk
    return bool(latest)


def _decided_org_ids(version) -> set[int]:
    decided = getattr(version, "decided_org_ids", None)
    if decided is None:
        decided = set(version.signatures.values_list("organisation_id", flat=True))
    return set(decided)


@rules.predicate
def may_sign_version(user, version) -> bool:
    """A signatory of a party that has not signed or declined this version yet, while the
    version is the latest and final one and the agreement is signing or concluded."""
    if version is None or not version.is_final:
        return False
    agreement = version.agreement
    if not lifecycle.allows(agreement, "sign"):
        return False
    orgs = agreement_parties(agreement)
    mine = acting_orgs(user, [o.pk for o in orgs], Role.SIGNATORY)
    if not mine or not _version_is_latest(version):
        return False
    decided = _decided_org_ids(version)
    return any(pk not in decided for pk in mine)


@rules.predicate
def may_see_signature_receipt(user, signature) -> bool:
    """The confirmation and the receipt of a signature: for the members of the organisation
    it was given for (a successor's members through their inherited membership), and staff.
    A refusal has no receipt."""
    if signature is None or signature.decision != Decision.SIGNED:
        return False
    if user is None or not user.is_authenticated:
        return False
    return bool(user.is_staff) or signature.organisation_id in user_memberships(user)


@rules.predicate
def is_inforequest_open(user, req) -> bool:
    return not req.answered_at


@rules.predicate
def is_asked_corporatie_editor(user, req) -> bool:
    return bool(acting_orgs(user, [req.corporatie_id], Role.EDITOR))


@rules.predicate
def is_dispute_party_editor(user, dispute) -> bool:
    agreement = dispute.agreement
    cached = getattr(agreement, "_prefetched_objects_cache", {}).get("parties")
    if cached is not None:
        ids = [p.organisation_id for p in cached]
    else:
        ids = list(agreement.parties.values_list("organisation_id", flat=True))
    return bool(acting_orgs(user, ids, Role.EDITOR))


# Preparation: the cycle, the woonvisie, interests, the bod.
register("agreements.start_cycle", is_gemeente_editor)
register("agreements.edit_cycle", _editor_of_cycle(GEMEENTE))
register("agreements.record_woonvisie", _editor_of_cycle(GEMEENTE))
register("agreements.edit_woonvisie", is_woonvisie_editor)
register("agreements.record_interest", _editor_of_cycle())
register("agreements.create_bod", _editor_of_cycle(CORPORATIE))
register("agreements.edit_bod", is_bod_editor & bod_is_draft)
register("agreements.send_bod", is_bod_editor & bod_is_draft)
register("agreements.ask_information", _editor_of_cycle(ASKERS))
register("agreements.answer_inforequest", is_inforequest_open & is_asked_corporatie_editor)
# Drafting.
register("agreements.create_agreement", _editor_of_cycle())
register("agreements.edit_agreement", is_party_editor & is_editable)
register("agreements.change_parties", is_party_editor & parties_changeable)
# A tenant organisation signs as a full party or only takes note, until the final freeze.
register("agreements.choose_signing_role", is_tenant_party_editor & is_editable)
# Negotiation.
register("agreements.comment", is_party_editor)
register("agreements.take_position", is_party_editor)
register("agreements.propose", is_party_editor & is_editable)
register("agreements.decide_proposal", proposal_is_open & proposal_decidable)
register("agreements.manage_open_points", is_party_editor)
# Versions, signing and what follows.
register("agreements.freeze_version", is_party_editor & is_editable)
register("agreements.freeze_final", is_party_editor & is_editable & all_ready)
register("agreements.mark_ready", may_mark_ready & is_editable)
register("agreements.withdraw_ready", may_withdraw_ready & is_editable)
register("agreements.sign_version", may_sign_version)
register("agreements.see_signature_receipt", may_see_signature_receipt)
register("agreements.reopen", is_party_editor & _status_allows("reopen"))
register("agreements.next_slice", is_party_editor & _status_allows("next_slice"))
register("agreements.make_addendum", is_party_editor & _status_allows("addendum"))
register("agreements.submit", is_corporatie_editor & _status_allows("submit"))
# Disputes.
register("agreements.file_dispute", is_party_editor)
register("agreements.edit_dispute", is_dispute_party_editor)

# The recording rules build on the predicates above; the region page's rule is registered too.
from . import rules_recording, rules_regions  # noqa: E402, F401
