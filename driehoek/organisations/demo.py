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
# Staff must use two-step sign-in. The demo staff account has a device with this fixed, public
# key, so a visitor can add it to an authenticator app or ask `manage.py demo_code` for the code.
# It is demo data like the password: never load the demo in production.
DEMO_TOTP_KEY = "44726965686f656b2d64656d6f2d746f74702121"


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
    staff = _user(STAFF_EMAIL, "Beheer Platform (demo)", is_staff=True)
    _demo_two_factor(staff)
    stdout.write(f"  {len(orgs)} demo organisations, {len(orgs) * 4 + 1} demo users")


def _demo_two_factor(user) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Demo", key=DEMO_TOTP_KEY, confirmed=True)


def demo_totp_secret() -> str:
    """The demo staff key as an authenticator app takes it (base32)."""
    import base64

    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def logins() -> list[tuple[str, str]]:
    rows = [(STAFF_EMAIL, "platform staff (beheer)")]
    for key, _kind, name, _slug in ORGANISATIONS:
        for role, word in ROLE_WORDS.items():
            rows.append((email_for(key, role), f"{word} – {name}"))
    return rows
