"""Demo cycle for Demodorp: woonvisie, interests, bods and agreements at every stage:
a framework agreement concluded while the tenant organisation (a full party) declined, an
annual slice in negotiation (comments, positions, open points, proposals answered by every
party, two versions), a draft addendum, an agreement under dispute and one the tenant
organisation signed as a full party. The signing parts are in ``demo_signing``. Made-up
data; safe to re-run."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from driehoek.organisations.demo import email_for, organisations
from driehoek.organisations.models import Role

from . import demo_signing, services
from .models import Agreement, AgreementKind, CommitmentKind, Cycle, Theme

User = get_user_model()

FRAMEWORK_TITLE = "Kaderafspraken Demodorp 2027–2030"


def _user(key, role):
    return User.objects.get(email=email_for(key, role))


def _commitments(agreement, orgs, editor, rows):
    return demo_signing.commitments(agreement, orgs, editor, rows)


FRAMEWORK_ROWS = [
    (
        Theme.AVAILABILITY,
        CommitmentKind.RESULT,
        "Nieuwe sociale huurwoningen opleveren",
        "corporatie",
        "opgeleverde sociale huurwoningen",
        "woningen per jaar",
        "80",
        {2027: "120", 2028: "120", 2029: "120", 2030: "120"},
        "96000000",
        "De corporatie bouwt elk jaar 120 nieuwe sociale huurwoningen.",
    ),
    (
        Theme.AFFORDABILITY,
        CommitmentKind.RESULT,
        "Passend toewijzen",
        "corporatie",
        "aandeel passend toegewezen woningen",
        "%",
        "93",
        {2027: "95", 2028: "95", 2029: "95", 2030: "95"},
        None,
        "Huishoudens met huurtoeslag krijgen een woning met een huur die past bij hun inkomen.",
    ),
    (
        Theme.QUALITY,
        CommitmentKind.RESULT,
        "Woningen van label E, F of G naar label B",
        "corporatie",
        "verbeterde woningen",
        "woningen",
        "0",
        {2027: "75", 2028: "75", 2029: "75", 2030: "75"},
        "18000000",
        "300 woningen met een slecht energielabel worden goed geïsoleerd.",
    ),
    (
        Theme.LIVEABILITY,
        CommitmentKind.PROCESS,
        "Vroegsignalering huurachterstand",
        "corporatie",
        "huurders gemeld na 2 maanden achterstand",
        "%",
        None,
        {2027: "100"},
        None,
        "Bij 2 maanden huurachterstand meldt de corporatie dit, zodat er op tijd hulp komt.",
    ),
    (
        Theme.AVAILABILITY,
        CommitmentKind.REQUEST,
        "Bouwgrond tegen sociale grondprijs",
        "gemeente",
        "beschikbare bouwkavels",
        "kavels",
        None,
        {2027: "2", 2028: "2"},
        None,
        "De gemeente zoekt grond waar sociale huurwoningen kunnen komen.",
    ),
    (
        Theme.COOPERATION,
        CommitmentKind.EFFORT,
        "Huurders meenemen in de jaarlijkse evaluatie",
        "huurders",
        "evaluatiebijeenkomsten",
        "bijeenkomsten per jaar",
        None,
        {2027: "1", 2028: "1"},
        None,
        "De huurdersvereniging vraagt elk jaar de mening van haar leden.",
    ),
]


def load(stdout) -> None:
    orgs = organisations()
    gemeente, corporatie, corporatie2, huurders = (
        orgs[k] for k in ("gemeente", "corporatie", "corporatie2", "huurders")
    )
    if Cycle.objects.filter(gemeente=gemeente, year=2026).exists():
        stdout.write("  agreements demo is loaded already")
        return
    g_ed, c_ed, c2_ed, h_ed = (
        _user(k, Role.EDITOR) for k in ("gemeente", "corporatie", "corporatie2", "huurders")
    )

    cycle = services.cycle_create(
        actor=g_ed, gemeente=gemeente, year=2026, participants=[corporatie, corporatie2, huurders]
    )
    services.cycle_update(actor=g_ed, cycle=cycle, talks_started_on=date(2026, 1, 20))
    services.cycle_create(
        actor=g_ed, gemeente=gemeente, year=2027, participants=[corporatie, corporatie2, huurders]
    )

    woonvisie = services.woonvisie_create(
        actor=g_ed,
        gemeente=gemeente,
        title="Woonvisie Demodorp 2024–2028",
        adopted_on=date(2024, 2, 15),
        period_start=2024,
        period_end=2028,
        url="https://example.org/demodorp/woonvisie",
        summary="Meer betaalbare woningen, duurzame woningen en prettig wonen met zorg dichtbij.",
    )
    goals = {}
    for theme, text in [
        (Theme.AVAILABILITY, "Minstens 30% sociale huur in nieuwbouwprojecten."),
        (Theme.AFFORDABILITY, "Woonlasten passen bij het inkomen van huurders."),
        (Theme.QUALITY, "In 2028 geen huurwoningen meer met label E, F of G."),
        (Theme.CARE, "Ouderen kunnen langer thuis wonen."),
    ]:
        goals[theme] = services.woonvisie_goal_add(
            actor=g_ed, woonvisie=woonvisie, theme=theme, text=text
        )

    for org, actor, theme, prio, text, members in [
        (
            gemeente,
            g_ed,
            Theme.AVAILABILITY,
            1,
            "Meer sociale huurwoningen voor starters en ouderen.",
            False,
        ),
        (corporatie, c_ed, Theme.QUALITY, 1, "Verduurzamen binnen onze financiële ruimte.", False),
        (huurders, h_ed, Theme.AFFORDABILITY, 1, "Geen huurverhoging na verduurzaming.", True),
        (huurders, h_ed, Theme.QUALITY, 2, "Aanpak van vocht en schimmel.", True),
    ]:
        services.interest_set(
            actor=actor,
            cycle=cycle,
            organisation=org,
            theme=theme,
            priority=prio,
            text=text,
            set_with_members=members,
        )

    bod = services.bod_create(
        actor=c_ed,
        cycle=cycle,
        corporaties=[corporatie, corporatie2],
        title="Gezamenlijk bod 2027 Demodorp",
        introduction="Gezamenlijk bod van beide corporaties voor de jaren 2027–2031.",
    )
    for theme, description, qty, unit, year, inv in [
        (
            Theme.AVAILABILITY,
            "Nieuwbouw sociale huurwoningen Stationskwartier",
            "120",
            "woningen",
            2027,
            "24000000",
        ),
        (
            Theme.QUALITY,
            "Isolatie van woningen met label E, F en G",
            "75",
            "woningen",
            2027,
            "4500000",
        ),
        (Theme.AFFORDABILITY, "Passend toewijzen", "95", "%", 2027, None),
        (Theme.SPECIAL_GROUPS, "Woningen voor statushouders", "12", "woningen", 2027, None),
    ]:
        services.bod_line_add(
            actor=c_ed,
            bod=bod,
            theme=theme,
            description=description,
            quantity=qty,
            unit=unit,
            year=year,
            estimated_investment=inv,
        )
    services.bod_section_set(
        actor=c_ed,
        bod=bod,
        theme=Theme.AVAILABILITY,
        text="Wij bouwen de komende vijf jaar elk jaar 120 sociale huurwoningen, vooral in het "
        "Stationskwartier, als de gemeente grond beschikbaar stelt.",
    )
    services.bod_section_set(
        actor=c_ed,
        bod=bod,
        theme=Theme.QUALITY,
        text="Wij pakken eerst de woningen met label E, F en G aan, 75 per jaar.",
    )
    services.bod_record_consultation(
        actor=c_ed,
        bod=bod,
        consulted_on=date(2026, 5, 20),
        note="De huurdersvereniging steunt het bod, maar wil meer tempo bij verduurzaming.",
    )
    services.bod_send(actor=c_ed, bod=bod)

    # 1. Framework agreement: concluded while the tenant organisation, a full party,
    # declined with its reason. 2. Annual slice 2028 in negotiation.
    users = demo_signing.users()
    framework = demo_signing.framework(cycle, orgs, users, goals, bod, FRAMEWORK_ROWS)
    demo_signing.slice_in_negotiation(framework, orgs, users)

    # 3. Draft addendum to the framework.
    services.addendum_create(
        actor=g_ed, agreement=framework, title="Addendum wonen en zorg 2027–2030"
    )

    # 4. Agreement with the second corporatie, under dispute.
    disputed = services.agreement_create(
        actor=c2_ed,
        cycle=cycle,
        kind=AgreementKind.ANNUAL,
        title="Prestatieafspraken Demodorp 2027 – Het Voorbeeld",
        period_start=2027,
        period_end=2027,
        parties=[gemeente, corporatie2, huurders],
        bod=bod,
    )
    _commitments(
        disputed,
        {"gemeente": gemeente, "corporatie": corporatie2, "huurders": huurders},
        c2_ed,
        [
            (
                Theme.AVAILABILITY,
                CommitmentKind.RESULT,
                "Nieuwe sociale huurwoningen",
                "corporatie",
                "opgeleverde woningen",
                "woningen",
                "10",
                {2027: "20"},
                "4000000",
                "Het Voorbeeld bouwt 20 woningen.",
            ),
        ],
    )
    services.position_set(
        actor=g_ed,
        agreement=disputed,
        organisation=gemeente,
        commitment=disputed.commitments.first(),
        stance="disagree",
        note="De gemeente vraagt 60 woningen.",
    )
    services.version_freeze(actor=c2_ed, agreement=disputed, label="Laatste voorstel corporatie")
    services.dispute_start(
        actor=g_ed,
        agreement=disputed,
        organisation=gemeente,
        arose_on=date(2026, 11, 2),
        description="Na zes maanden overleg is er geen overeenstemming over het aantal nieuwe "
        "sociale huurwoningen (gemeente: 60, corporatie: 20).",
    )

    # 5. An agreement the tenant organisation signed as a full party.
    demo_signing.tenant_signed(cycle, orgs, users, bod)

    services.inforequest_create(
        actor=h_ed,
        cycle=cycle,
        requester=huurders,
        corporatie=corporatie,
        question="Hoeveel woningen hebben nu nog label E, F of G, per wijk?",
    )
    stdout.write(
        f"  agreements demo: 2 cycles, 1 woonvisie, 1 bod, {Agreement.objects.filter(cycle__gemeente=gemeente).count()} agreements"
    )
