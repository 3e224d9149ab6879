"""Demo of a merger mid-signing: Woonstichting Oost and Woonstichting West (both demo) made an
agreement with Demodorp and its tenants; the gemeente, the tenants and Oost signed, then both
corporaties went up in Wooncorporatie Het Voorbeeld (demo) on 1 November 2026. The agreement
now waits on West's signature, which Het Voorbeeld's signatory gives (log in as
corporatie2-ondertekenaar). Made-up data; safe to re-run."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from driehoek.organisations import services as org_services
from driehoek.organisations.demo import STAFF_EMAIL, email_for, organisations
from driehoek.organisations.models import Membership, Organisation, OrganisationKind, Role

from . import services
from .models import Agreement, AgreementKind, CommitmentKind, Cycle, Decision, Theme
from .services.cycles import cycle_participant_add
from .services.readiness import ready_set

User = get_user_model()

TITLE = "Prestatieafspraken Demodorp-Noord 2027"
MERGED = [
    ("oost", "Woonstichting Oost (demo)", "demo-woonstichting-oost"),
    ("west", "Woonstichting West (demo)", "demo-woonstichting-west"),
]


def _corporatie(key: str, name: str, slug: str) -> Organisation:
    org, _created = Organisation.objects.get_or_create(
        slug=slug,
        defaults={
            "kind": OrganisationKind.CORPORATIE,
            "name": name,
            "province": "Utrecht",
            "is_demo": True,
            "source": "demo",
            "description": "Demo-corporatie die is opgegaan in een fusie. Niet echt.",
        },
    )
    user, _created = User.objects.get_or_create(
        email=f"{key}-ondertekenaar@demo.driehoek.test",
        defaults={"full_name": f"{key.capitalize()} Ondertekenaar (demo)", "is_demo": True},
    )
    if _created:
        user.set_password("demo")
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": Role.ADMIN})
    return org


def load(stdout) -> None:
    if Agreement.objects.filter(title=TITLE, cycle__gemeente__is_demo=True).exists():
        stdout.write("  demo merger already loaded")
        return
    orgs = organisations()
    gemeente, huurders, successor = orgs["gemeente"], orgs["huurders"], orgs["corporatie2"]
    oost, west = (_corporatie(*row) for row in MERGED)
    user = {
        key: User.objects.get(email=email_for(key, role))
        for key, role in (("gemeente", "editor"), ("huurders", "editor"))
    }
    g_sign = User.objects.get(email=email_for("gemeente", "signatory"))
    h_sign = User.objects.get(email=email_for("huurders", "signatory"))
    cycle = Cycle.objects.get(gemeente=gemeente, year=2026)
    staff = User.objects.get(email=STAFF_EMAIL)
    for org in (oost, west):
        if not cycle.participants.filter(pk=org.pk).exists():
            cycle_participant_add(actor=staff, cycle=cycle, organisation=org)
    agreement = services.agreement_create(
        actor=user["gemeente"],
        cycle=cycle,
        kind=AgreementKind.ANNUAL,
        title=TITLE,
        period_start=2027,
        period_end=2027,
        parties=[gemeente, oost, west, huurders],
    )
    services.commitment_save(
        actor=user["gemeente"],
        agreement=agreement,
        theme=Theme.QUALITY,
        kind=CommitmentKind.RESULT,
        title="Woningen van gas los in Demodorp-Noord",
        responsible=oost,
        indicator="aardgasvrije woningen",
        unit="woningen",
        baseline=Decimal("0"),
        estimated_cost=Decimal("2400000"),
        summary_b1="Oost en West halen samen 80 woningen van het gas af.",
        counterparties=[gemeente],
        targets={2027: "80"},
    )
    oost_admin = Membership.objects.get(organisation=oost).user
    west_admin = Membership.objects.get(organisation=west).user
    for org, actor in (
        (gemeente, user["gemeente"]),
        (huurders, user["huurders"]),
        (oost, oost_admin),
        (west, west_admin),
    ):
        ready_set(actor=actor, agreement=agreement, organisation=org)
    version = services.version_freeze(
        actor=user["gemeente"], agreement=agreement, label="Definitief", final=True
    )
    for org, actor, name in (
        (gemeente, g_sign, "Gea Ondertekenaar"),
        (huurders, h_sign, "Hanneke Ondertekenaar"),
        (oost, oost_admin, "Oost Ondertekenaar"),
    ):
        services.version_sign(
            actor=actor,
            version=version,
            organisation=org,
            decision=Decision.SIGNED,
            signer_name=name,
        )
    org_services.record_merger(
        actor=staff,
        predecessors=[oost, west],
        successor=successor,
        date=date(2026, 11, 1),
    )
    stdout.write(
        "  demo merger: Oost and West went up in Het Voorbeeld; the agreement waits on West's "
        "signature (corporatie2-ondertekenaar can give it)"
    )
