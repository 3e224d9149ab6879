"""Versions and signing: snapshots, freeze, reopen, signatures, slices and addenda."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import (
    Organisation,
    Role,
)
from driehoek.organisations.selectors import has_role, user_memberships

from .. import hooks, lifecycle, notices
from ..models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementVersion,
    Clause,
    Commitment,
    CommitmentTarget,
    Cycle,
    Decision,
    Signature,
)
from ..overview import missing_signatures
from ..selectors_recording import next_slice_year
from .base import _actor_id
from .cycles import cycle_create
from .drafting import COMMITMENT_FIELDS, _reference
from .parties import agreement_create
from .readiness import readiness_reset, require_all_ready, role_label
from .signatures import content_hash, signable_party, signature_create


def _num(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def build_snapshot(agreement: Agreement) -> dict:
    """The agreement's current content as canonical data."""
    parties = agreement.parties.select_related("organisation").order_by(
        "organisation__kind", "organisation__name"
    )
    commitments = (
        agreement.commitments.select_related("responsible")
        .prefetch_related("counterparties", "targets")
        .order_by("number")
    )
    return {
        "agreement": {
            "title": agreement.title,
            "kind": agreement.kind,
            "period_start": agreement.period_start,
            "period_end": agreement.period_end,
            "gemeente": agreement.cycle.gemeente.name,
            "cycle_year": agreement.cycle.year,
        },
        "parties": [{"name": p.organisation.name, "kind": p.organisation.kind} for p in parties],
        "clauses": [
            {"title": c.title, "text": c.text} for c in agreement.clauses.order_by("order", "pk")
        ],
        "commitments": [
            {
                "reference": c.reference,
                "theme": c.theme,
                "kind": c.kind,
                "title": c.title,
                "description": c.description,
                "responsible": c.responsible.name,
                "counterparties": sorted(o.name for o in c.counterparties.all()),
                "indicator": c.indicator,
                "unit": c.unit,
                "baseline": _num(c.baseline),
                "targets": {str(t.year): _num(t.value) for t in c.targets.all()},
                "estimated_cost": _num(c.estimated_cost),
                "dependencies": c.dependencies,
                "summary_b1": c.summary_b1,
            }
            for c in commitments
        ],
    }


@transaction.atomic
def version_freeze(
    *, actor, agreement: Agreement, final: bool = False, label: str = ""
) -> AgreementVersion:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    lifecycle.check(agreement, "freeze_final" if final else "freeze")
    if final and not agreement.commitments.exists():
        raise ServiceError(
            _("An agreement without commitments cannot be signed. Add commitments first.")
        )
    if final:
        # Under the agreement's lock: a readiness withdrawn at the same moment waits for us.
        require_all_ready(agreement)
    snapshot = build_snapshot(agreement)
    number = (agreement.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        is_final=final,
        label=label.strip(),
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        frozen_at=timezone.now(),
        frozen_by=actor,
    )
    lifecycle.apply(agreement, "freeze_final" if final else "freeze")
    agreement.save(update_fields=["status", "updated_at"])
    audit.log(
        action="agreements.version.final_frozen" if final else "agreements.version.frozen",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"number": number, "hash": version.content_hash[:12]},
    )
    if final:
        notices.schedule(notices.final_ready, version.pk, _actor_id(actor))
    return version


