"""Who still has to sign, who is ready, and the signing state of a version: the reads the
agreement page, the cycle timeline, the start page and the conclusion share."""

from __future__ import annotations

from django.db.models import Max

from driehoek.organisations.models import Organisation, Role
from driehoek.organisations.selectors import user_memberships

from .models import (
    Agreement,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    Decision,
    Signature,
)
from .rules import acting_orgs


def signs_as_party(party) -> bool:
    """A gemeente or corporatie always signs; a tenant organisation signs as a full party
    unless it chose to take note only."""
    return bool(party.must_sign or party.signs)


def signing_parties(parties) -> list:
    """The parties that sign as a full party (their readiness and their answer count)."""
    return [p for p in parties if signs_as_party(p)]


def missing_signatures(parties, decisions: dict[int, str]) -> list:
    """The parties whose decision the agreement still waits for (``decisions``: organisation
    id to the decision on the version that counts): a gemeente or corporatie that has not
    signed, a tenant organisation that signs as a full party and has not signed or declined.
    A party that takes note only is not waited for."""
    return [
        p
        for p in parties
        if (p.must_sign and decisions.get(p.organisation_id) != Decision.SIGNED)
        or (not p.must_sign and p.signs and p.organisation_id not in decisions)
    ]


def not_ready(parties) -> list:
    """The signing parties that have not said they are ready to sign."""
    return [p for p in signing_parties(parties) if p.ready_at is None]


def latest_final_decisions(agreements) -> dict[int, dict[int, str]]:
    """Per agreement, the decisions on its latest final version (after a reopened negotiation
    everyone signs again): agreement id → organisation id → decision. Two queries."""
    if not agreements:
        return {}
    latest = dict(
        AgreementVersion.objects.filter(agreement__in=agreements, is_final=True)
        .values("agreement_id")
        .annotate(n=Max("number"))
        .values_list("agreement_id", "n")
    )
    result: dict[int, dict[int, str]] = {}
    for aid, number, org, decision in Signature.objects.filter(
        version__agreement__in=agreements, version__is_final=True
    ).values_list("version__agreement_id", "version__number", "organisation_id", "decision"):
        if latest.get(aid) == number:
            result.setdefault(aid, {})[org] = decision
    return result


def waiting_for_signatures(agreements) -> list[Organisation]:
    """The organisations that must sign one of the agreements and have not signed its latest
    final version yet, by name."""
    if not agreements:
        return []
    decisions = latest_final_decisions(agreements)
    parties = AgreementParty.objects.filter(agreement__in=agreements).select_related("organisation")
    waiting = {}
    for party in parties:
        if missing_signatures([party], decisions.get(party.agreement_id, {})):
            waiting[party.organisation_id] = party.organisation
    return sorted(waiting.values(), key=lambda o: o.name)


def to_sign_for_user(user, agreements) -> list[tuple[Agreement, Organisation]]:
    """(agreement, organisation) for each agreement waiting for signatures where one of the
    user's organisations may sign and has not signed or declined the latest final version."""
    signing = [a for a in agreements if a.status == AgreementStatus.SIGNING]
    if not signing:
        return []
    decisions = latest_final_decisions(signing)
    mine = acting_orgs(user, user_memberships(user), Role.SIGNATORY)
    by_id = {a.pk: a for a in signing}
    rows = AgreementParty.objects.filter(
        agreement__in=signing, organisation_id__in=mine
    ).select_related("organisation")
    return [
        (by_id[p.agreement_id], p.organisation)
        for p in rows
        if p.organisation_id not in decisions.get(p.agreement_id, {})
    ]


def signing_state(agreement: Agreement) -> dict:
    """The versions (newest first), the final one, its signatures by organisation and a row
    per party (party, its signature or None, whether it signs as a full party). The final
    version knows whether it is the latest and who decided on it, so the rule
    ``agreements.sign_version`` asks nothing more. ``refusals``: the declines of tenant
    organisations that sign as a full party (the route to a dispute is shown with them)."""
    versions = list(agreement.versions.order_by("-number"))
    final = next((v for v in versions if v.is_final), None)
    signatures: dict[int, Signature] = {}
    if final is not None:
        signatures = {
            s.organisation_id: s
            for s in final.signatures.select_related("organisation", "successor", "user")
        }
        final.is_latest = versions[0].pk == final.pk
        final.decided_org_ids = set(signatures)
    # With each organisation's successor: a party that merged is signed for by its successor.
    parties = list(agreement.parties.select_related("organisation__successor"))
    rows = [(p, signatures.get(p.organisation_id), signs_as_party(p)) for p in parties]
    return {
        "versions": versions,
        "final": final,
        "signatures": signatures,
        "sign_rows": [(p, s) for p, s, _full in rows],
        "party_rows": rows,
        "not_ready": not_ready(parties),
        "refusals": [  # a tenant organisation declined
            s
            for p, s, full in rows
            if s is not None and s.decision == Decision.DECLINED and not p.must_sign
        ],
    }
