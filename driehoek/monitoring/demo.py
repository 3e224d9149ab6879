"""Demo monitoring for Demodorp: the agreements for 2026 (concluded in the 2025 cycle) with
progress for the first three quarters of 2026, one contested figure, confirmations, the
evaluation of 2026 and the corporatie's financial room for 2026 and 2027.

The agreements demo concludes a framework for 2027–2030, whose periods have not started yet;
so this demo adds the agreement that is running now, through the agreements services.
Made-up data; safe to re-run.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from driehoek.organisations.models import Organisation, Role

from . import services
from .models import Frequency

User = get_user_model()

TITLE = "Prestatieafspraken Demodorp 2026"

# theme, kind, title, responsible, indicator, unit, target 2026, cost, quarters {q: (value, status, explanation)}
ROWS = [
    (
        "beschikbaarheid",
        "result",
        "Nieuwe sociale huurwoningen opleveren",
        "corporatie",
        "opgeleverde sociale huurwoningen",
        "woningen",
        "100",
        "20000000",
        {
            1: ("18", "on_track", ""),
            2: ("41", "on_track", ""),
            3: (
                "63",
                "at_risk",
                "De bouw in het Stationskwartier ligt twee maanden stil door een stikstofprocedure.",
            ),
        },
    ),
    (
        "betaalbaarheid",
        "result",
        "Passend toewijzen",
        "corporatie",
        "aandeel passend toegewezen woningen",
        "%",
        "95",
        None,
        {
            1: ("96.1", "on_track", ""),
            2: ("95.4", "on_track", ""),
            3: ("94.2", "at_risk", "Meer toewijzingen aan grote gezinnen met een hoger inkomen."),
        },
    ),
    (
        "kwaliteit_duurzaamheid",
        "result",
        "Woningen van label E, F of G naar label B",
        "corporatie",
        "verbeterde woningen",
        "woningen",
        "60",
        "4000000",
        {1: ("10", "on_track", ""), 2: ("22", "on_track", ""), 3: ("35", "on_track", "")},
    ),
    (
        "beschikbaarheid",
        "request",
        "Bouwgrond tegen sociale grondprijs",
        "gemeente",
        "beschikbare bouwkavels",
        "kavels",
        "2",
        None,
        {
            2: ("1", "on_track", ""),
            3: ("1", "at_risk", "Het bestemmingsplan voor de tweede kavel loopt vertraging op."),
        },
    ),
    (
        "samenwerking",
        "effort",
        "Huurders meenemen in de jaarlijkse evaluatie",
        "huurders",
        "evaluatiebijeenkomsten",
        "bijeenkomsten",
        "1",
        None,
        {3: ("1", "achieved", "Ledenbijeenkomst op 12 september met 48 huurders.")},
    ),
]


def _user(key: str, role: str):
    from driehoek.organisations.demo import email_for

    return User.objects.get(email=email_for(key, role))


def load(stdout) -> None:
    """The monitoring demo, then the dashboards' summaries rebuilt: the demos before this one
    (agreements' history and merger) create concluded agreements outside the services."""
    _load(stdout)
    from .summaries import rebuild_summaries

    rebuild_summaries()


def _load(stdout) -> None:
    from driehoek.agreements import services as agreement_services
    from driehoek.agreements.demo_signing import commitment_add
    from driehoek.agreements.models import Agreement, AgreementKind, Cycle, Decision
    from driehoek.organisations.demo import organisations

    try:
        orgs = organisations()
    except Organisation.DoesNotExist:
        stdout.write("  monitoring demo skipped: the demo organisations are missing")
        return
    gemeente, corporatie, huurders = orgs["gemeente"], orgs["corporatie"], orgs["huurders"]
    if Agreement.objects.filter(cycle__gemeente=gemeente, title=TITLE).exists():
        stdout.write("  monitoring demo is loaded already")
        return
    editors = {k: _user(k, Role.EDITOR) for k in ("gemeente", "corporatie", "huurders")}

    # The agreement running now: negotiated in the 2025 cycle, signed by all three parties.
    cycle = Cycle.objects.filter(
        gemeente=gemeente, year=2025
    ).first() or agreement_services.cycle_create(
        actor=editors["gemeente"], gemeente=gemeente, year=2025, participants=[corporatie, huurders]
    )
    agreement = agreement_services.agreement_create(
        actor=editors["gemeente"],
        cycle=cycle,
        kind=AgreementKind.ANNUAL,
        title=TITLE,
        period_start=2026,
        period_end=2026,
        parties=[gemeente, corporatie, huurders],
    )
    commitments = []
    for theme, kind, title, resp, indicator, unit, target, cost, quarters in ROWS:
        c = commitment_add(
            editors["gemeente"],
            agreement,
            orgs,
            (theme, kind, title, resp, indicator, unit),
            baseline=None,
            estimated_cost=Decimal(cost) if cost else None,
            targets={2026: target},
            counterparties=[
                o
                for k, o in orgs.items()
                if k in ("gemeente", "corporatie", "huurders") and k != resp
            ],
        )
        commitments.append((c, resp, quarters))
    # Every signing party says it is ready to sign before the final version is frozen.
    from driehoek.agreements.services.readiness import ready_set

    for key in ("gemeente", "corporatie", "huurders"):
        ready_set(actor=editors[key], agreement=agreement, organisation=orgs[key])
    version = agreement_services.version_freeze(
        actor=editors["gemeente"], agreement=agreement, final=True, label="Eindversie"
    )
    for key, name in (
        ("gemeente", "Wethouder Wonen (demo)"),
        ("huurders", "Voorzitter (demo)"),
        ("corporatie", "Directeur-bestuurder (demo)"),
    ):
        agreement_services.version_sign(
            actor=_user(key, Role.SIGNATORY),
            version=version,
            organisation=orgs[key],
            signer_name=name,
            decision=Decision.SIGNED,
        )
    agreement.refresh_from_db()
    if agreement.status != "concluded":
        stdout.write("  monitoring demo skipped: the 2026 demo agreement could not be concluded")
        return
    from driehoek.agreements.models import Commitment

    fresh = {
        c.pk: c
        for c in Commitment.objects.filter(agreement=agreement).select_related(
            "agreement", "responsible"
        )
    }
    commitments = [(fresh[c.pk], resp, quarters) for c, resp, quarters in commitments]

    services.settings_save(
        actor=editors["gemeente"],
        agreement=agreement,
        frequency=Frequency.QUARTER,
        closed_until=None,
    )
    reports = {}
    for c, resp, quarters in commitments:
        for q, (value, status, explanation) in sorted(quarters.items()):
            reports[(c.reference, q)] = services.report_save(
                actor=editors[resp],
                commitment=c,
                period_year=2026,
                period_quarter=q,
                realised=value,
                status=status,
                explanation=explanation,
                evidence_url="https://example.org/demodorp/kwartaalrapportage"
                if resp == "corporatie"
                else "",
            )
    # Reviews: everything up to Q2 confirmed; in Q3 one figure contested, one still waiting.
    for (ref, q), report in reports.items():
        others = [
            k
            for k in ("gemeente", "corporatie", "huurders")
            if orgs[k].pk != report.reported_by_org_id
        ]
        if q == 3 and ref.endswith("001"):
            services.report_review(
                actor=editors["gemeente"],
                report=report,
                organisation=gemeente,
                decision="confirmed",
            )
            services.report_review(
                actor=editors["huurders"],
                report=report,
                organisation=huurders,
                decision="contested",
                notify=False,  # no demo e-mail in the console
                reason="Volgens onze telling zijn 12 van deze woningen nog niet opgeleverd: de sleutels zijn nog niet "
                "overhandigd. Wij tellen 51.",
            )
            continue
        if q == 3 and ref.endswith("003"):
            continue  # waiting for confirmation
        for k in others:
            services.report_review(
                actor=editors[k], report=report, organisation=orgs[k], decision="confirmed"
            )
    services.settings_save(
        actor=editors["gemeente"],
        agreement=agreement,
        frequency=Frequency.QUARTER,
        closed_until=date(2026, 3, 31),
    )

    # Evaluation 2026, by all three parties.
    themes = {
        "beschikbaarheid": {
            "realised": "63 van de 100 nieuwe sociale huurwoningen opgeleverd tot en met het derde kwartaal; één bouwkavel geleverd.",
            "why_not": "De bouw in het Stationskwartier lag stil door een stikstofprocedure; de tweede kavel wacht op het bestemmingsplan.",
            "lessons": "Vergunningen en grond eerder regelen: de gemeente start het bestemmingsplan een jaar voor de bouw.",
        },
        "betaalbaarheid": {
            "realised": "Passend toewijzen rond 95%.",
            "why_not": "In het derde kwartaal iets onder de norm door toewijzingen aan grote gezinnen.",
            "lessons": "Per kwartaal bespreken welke woningen passend toegewezen kunnen worden.",
        },
        "kwaliteit_duurzaamheid": {
            "realised": "35 van de 60 woningen naar label B.",
            "why_not": "",
            "lessons": "Huurders eerder informeren over de overlast van de werkzaamheden.",
        },
    }
    views = {
        "gemeente": "Goed samengewerkt; de vertraging bij de nieuwbouw ligt deels bij ons (bestemmingsplan).",
        "corporatie": "We liggen op koers bij verduurzaming. De nieuwbouw halen we in 2027 in, als de grond op tijd komt.",
        "huurders": "Wij missen tempo bij de nieuwbouw en willen dat de opgeleverde aantallen per kwartaal met ons worden gecontroleerd.",
    }
    evaluation = None
    for key in ("gemeente", "corporatie", "huurders"):
        evaluation = services.evaluation_save(
            actor=editors[key],
            agreement=agreement,
            year=2026,
            organisation=orgs[key],
            themes=themes if key == "gemeente" else {},
            view=views[key],
        )
    services.evaluation_complete(
        actor=editors["gemeente"], evaluation=evaluation, organisation=gemeente
    )

    # Financial room: 2026 fits, 2027 (the new framework) asks more than the largest IBW amount.
    for year, values in (
        (
            2026,
            {
                "ibw_new_build": "26000000",
                "ibw_improvement": "11000000",
                "ibw_rent_moderation": "5000000",
                "icr": "1.65",
                "ltv": "66",
                "solvency": "33",
            },
        ),
        (
            2027,
            {
                "ibw_new_build": "25000000",
                "ibw_improvement": "12000000",
                "ibw_rent_moderation": "6000000",
                "icr": "1.45",
                "ltv": "69",
                "solvency": "28",
            },
        ),
    ):
        services.financial_room_save(
            actor=editors["corporatie"],
            corporatie=corporatie,
            year=year,
            icr_norm="1.4",
            ltv_norm="70",
            solvency_norm="30",
            note="Bron: IBW-brief van het ministerie en de eigen meerjarenbegroting (demo).",
            **values,
        )
    from .notices import send_notices

    notices = send_notices(email=False)  # on screen only: no demo e-mails in the console
    stdout.write(
        f"  monitoring demo: {TITLE} with {len(reports)} progress reports, 1 contested, evaluation 2026, "
        f"financial room, {len(notices)} notice(s)"
    )
