"""The signing parts of the Demodorp demo (``demo.load`` calls them): every signing party
says it is ready before the final version is frozen, a proposal changes the text once every
other signing party accepted it, and the tenant organisation signs as a full party: in the
framework agreement it declined with a reason (concluded, flagged); in the participation
agreement it signed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from driehoek.organisations.demo import email_for
from driehoek.organisations.models import Role

from . import services
from .models import Agreement, AgreementKind, CommitmentKind, Decision, Theme
from .services.readiness import ready_set

User = get_user_model()

KEYS = ("gemeente", "corporatie", "corporatie2", "huurders")
PARTICIPATION_TITLE = "Afspraken huurdersparticipatie Demodorp 2027"


def users() -> dict[tuple[str, str], object]:
    """(organisation key, role) → the demo user."""
    return {
        (key, role): User.objects.get(email=email_for(key, role))
        for key in KEYS
        for role in (Role.EDITOR, Role.SIGNATORY)
    }


def commitment_add(editor, agreement, orgs, head, **more):
    """A demo commitment: ``head`` is (theme, kind, title, key of the responsible organisation
    in ``orgs``, indicator, unit); ``more`` gives the other fields."""
    theme, kind, title, resp, indicator, unit = head
    return services.commitment_save(
        actor=editor,
        agreement=agreement,
        theme=theme,
        kind=kind,
        title=title,
        responsible=orgs[resp],
        indicator=indicator,
        unit=unit,
        **more,
    )


def commitments(agreement, orgs, editor, rows):
    made = []
    for theme, kind, title, resp, indicator, unit, baseline, targets, cost, summary in rows:
        made.append(
            commitment_add(
                editor,
                agreement,
                orgs,
                (theme, kind, title, resp, indicator, unit),
                baseline=None if baseline is None else Decimal(baseline),
                estimated_cost=None if cost is None else Decimal(cost),
                summary_b1=summary,
                counterparties=[
                    o for k, o in orgs.items() if k != resp and k in ("gemeente", "huurders")
                ][:1],
                targets=targets,
            )
        )
    return made


def all_ready(agreement: Agreement, orgs: dict, users: dict) -> None:
    """Each signing party's editor says it is ready to sign."""
    key_of = {o.pk: k for k, o in orgs.items()}
    for party in agreement.parties.select_related("organisation"):
        if party.must_sign or party.signs:
            ready_set(
                actor=users[(key_of[party.organisation_id], Role.EDITOR)],
                agreement=agreement,
                organisation=party.organisation,
            )


def _sign(version, orgs, users, key, signer, **kwargs) -> None:
    services.version_sign(
        actor=users[(key, Role.SIGNATORY)],
        version=version,
        organisation=orgs[key],
        signer_name=signer,
        **kwargs,
    )


def framework(cycle, orgs, users, goals, bod, rows) -> Agreement:
    """Concluded: the gemeente and the corporatie signed; the tenant organisation signs as a
    full party and declined, with its reason (the agreement is flagged)."""
    from .demo import FRAMEWORK_TITLE

    gemeente, corporatie, huurders = orgs["gemeente"], orgs["corporatie"], orgs["huurders"]
    g_ed = users[("gemeente", Role.EDITOR)]
    agreement = services.agreement_create(
        actor=g_ed,
        cycle=cycle,
        kind=AgreementKind.FRAMEWORK,
        title=FRAMEWORK_TITLE,
        period_start=2027,
        period_end=2030,
        parties=[gemeente, corporatie, huurders],
        bod=bod,
    )
    made = commitments(
        agreement,
        {"gemeente": gemeente, "corporatie": corporatie, "huurders": huurders},
        g_ed,
        rows,
    )
    made[0].woonvisie_goal = goals[Theme.AVAILABILITY]
    made[0].save(update_fields=["woonvisie_goal"])
    services.version_freeze(actor=g_ed, agreement=agreement, label="Eerste ronde")
    all_ready(agreement, orgs, users)
    version = services.version_freeze(
        actor=g_ed, agreement=agreement, final=True, label="Eindversie"
    )
    _sign(version, orgs, users, "gemeente", "Wethouder Wonen (demo)")
    _sign(
        version,
        orgs,
        users,
        "huurders",
        "Voorzitter huurdersvereniging (demo)",
        decision=Decision.DECLINED,
        reason="Te weinig afspraken over betaalbaarheid na verduurzaming.",
    )
    _sign(version, orgs, users, "corporatie", "Directeur-bestuurder (demo)")
    return agreement


