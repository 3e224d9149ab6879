"""The one next step for the user on an agreement's page ("Volgende stap voor jou").

Given the user, the agreement and what the page already read (the signing state, the open
proposals, the commitments), ``next_step`` returns one step for the user's role and the
agreement's stage: a label, a short explanation, the URL and whether the step is formal (it
cannot be undone). Who may take a step is always asked of the rules layer
(``core.permissions.may`` with the names registered in ``rules.py`` and by monitoring); this
module only chooses, among the steps the rules allow, the one that matters most now:

    signing, concluded   sign or decline the final version
    signing              reopen the negotiation (a party that must sign declined)
    concluded            record the submission (the corporatie)
    submitted            report the progress (the party responsible for a commitment)
    draft, negotiation   decide on proposals waiting for the user's organisation,
                         add the first commitment, say the organisation is ready to sign,
                         freeze the final version (every signing party is ready), and for a
                         tenant organisation that only takes note: give its view

When the rules allow none of these, the step has no URL and says who the agreement waits on
("Wacht op de handtekening van ..."). It makes no query: the predicates read cached
memberships and the prefetched data the page passes in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from driehoek.core.permissions import may
from driehoek.organisations.models import OrganisationKind, Role

from .models import AgreementStatus, Decision
from .overview_signing import missing_signatures
from .overview_signing import signs_as_party as _signs
from .rules import acting_orgs, answering_orgs


@dataclass(frozen=True)
class NextStep:
    """One step. ``url`` is None when there is nothing for the user to do: ``label`` then
    says who the agreement waits on."""

    key: str
    label: str
    explanation: str
    url: str | None = None
    formal: bool = False

    @property
    def is_action(self) -> bool:
        return self.url is not None


def names(organisations) -> str:
    """ "A", "A en B", "A, B en C"."""
    items = [str(o) for o in organisations]
    if len(items) < 2:
        return "".join(items)
    return _("%(names)s and %(last)s") % {"names": ", ".join(items[:-1]), "last": items[-1]}


def _url(name: str, agreement, **kwargs) -> str:
    return reverse(name, kwargs={"agreement_id": agreement.uuid, **kwargs})


def next_step(user, agreement, *, signing: dict, proposals, commitments) -> NextStep:
    """The next step for ``user`` on ``agreement``. ``signing`` is ``selectors.signing_state``,
    ``proposals`` the open proposals (``selectors.open_proposals``), ``commitments`` the
    agreement's commitments with their positions prefetched."""
    parties = list(agreement.parties.all())
    mine = set(acting_orgs(user, [p.organisation_id for p in parties], Role.VIEWER))
    if agreement.is_editable:
        return _while_drafting(user, agreement, parties, mine, proposals, commitments)
    final = signing["final"]
    if final is not None and may(user, "agreements.sign_version", final):
        return NextStep(
            "sign",
            _("Sign version %(n)s or decline") % {"n": final.number},
            _("Read the final text. Then sign it with your name, or decline and say why."),
            _url("agreements:sign", agreement, number=final.number),
            formal=True,
        )
    if agreement.status == AgreementStatus.SIGNING:
        return _while_signing(user, agreement, parties, mine, signing)
    if agreement.status == AgreementStatus.CONCLUDED:
        return _when_concluded(user, agreement, parties)
    return _when_submitted(user, agreement, commitments)


def _while_drafting(user, agreement, parties, mine, proposals, commitments) -> NextStep:
    waiting = [p for p in proposals if _awaits(user, p)]
    if waiting:
        n = len(waiting)
        url = (
            _url("agreements:proposal_decide", agreement, pk=waiting[0].pk)
            if n == 1
            else agreement.get_absolute_url() + "#proposals"
        )
        return NextStep(
            "decide",
            ngettext("Decide on %(n)s proposal", "Decide on %(n)s proposals", n) % {"n": n},
            _(
                "Another party wants to change the text. Say yes or no to each proposal. "
                "The text only changes when every party that signs says yes."
            ),
            url,
        )
    if not commitments and may(user, "agreements.edit_agreement", agreement):
        return NextStep(
            "add_commitment",
            _("Add the first commitment"),
            _(
                "There are no commitments yet. Write down what each party will do, "
                "with a number for each year."
            ),
            _url("agreements:commitment_create", agreement),
        )
    if may(user, "agreements.mark_ready", agreement):
        return NextStep(
            "ready",
            _("Say that your organisation is ready to sign"),
            _(
                "Happy with the text? Then say so. When every party that signs is ready, the "
                "final version can be frozen. Until then you can take it back."
            ),
            _url("agreements:ready", agreement),
        )
    if may(user, "agreements.freeze_final", agreement):
        return NextStep(
            "freeze_final",
            _("Freeze the final version for signing"),
            _(
                "Every party is ready to sign. After this nobody can change the text: the "
                "parties sign this version."
            ),
            _url("agreements:version_freeze", agreement),
            formal=True,
        )
    views = _views_to_give(user, agreement, parties, mine, commitments)
    if views is not None:
        return views
    not_ready = [p.organisation for p in parties if _signs(p) and p.ready_at is None]
    if not_ready:
        return NextStep(
            "wait_ready",
            ngettext(
                "Waiting for %(orgs)s to be ready to sign",
                "Waiting for %(orgs)s to be ready to sign",
                len(not_ready),
            )
            % {"orgs": names(not_ready)},
            _(
                "Then the final version can be frozen and signed. Until then the text can "
                "still be discussed."
            ),
        )
    return NextStep(
        "wait_freeze",
        _("Waiting for a party to freeze the final version"),
        _(
            "Every party is ready to sign. Someone who may edit the text now freezes the final "
            "version. Then the parties sign."
        ),
    )


