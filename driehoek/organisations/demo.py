"""Demo organisations and people. Everything here is made up and marked is_demo."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from .models import Membership, Organisation, OrganisationKind, Role, TenantRepresentation, WorkArea

User = get_user_model()

DEMO_DOMAIN = "demo.driehoek.test"

# key, kind, name, slug
ORGANISATIONS = [
    ("gemeente", OrganisationKind.GEMEENTE, "Gemeente Demodorp (demo)", "demo-gemeente-demodorp"),
    (
        "corporatie",
        OrganisationKind.CORPORATIE,
        "Woonstichting Demodorp (demo)",
        "demo-woonstichting-demodorp",
    ),
    (
        "corporatie2",
        OrganisationKind.CORPORATIE,
        "Wooncorporatie Het Voorbeeld (demo)",
        "demo-wooncorporatie-het-voorbeeld",
    ),
    (
        "huurders",
        OrganisationKind.HUURDERS,
        "Huurdersvereniging Demodorp (demo)",
        "demo-huurdersvereniging-demodorp",
    ),
]

ROLE_WORDS = {
    Role.VIEWER: "kijker",
    Role.EDITOR: "redacteur",
    Role.SIGNATORY: "ondertekenaar",
    Role.ADMIN: "beheerder",
}

FIRST_NAMES = {
    "gemeente": "Gea",
    "corporatie": "Cor",
    "corporatie2": "Vera",
    "huurders": "Hanneke",
}


def email_for(key: str, role: str) -> str:
    return f"{key}-{ROLE_WORDS[Role(role)]}@{DEMO_DOMAIN}"


STAFF_EMAIL = f"beheer@{DEMO_DOMAIN}"


def organisations() -> dict[str, Organisation]:
    return {key: Organisation.objects.get(slug=slug) for key, _k, _n, slug in ORGANISATIONS}


def _user(email: str, full_name: str, **extra):
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "is_demo": True, **extra}
    )
    if created:
        user.set_password(settings.DRIEHOEK_DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def load(stdout) -> None:
    orgs = {}
    for key, kind, name, slug in ORGANISATIONS:
        org, _created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "name": name,
                "province": "Utrecht",
                "is_demo": True,
                "source": "demo",
                "description": "Demo-organisatie om Driehoek uit te proberen. Niet echt.",
            },
        )
        orgs[key] = org
    for key in ("corporatie", "corporatie2"):
        WorkArea.objects.get_or_create(organisation=orgs[key], gemeente=orgs["gemeente"])
    WorkArea.objects.get_or_create(organisation=orgs["huurders"], gemeente=orgs["gemeente"])
    TenantRepresentation.objects.get_or_create(
        tenant_body=orgs["huurders"], corporatie=orgs["corporatie"]
    )
    for key, org in orgs.items():
        for role, word in ROLE_WORDS.items():
            user = _user(email_for(key, role), f"{FIRST_NAMES[key]} {word.capitalize()} (demo)")
            Membership.objects.get_or_create(user=user, organisation=org, defaults={"role": role})
    _user(STAFF_EMAIL, "Beheer Platform (demo)", is_staff=True)
    stdout.write(f"  {len(orgs)} demo organisations, {len(orgs) * 4 + 1} demo users")


def logins() -> list[tuple[str, str]]:
    rows = [(STAFF_EMAIL, "platform staff (beheer)")]
    for key, _kind, name, _slug in ORGANISATIONS:
        for role, word in ROLE_WORDS.items():
            rows.append((email_for(key, role), f"{word} – {name}"))
    return rows