def slice_in_negotiation(framework: Agreement, orgs, users) -> Agreement:
    """Annual slice 2028: comments, positions, open points, two versions; one proposal every
    other party accepted (the text changed), one waiting for the gemeente; the tenant
    organisation is ready to sign, the others not yet."""
    gemeente, corporatie, huurders = orgs["gemeente"], orgs["corporatie"], orgs["huurders"]
    g_ed, c_ed, h_ed = (users[(k, Role.EDITOR)] for k in ("gemeente", "corporatie", "huurders"))
    slice_ = services.annual_slice_create(actor=g_ed, agreement=framework)
    first = slice_.commitments.order_by("number").first()
    comment = services.comment_add(
        actor=h_ed,
        agreement=slice_,
        organisation=huurders,
        commitment=first,
        text="Kunnen er ook 20 woningen voor ouderen bij?",
    )
    services.comment_add(
        actor=c_ed,
        agreement=slice_,
        organisation=corporatie,
        parent=comment,
        text="Dat onderzoeken we; het hangt af van de grond.",
    )
    for actor, org, stance, note in [
        (h_ed, huurders, "agree_with_change", "Graag een deel voor ouderen."),
        (c_ed, corporatie, "agree", ""),
        (g_ed, gemeente, "open", ""),
    ]:
        services.position_set(
            actor=actor,
            agreement=slice_,
            organisation=org,
            commitment=first,
            stance=stance,
            note=note,
        )
    services.open_point_add(
        actor=g_ed,
        agreement=slice_,
        title="Grondprijs voor sociale huur in het Stationskwartier",
        owner=gemeente,
        due_on=date(2027, 10, 1),
    )
    services.open_point_add(
        actor=h_ed,
        agreement=slice_,
        title="Huurbeleid na verduurzaming",
        owner=corporatie,
        due_on=date(2027, 9, 15),
    )
    services.version_freeze(actor=g_ed, agreement=slice_, label="Ronde 1")
    waiting = services.proposal_create(
        actor=h_ed,
        agreement=slice_,
        organisation=huurders,
        commitment=first,
        target_year=2028,
        target_value="140",
        reason="Wachttijden zijn te lang.",
    )
    services.proposal_decide(actor=c_ed, proposal=waiting, organisation=corporatie, accept=True)
    prop = services.proposal_create(
        actor=c_ed,
        agreement=slice_,
        organisation=corporatie,
        commitment=first,
        new_text="Waarvan 20 woningen geschikt voor ouderen.",
    )
    # The text changes on the last accept: the gemeente's and the tenant organisation's.
    services.proposal_decide(actor=g_ed, proposal=prop, organisation=gemeente, accept=True)
    services.proposal_decide(actor=h_ed, proposal=prop, organisation=huurders, accept=True)
    services.version_freeze(actor=g_ed, agreement=slice_, label="Ronde 2")
    ready_set(actor=h_ed, agreement=slice_, organisation=huurders)
    return slice_


def tenant_signed(cycle, orgs, users, bod) -> Agreement:
    """Concluded: every party signed, the tenant organisation as a full party."""
    gemeente, corporatie, huurders = orgs["gemeente"], orgs["corporatie"], orgs["huurders"]
    g_ed = users[("gemeente", Role.EDITOR)]
    agreement = services.agreement_create(
        actor=g_ed,
        cycle=cycle,
        kind=AgreementKind.ANNUAL,
        title=PARTICIPATION_TITLE,
        period_start=2027,
        period_end=2027,
        parties=[gemeente, corporatie, huurders],
        bod=bod,
    )
    commitments(
        agreement,
        {"gemeente": gemeente, "corporatie": corporatie, "huurders": huurders},
        g_ed,
        [
            (
                Theme.COOPERATION,
                CommitmentKind.PROCESS,
                "Huurders praten mee over renovatieplannen",
                "corporatie",
                "projecten met een bewonerscommissie",
                "%",
                None,
                {2027: "100"},
                None,
                "Bij elke renovatie praat een bewonerscommissie mee vóór het plan vastligt.",
            ),
        ],
    )
    all_ready(agreement, orgs, users)
    version = services.version_freeze(
        actor=g_ed, agreement=agreement, final=True, label="Eindversie"
    )
    _sign(version, orgs, users, "huurders", "Voorzitter huurdersvereniging (demo)")
    _sign(version, orgs, users, "gemeente", "Wethouder Wonen (demo)")
    _sign(version, orgs, users, "corporatie", "Directeur-bestuurder (demo)")
    return agreement
