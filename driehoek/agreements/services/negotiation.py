"""Negotiation: comments, positions, open points and proposals."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import (
    Organisation,
)

from ..models import (
    Agreement,
    Clause,
    Comment,
    Commitment,
    CommitmentTarget,
    OpenPoint,
    Position,
    Proposal,
    ProposalResponse,
    ProposalStatus,
    Stance,
)
from ..overview import signing_parties
from .base import MIN_YEAR, _decimal, _require_editable
from .drafting import parse_targets
from .readiness import readiness_reset


def _target_of(agreement: Agreement, commitment=None, clause=None):
    if commitment is not None and commitment.agreement_id != agreement.pk:
        raise ServiceError(_("This commitment belongs to another agreement."))
    if clause is not None and clause.agreement_id != agreement.pk:
        raise ServiceError(_("This clause belongs to another agreement."))
    if (commitment is None) == (clause is None):
        raise ServiceError(_("Choose one commitment or one clause."))


def _check_party(agreement: Agreement, organisation: Organisation, field="organisation"):
    if not agreement.parties.filter(organisation=organisation).exists():
        raise ServiceError(_("This organisation is not a party to the agreement."), field=field)


@transaction.atomic
def comment_add(
    *,
    actor,
    agreement: Agreement,
    organisation: Organisation,
    text: str,
    commitment=None,
    clause=None,
    parent=None,
) -> Comment:
    _check_party(agreement, organisation)
    if parent is not None:
        if parent.agreement_id != agreement.pk:
            raise ServiceError(_("You can only reply to a comment on this agreement."))
        commitment, clause = parent.commitment, parent.clause
    _target_of(agreement, commitment, clause)
    if not text.strip():
        raise ServiceError(_("Write a comment."), field="text")
    comment = Comment.objects.create(
        agreement=agreement,
        commitment=commitment,
        clause=clause,
        parent=parent,
        organisation=organisation,
        author=actor,
        text=text.strip(),
    )
    audit.log(
        action="agreements.comment.added",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"on": str(commitment or clause)},
    )
    return comment


@transaction.atomic
def position_set(
    *,
    actor,
    agreement: Agreement,
    organisation: Organisation,
    stance: str,
    note: str = "",
    commitment=None,
    clause=None,
) -> Position:
    _check_party(agreement, organisation)
    _target_of(agreement, commitment, clause)
    if stance not in Stance.values:
        raise ServiceError(_("Choose one of the positions."), field="stance")
    if not agreement.is_editable:
        _require_editable(agreement)
    target = commitment or clause
    # The text version it is given on: a later change of the text marks it as given on an
    # earlier text.
    current = type(target).objects.filter(pk=target.pk).values_list("version", flat=True).first()
    position, _created = Position.objects.update_or_create(
        agreement=agreement,
        commitment=commitment,
        clause=clause,
        organisation=organisation,
        defaults={
            "stance": stance,
            "note": note.strip(),
            "updated_by": actor,
            "text_version": current,
        },
    )
    audit.log(
        action="agreements.position.recorded",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"on": str(commitment or clause), "stance": position.get_stance_display()},
    )
    return position


@transaction.atomic
def open_point_add(
    *,
    actor,
    agreement: Agreement,
    title: str,
    owner: Organisation,
    due_on: date | None = None,
    commitment=None,
) -> OpenPoint:
    _check_party(agreement, owner, field="owner")
    if not title.strip():
        raise ServiceError(_("Describe the open point."), field="title")
    if due_on and due_on.year < MIN_YEAR:
        raise ServiceError(_("This date is not possible."), field="due_on")
    point = OpenPoint.objects.create(
        agreement=agreement, title=title.strip(), owner=owner, due_on=due_on, commitment=commitment
    )
    audit.log(
        action="agreements.open_point.added",
        actor=actor,
        organisation=owner,
        target=agreement,
        data={"title": point.title},
    )
    return point


@transaction.atomic
def open_point_resolve(*, actor, point: OpenPoint, resolution: str) -> OpenPoint:
    point = OpenPoint.objects.select_for_update().get(pk=point.pk)
    if point.resolved_at:
        raise ServiceError(_("This open point was resolved already."))
    if not resolution.strip():
        raise ServiceError(_("Describe how the point was resolved."), field="resolution")
    point.resolved_at = timezone.now()
    point.resolution = resolution.strip()
    point.save(update_fields=["resolved_at", "resolution", "updated_at"])
    audit.log(
        action="agreements.open_point.resolved",
        actor=actor,
        organisation=point.owner,
        target=point.agreement,
        data={"title": point.title},
    )
    return point


@transaction.atomic
def proposal_create(
    *,
    actor,
    agreement: Agreement,
    organisation: Organisation,
    commitment=None,
    clause=None,
    new_text: str = "",
    target_year=None,
    target_value=None,
    reason: str = "",
) -> Proposal:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editable(agreement)
    _check_party(agreement, organisation)
    _target_of(agreement, commitment, clause)
    new_text = new_text.strip()
    if target_year not in (None, ""):
        if clause is not None:
            raise ServiceError(
                _("A clause has no targets; propose a new text."), field="target_year"
            )
        parse_targets({target_year: target_value or "0"}, agreement)
        target_value = _decimal(target_value, "target_value", allow_none=False)
        target_year = int(target_year)
    else:
        target_year, target_value = None, None
        if not new_text:
            raise ServiceError(_("Propose a new text or a new target."), field="new_text")
    proposal = Proposal.objects.create(
        agreement=agreement,
        commitment=commitment,
        clause=clause,
        new_text=new_text,
        target_year=target_year,
        target_value=target_value,
        reason=reason.strip(),
        organisation=organisation,
        proposed_by=actor,
    )
    audit.log(
        action="agreements.proposal.created",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"on": str(commitment or clause)},
    )
    return proposal


def _apply(proposal: Proposal) -> None:
    """Change the text as proposed; the edit version moves on (positions given on the old
    text show that, and an edit form loaded before is stale)."""
    bump = {"version": F("version") + 1}
    # The text changes: readiness given on the old text no longer holds.
    readiness_reset(proposal.agreement)
    if proposal.clause_id:
        Clause.objects.filter(pk=proposal.clause_id).update(text=proposal.new_text, **bump)
        return
    if proposal.target_year is not None:
        CommitmentTarget.objects.update_or_create(
            commitment_id=proposal.commitment_id,
            year=proposal.target_year,
            defaults={"value": proposal.target_value},
        )
        Commitment.objects.filter(pk=proposal.commitment_id).update(**bump)  # type: ignore[misc]
    else:
        # A proposal without a clause or a target year is about a commitment's text.
        Commitment.objects.filter(pk=proposal.commitment_id).update(  # type: ignore[misc]
            description=proposal.new_text, **bump
        )


def _needed(agreement: Agreement, proposal: Proposal) -> set[int]:
    """The parties whose accept the proposal needs: every signing party but the proposer."""
    parties = list(agreement.parties.select_related("organisation"))
    return {
        p.organisation_id
        for p in signing_parties(parties)
        if p.organisation_id != proposal.organisation_id
    }


def _apply_if_accepted(actor, agreement: Agreement, proposal: Proposal) -> bool:
    """Change the text when every party it needs accepted (inside the proposal's lock)."""
    accepted = set(proposal.responses.filter(accept=True).values_list("organisation_id", flat=True))
    if not _needed(agreement, proposal) <= accepted:
        return False
    _apply(proposal)
    proposal.status = ProposalStatus.ACCEPTED
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor if actor is not None and actor.is_authenticated else None
    proposal.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit.log(
        action="agreements.proposal.accepted",
        actor=actor,
        organisation=proposal.organisation,
        target=agreement,
        data={"on": str(proposal.commitment or proposal.clause)},
    )
    return True


@transaction.atomic
def proposal_decide(
    *, actor, proposal: Proposal, organisation: Organisation, accept: bool, reason: str = ""
) -> Proposal:
    """One party answers a proposal. Every signing party other than the proposer must accept
    before the text changes (on the last accept); one rejection rejects it. The proposer can
    only withdraw (reject) its own proposal; a party that takes note only does not answer.

    The agreement row is locked first, then the proposal: answers given at the same moment
    are counted one at a time, so none is lost."""
    agreement = Agreement.objects.select_for_update().get(pk=proposal.agreement_id)
    proposal = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("commitment", "clause", "organisation")
        .get(pk=proposal.pk)
    )
    _require_editable(agreement)
    _check_party(agreement, organisation)
    if proposal.status != ProposalStatus.OPEN:
        raise ServiceError(_("This proposal was decided already."))
    on = str(proposal.commitment or proposal.clause)
    own = organisation.pk == proposal.organisation_id
    if accept and own:
        raise ServiceError(
            _("Another party accepts your proposal. You can only withdraw it (reject)."),
            field="organisation",
        )
    if not own:
        if organisation.pk not in _needed(agreement, proposal):
            raise ServiceError(
                _(
                    "%(org)s takes note only: it does not accept or reject proposals. "
                    "It can comment."
                )
                % {"org": organisation},
                field="organisation",
            )
        if proposal.responses.filter(organisation=organisation).exists():
            raise ServiceError(
                _("%(org)s has answered this proposal already.") % {"org": organisation},
                field="organisation",
            )
        ProposalResponse.objects.create(
            proposal=proposal,
            organisation=organisation,
            user=actor if actor is not None and actor.is_authenticated else None,
            accept=accept,
            reason=reason.strip(),
        )
    if accept:
        audit.log(
            action="agreements.proposal.accepted_by",
            actor=actor,
            organisation=organisation,
            target=agreement,
            data={"on": on, "organisation": str(organisation)},
        )
        _apply_if_accepted(actor, agreement, proposal)
        return proposal
    proposal.status = ProposalStatus.REJECTED
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor if actor is not None and actor.is_authenticated else None
    proposal.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit.log(
        action="agreements.proposal.rejected",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={
            "on": on,
            "organisation": str(organisation),
            "reason": reason.strip(),
            "withdrawn": own,
        },
    )
    return proposal