def _awaits(user, proposal) -> bool:
    """The proposal waits for an answer of the user's organisation (not only its own
    proposal, which it may withdraw)."""
    if not may(user, "agreements.decide_proposal", proposal):
        return False
    return any(pk != proposal.organisation_id for pk in answering_orgs(user, proposal))


def _views_to_give(user, agreement, parties, mine, commitments) -> NextStep | None:
    """A tenant organisation that only takes note does not sign: its voice is its view
    (position) on each commitment. The first commitment without one."""
    noting = [p.organisation_id for p in parties if p.organisation_id in mine and not _signs(p)]
    if not noting or not may(user, "agreements.take_position", agreement):
        return None
    # The organisations whose view the user gives (the rules' own helper: an editor of it).
    ids = set(acting_orgs(user, noting, Role.EDITOR))
    open_ = [c for c in commitments if not any(p.organisation_id in ids for p in c.positions.all())]
    if not ids or not open_:
        return None
    n = len(open_)
    return NextStep(
        "position",
        _("Give your view on the commitments"),
        ngettext(
            "You take note and do not sign, but your view is shown with every commitment. "
            "%(n)s commitment has no view from you yet.",
            "You take note and do not sign, but your view is shown with every commitment. "
            "%(n)s commitments have no view from you yet.",
            n,
        )
        % {"n": n},
        _url("agreements:discussion", agreement, on=open_[0].discussion_key),
    )


def _while_signing(user, agreement, parties, mine, signing) -> NextStep:
    signatures = signing["signatures"]
    declined = [
        p.organisation
        for p in parties
        if p.must_sign
        and (s := signatures.get(p.organisation_id)) is not None
        and s.decision == Decision.DECLINED
    ]
    if declined:
        orgs = names(declined)
        if may(user, "agreements.reopen", agreement):
            return NextStep(
                "reopen",
                _("Open the negotiation again"),
                _(
                    "%(orgs)s declined to sign. Without that signature the agreements are not "
                    "concluded. Reopen the negotiation to change the text; then everyone signs "
                    "again."
                )
                % {"orgs": orgs},
                _url("agreements:reopen", agreement),
                formal=True,
            )
        return NextStep(
            "wait_reopen",
            _("Waiting for the negotiation to open again"),
            _(
                "%(orgs)s declined to sign. Someone who may edit the text can reopen the negotiation."
            )
            % {"orgs": orgs},
        )
    decisions = {pk: s.decision for pk, s in signatures.items()}
    missing = [p.organisation for p in missing_signatures(parties, decisions)]
    if not missing:
        return _nothing("")
    own = [o for o in missing if o.pk in mine]
    if own:
        explanation = _("Only someone who may sign for %(org)s can do this.") % {"org": names(own)}
    else:
        explanation = _("When every party has signed, the agreements are concluded.")
    return NextStep(
        "wait_signature",
        _("Waiting for the signature of %(orgs)s") % {"orgs": names(missing)},
        explanation,
    )


def _when_concluded(user, agreement, parties) -> NextStep:
    if may(user, "agreements.submit", agreement):
        return NextStep(
            "submit",
            _("Record the submission now"),
            _(
                "Everyone has signed. Send the agreements to the minister, the municipalities "
                "and the tenant organisations (article 44a Woningwet). Record here when you "
                "did."
            ),
            _url("agreements:submit", agreement),
            formal=True,
        )
    corporaties = [
        p.organisation for p in parties if p.organisation.kind == OrganisationKind.CORPORATIE
    ]
    if not corporaties:
        return _nothing("")
    return NextStep(
        "wait_submission",
        ngettext(
            "Waiting for %(orgs)s to record the submission",
            "Waiting for %(orgs)s to record the submission",
            len(corporaties),
        )
        % {"orgs": names(corporaties)},
        _(
            "The agreements are concluded. The housing association sends them to the minister, "
            "the municipalities and the tenant organisations."
        ),
    )


def _when_submitted(user, agreement, commitments) -> NextStep:
    own = [c for c in commitments if may(user, "monitoring.report_progress", c)]
    if own:
        n = len(own)
        return NextStep(
            "report",
            _("Report the progress"),
            ngettext(
                "You are responsible for %(n)s commitment. Tell every year how far it got.",
                "You are responsible for %(n)s commitments. Tell every year how far they got.",
                n,
            )
            % {"n": n},
            reverse("monitoring:agreement", kwargs={"agreement_id": agreement.uuid}),
        )
    return _nothing(
        _(
            "The agreements were submitted. The parties report every year how far they got "
            "with each commitment."
        )
    )


def _nothing(explanation: str) -> NextStep:
    return NextStep("nothing", _("Nothing to do for you now"), explanation)
