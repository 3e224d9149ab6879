"""How each party takes part in signing: a tenant organisation signs as a full party or only
takes note, and every signing party says when it is ready to sign (freezing the final
version needs all of them).

Each write locks the agreement row first (``select_for_update``): two parties that say
"ready" at the same moment, or one that withdraws while the final version is frozen, are
decided one at a time, so no decision is lost."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core.errors import ServiceError
from driehoek.organisations.models import Organisation, Role
from driehoek.organisations.selectors import has_role

from ..models import Agreement, AgreementParty, ProposalStatus
from ..overview import signing_parties
from .base import _log_about, _require_editable


def _locked(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update().select_related("cycle__gemeente").get(pk=agreement.pk)
    )


def _party(agreement: Agreement, organisation: Organisation) -> AgreementParty:
    party = (
        AgreementParty.objects.select_for_update()
        .select_related("organisation")
        .filter(agreement=agreement, organisation=organisation)
        .first()
    )
    if party is None:
        raise ServiceError(
            _("%(org)s is not a party to this agreement.") % {"org": organisation},
            field="organisation",
        )
    return party


def _require_editor(actor, organisation: Organisation) -> None:
    if not (
        actor is not None and actor.is_authenticated and has_role(actor, organisation, Role.EDITOR)
    ):
        raise ServiceError(
            _("Only an editor of %(org)s can decide this for it.") % {"org": organisation},
            field="organisation",
        )


def role_label(signs: bool) -> str:
    return _("signs as a full party") if signs else _("takes note only")


@transaction.atomic
def signing_role_set(
    *, actor, agreement: Agreement, organisation: Organisation, signs: bool
) -> AgreementParty:
    """A tenant organisation chooses: sign as a full party (its decision is then needed
    before the agreement is concluded) or only take note. Until the final version is frozen."""
    agreement = _locked(agreement)
    _require_editable(agreement)
    _require_editor(actor, organisation)
    party = _party(agreement, organisation)
    if party.must_sign:
        raise ServiceError(
            _("A municipality or housing association always signs as a full party."),
            field="organisation",
        )
    signs = bool(signs)
    if party.signs == signs:
        return party
    party.signs = signs
    fields = ["signs"]
    if not signs and party.ready_at is not None:
        party.ready_at, party.ready_by = None, None
        fields += ["ready_at", "ready_by"]
    party.save(update_fields=fields)
    _log_about(
        "agreements.party.signing_role_chosen",
        organisation,
        actor=actor,
        target=agreement,
        role=str(role_label(signs)),
    )
    if not signs:
        # Its accept is no longer needed: a proposal every other signing party accepted
        # changes the text now.
        from .negotiation import _apply_if_accepted

        for proposal in agreement.proposals.select_for_update().filter(status=ProposalStatus.OPEN):
            _apply_if_accepted(actor, agreement, proposal)
    return party


@transaction.atomic
def ready_set(*, actor, agreement: Agreement, organisation: Organisation) -> AgreementParty:
    """The party says it is ready to sign the current text."""
    agreement = _locked(agreement)
    _require_editable(agreement)
    _require_editor(actor, organisation)
    party = _party(agreement, organisation)
    if not (party.must_sign or party.signs):
        raise ServiceError(
            _("%(org)s takes note only; it does not need to say it is ready to sign.")
            % {"org": organisation},
            field="organisation",
        )
    if party.ready_at is not None:
        raise ServiceError(
            _("%(org)s said already that it is ready to sign.") % {"org": organisation},
            field="organisation",
        )
    party.ready_at = timezone.now()
    party.ready_by = actor
    party.save(update_fields=["ready_at", "ready_by"])
    _log_about("agreements.party.ready", organisation, actor=actor, target=agreement)
    return party


@transaction.atomic
def ready_withdraw(*, actor, agreement: Agreement, organisation: Organisation) -> AgreementParty:
    """The party takes back its "ready to sign", as long as not every party has given it."""
    agreement = _locked(agreement)
    _require_editable(agreement)
    _require_editor(actor, organisation)
    party = _party(agreement, organisation)
    if party.ready_at is None:
        raise ServiceError(
            _("%(org)s has not said that it is ready to sign.") % {"org": organisation},
            field="organisation",
        )
    parties = list(agreement.parties.select_related("organisation"))
    if all(p.ready_at is not None for p in signing_parties(parties)):
        raise ServiceError(
            _(
                "Every party is ready to sign, so readiness can no longer be withdrawn. "
                "Freeze the final version, or reopen the negotiation after signing."
            )
        )
    party.ready_at, party.ready_by = None, None
    party.save(update_fields=["ready_at", "ready_by"])
    _log_about("agreements.party.ready_withdrawn", organisation, actor=actor, target=agreement)
    return party


def readiness_reset(agreement: Agreement) -> None:
    """A new round: every party says again when it is ready (inside the caller's lock)."""
    AgreementParty.objects.filter(agreement=agreement).update(ready_at=None, ready_by=None)


def require_all_ready(agreement: Agreement) -> None:
    parties = list(agreement.parties.select_related("organisation"))
    waiting = [p for p in signing_parties(parties) if p.ready_at is None]
    if waiting:
        raise ServiceError(
            _(
                "The final version can only be frozen when every signing party is ready to "
                "sign. Not ready yet: %(orgs)s."
            )
            % {"orgs": ", ".join(str(p.organisation) for p in waiting)}
        )