@transaction.atomic
def agreement_reopen(*, actor, agreement: Agreement, reason: str) -> Agreement:
    """Back to negotiation when a required party declined the final version."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    lifecycle.check(agreement, "reopen")
    if not reason.strip():
        raise ServiceError(_("Explain why the negotiation is reopened."), field="reason")
    lifecycle.apply(agreement, "reopen")
    agreement.save(update_fields=["status", "updated_at"])
    # The next final version needs every party's "ready to sign" again.
    readiness_reset(agreement)
    audit.log(
        action="agreements.agreement.reopened",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"reason": reason.strip()},
    )
    return agreement


def _conclude_if_complete(
    agreement: Agreement, version: AgreementVersion, *, organisation=None, actor=None
) -> None:
    decisions = dict(version.signatures.values_list("organisation_id", "decision"))
    parties = list(agreement.parties.select_related("organisation"))
    if not missing_signatures(parties, decisions):
        # Every gemeente and corporatie signed and every tenant organisation that signs as a
        # full party decided: concluded, flagged when a tenant organisation declined.
        tenant_declined = any(
            decisions.get(p.organisation_id) == Decision.DECLINED
            for p in parties
            if not p.must_sign
        )
        lifecycle.apply(agreement, "conclude")
        agreement.concluded_at = timezone.now()
        agreement.concluded_with_tenant_refusal = tenant_declined
        agreement.save(
            update_fields=["status", "concluded_at", "concluded_with_tenant_refusal", "updated_at"]
        )
        hooks.agreement_changed([agreement.pk])
        audit.log(
            action="agreements.agreement.concluded",
            actor=None,
            organisation=agreement.cycle.gemeente,
            target=agreement,
            data={
                "tenant_declined": tenant_declined,
                "declined_by": [
                    str(p.organisation)
                    for p in parties
                    if decisions.get(p.organisation_id) == Decision.DECLINED
                ],
            },
        )
        notices.schedule(
            notices.concluded,
            agreement.pk,
            organisation.pk if organisation is not None else None,
            _actor_id(actor),
        )


@transaction.atomic
def version_sign(
    *,
    actor,
    version: AgreementVersion,
    organisation: Organisation,
    decision: str = Decision.SIGNED,
    reason: str = "",
    signer_name: str = "",
) -> Signature:
    """A signatory signs (or declines) the final version for their own organisation, once."""
    # Lock the version row: two signatures for the same version are decided one at a time.
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
    if decision not in Decision.values:
        raise ServiceError(_("Choose sign or decline."), field="decision")
    if not (actor.is_authenticated and has_role(actor, organisation, Role.SIGNATORY)):
        raise ServiceError(
            _("Only a signatory of %(org)s can sign for it.") % {"org": organisation},
            field="organisation",
        )
    party = signable_party(agreement, version, organisation)
    if Signature.objects.filter(version=version, organisation=organisation).exists():
        raise ServiceError(
            _("%(org)s has already signed or declined this version.") % {"org": organisation}
        )
    if decision == Decision.DECLINED and not reason.strip():
        raise ServiceError(_("Give the reason for declining."), field="reason")
    # A member of a successor acts for a predecessor through an inherited membership: the
    # signature stays the predecessor's and records the successor that gave it.
    successor_id = getattr(user_memberships(actor).get(organisation.pk), "inherited_from", None)
    signature = signature_create(
        version=version,
        party=party,
        organisation=organisation,
        successor_id=successor_id,
        user=actor,
        signer_name=signer_name.strip() or actor.get_full_name() or str(actor),
        decision=decision,
        reason=reason.strip(),
        content_hash=version.content_hash,
        signed_at=timezone.now(),
    )
    audit.log(
        action="agreements.version.signed"
        if decision == Decision.SIGNED
        else "agreements.version.declined",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={
            "number": version.number,
            "organisation": str(organisation),
            "reason": reason.strip(),
            "role": str(role_label(party.must_sign or party.signs)),
            **({"successor": str(signature.successor)} if successor_id else {}),
        },
    )
    if agreement.status == AgreementStatus.SIGNING:
        _conclude_if_complete(agreement, version, organisation=organisation, actor=actor)
    elif decision == Decision.DECLINED and not party.must_sign:
        # Concluded already: a tenant organisation that declines afterwards is shown as well.
        agreement.concluded_with_tenant_refusal = True
        agreement.save(update_fields=["concluded_with_tenant_refusal", "updated_at"])
    return signature


def _copy_content(
    source: Agreement, target: Agreement, *, years: tuple[int, int] | None = None
) -> None:
    Clause.objects.bulk_create(
        [
            Clause(agreement=target, key=c.key, title=c.title, text=c.text, order=c.order)
            for c in source.clauses.all()
        ]
    )
    party_ids = set(target.parties.values_list("organisation_id", flat=True))
    for n, c in enumerate(
        source.commitments.prefetch_related("counterparties", "targets").order_by("number"), start=1
    ):
        if c.responsible_id not in party_ids:
            continue
        copy = Commitment.objects.create(
            agreement=target,
            number=n,
            reference=_reference(target, n),
            origin=c,
            **{k: getattr(c, k) for k in COMMITMENT_FIELDS},
        )
        copy.counterparties.set([o for o in c.counterparties.all() if o.pk in party_ids])
        CommitmentTarget.objects.bulk_create(
            [
                CommitmentTarget(commitment=copy, year=t.year, value=t.value)
                for t in c.targets.all()
                if years is None or years[0] <= t.year <= years[1]
            ]
        )


@transaction.atomic
def annual_slice_create(*, actor, agreement: Agreement) -> Agreement:
    """The next annual slice of a framework: for the year after the latest existing slice,
    starting from the framework's commitments with that year's targets."""
    lifecycle.check(agreement, "next_slice")
    parent = agreement if agreement.kind == AgreementKind.FRAMEWORK else agreement.parent
    year = next_slice_year(agreement)
    if parent is not None and year > parent.period_end:
        raise ServiceError(
            _("The framework runs until %(year)s: there is no next annual slice.")
            % {"year": parent.period_end}
        )
    # The cycle of year Y makes the agreements for year Y + 1.
    cycle_year = year - 1
    gemeente = agreement.cycle.gemeente
    cycle = Cycle.objects.filter(gemeente=gemeente, year=cycle_year).first()
    if cycle is None:
        cycle = cycle_create(
            actor=actor,
            gemeente=gemeente,
            year=cycle_year,
            participants=list(agreement.cycle.participants.all()),
        )
    if Agreement.objects.filter(
        kind=AgreementKind.ANNUAL, parent=parent or agreement, period_start=year
    ).exists():
        raise ServiceError(_("The annual slice for %(year)s exists already.") % {"year": year})
    title = f"Jaarschijf {year} – {parent.title if parent else agreement.title}"
    new = agreement_create(
        actor=actor,
        cycle=cycle,
        kind=AgreementKind.ANNUAL,
        title=title[:200],
        period_start=year,
        period_end=year,
        parties=[p.organisation for p in agreement.parties.select_related("organisation")],
        parent=parent,
        standard_clauses=False,
    )
    _copy_content(parent or agreement, new, years=(year, year))
    audit.log(
        action="agreements.agreement.slice_created",
        actor=actor,
        organisation=gemeente,
        target=agreement,
        data={"year": year},
    )
    return new


@transaction.atomic
def addendum_create(*, actor, agreement: Agreement, title: str = "") -> Agreement:
    agreement = Agreement.objects.select_related("cycle__gemeente").get(pk=agreement.pk)
    lifecycle.check(agreement, "addendum")
    new = agreement_create(
        actor=actor,
        cycle=agreement.cycle,
        kind=AgreementKind.ADDENDUM,
        title=(title.strip() or f"Addendum bij {agreement.title}")[:200],
        period_start=agreement.period_start,
        period_end=agreement.period_end,
        parties=[p.organisation for p in agreement.parties.select_related("organisation")],
        parent=agreement,
        standard_clauses=False,
    )
    _copy_content(agreement, new)
    audit.log(
        action="agreements.agreement.addendum_created",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
    )
    return new
