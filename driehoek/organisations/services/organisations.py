"""Organisations: details, work area, representation, registration, approval, regions."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.core.versioning import save_versioned

from ..models import (
    TENANT_KINDS,
    Membership,
    Organisation,
    OrganisationStatus,
    Region,
    Role,
    TenantRepresentation,
    WorkArea,
)

User = get_user_model()


def unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "organisatie"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def organisation_update(
    *, actor, organisation: Organisation, fields: dict, expected_version: int | None = None
) -> Organisation:
    changed = {k: v for k, v in fields.items() if getattr(organisation, k) != v}
    if not changed:
        return organisation
    for key, value in changed.items():
        setattr(organisation, key, value)
    save_versioned(
        organisation,
        expected=expected_version,
        fields=list(fields),
        update_fields=[*changed, "updated_at"],
    )
    audit.log(
        action="organisations.organisation.updated",
        actor=actor,
        organisation=organisation,
        target=organisation,
        data={"fields": ", ".join(sorted(changed))},
    )
    return organisation


def _replace_links(
    model, owner_field: str, owner: Organisation, link_field: str, linked, *, actor, action: str
) -> None:
    """The ``model`` rows of ``owner`` replaced by one per organisation in ``linked`` (rows
    kept where they stay, added and removed where they differ); audited as ``action`` in
    the owner's log when anything changed."""
    wanted = {o.pk for o in linked}
    current = set(
        model.objects.filter(**{owner_field: owner}).values_list(f"{link_field}_id", flat=True)
    )
    model.objects.filter(**{owner_field: owner, f"{link_field}_id__in": current - wanted}).delete()
    model.objects.bulk_create(
        [model(**{owner_field: owner, f"{link_field}_id": pk}) for pk in wanted - current]
    )
    if wanted != current:
        audit.log(
            action=action,
            actor=actor,
            organisation=owner,
            target=owner,
            data={"added": len(wanted - current), "removed": len(current - wanted)},
        )


@transaction.atomic
def work_area_set(*, actor, organisation: Organisation, gemeenten) -> None:
    """Set the gemeenten where the organisation is active (replaces the list)."""
    _replace_links(
        WorkArea,
        "organisation",
        organisation,
        "gemeente",
        gemeenten,
        actor=actor,
        action="organisations.work_area.changed",
    )


@transaction.atomic
def representation_set(*, actor, tenant_body: Organisation, corporaties) -> None:
    _replace_links(
        TenantRepresentation,
        "tenant_body",
        tenant_body,
        "corporatie",
        corporaties,
        actor=actor,
        action="organisations.representation.changed",
    )


@transaction.atomic
def tenant_body_register(
    *,
    name: str,
    kind: str,
    corporaties,
    gemeenten,
    email: str,
    website: str,
    contact_name: str,
    contact_email: str,
    password: str,
    user=None,
) -> Organisation:
    """A huurdersorganisatie or bewonerscommissie registers itself; staff approve it."""
    if kind not in TENANT_KINDS:
        raise ServiceError(_("Choose tenant organisation or residents' committee."), field="kind")
    name = " ".join(name.split())
    if (
        Organisation.objects.filter(kind=kind, name__iexact=name, is_current=True)
        .exclude(status=OrganisationStatus.REJECTED)
        .exists()
    ):
        raise ServiceError(
            _(
                "An organisation with this name is already registered. Ask its administrator to invite you."
            ),
            field="name",
        )
    if user is None:
        if User.objects.filter(email__iexact=contact_email).exists():
            raise ServiceError(
                _(
                    "An account with this e-mail address exists. Log in first and register from there."
                ),
                field="contact_email",
            )
        user = User.objects.create_user(
            email=contact_email, password=password, full_name=contact_name
        )
    try:
        with transaction.atomic():
            org = Organisation.objects.create(
                kind=kind,
                name=name,
                slug=unique_slug(name),
                status=OrganisationStatus.PENDING,
                email=email,
                website=website,
                source=_("registered by the organisation itself"),
            )
    except IntegrityError:
        raise ServiceError(
            _("An organisation with this name is already registered."), field="name"
        ) from None
    Membership.objects.create(user=user, organisation=org, role=Role.ADMIN)
    TenantRepresentation.objects.bulk_create(
        [TenantRepresentation(tenant_body=org, corporatie=c) for c in corporaties]
    )
    WorkArea.objects.bulk_create([WorkArea(organisation=org, gemeente=g) for g in gemeenten])
    audit.log(
        action="organisations.organisation.registered",
        actor=user,
        organisation=org,
        target=org,
        data={"kind": kind},
    )
    return org


@transaction.atomic
def organisation_decide(*, actor, organisation: Organisation, approve: bool) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.status != OrganisationStatus.PENDING:
        raise ServiceError(_("This registration was handled already."))
    organisation.status = OrganisationStatus.ACTIVE if approve else OrganisationStatus.REJECTED
    organisation.save(update_fields=["status", "updated_at"])
    audit.log(
        action="organisations.organisation.approved"
        if approve
        else "organisations.organisation.rejected",
        actor=actor,
        organisation=organisation,
        target=organisation,
    )
    admins = list(
        organisation.memberships.filter(role=Role.ADMIN).values_list("user__email", flat=True)
    )
    subject = (
        _("Your organisation %(name)s is approved in Driehoek")
        if approve
        else _("Your registration of %(name)s in Driehoek was not approved")
    ) % {"name": organisation.name}
    body = render_to_string(
        "organisations/email/decision.txt",
        {
            "organisation": organisation,
            "approve": approve,
            "url": settings.BASE_URL + organisation.get_absolute_url(),
        },
    )
    transaction.on_commit(lambda: send_mail(subject, body, None, admins))
    return organisation


@transaction.atomic
def organisation_create(
    *, actor, kind: str, name: str, code: str = "", province: str = ""
) -> Organisation:
    """Staff add an organisation that is missing from the reference data."""
    name = " ".join(name.split())
    if Organisation.objects.filter(kind=kind, name__iexact=name, is_current=True).exists():
        raise ServiceError(
            _("An organisation of this kind with this name exists already."), field="name"
        )
    if code and Organisation.objects.filter(kind=kind, code=code).exists():
        raise ServiceError(
            _("An organisation of this kind with this code exists already."), field="code"
        )
    org = Organisation.objects.create(
        kind=kind,
        name=name,
        code=code,
        province=province,
        slug=unique_slug(name),
        source=_("added by platform staff"),
    )
    audit.log(
        action="organisations.organisation.created", actor=actor, organisation=org, target=org
    )
    return org


@transaction.atomic
def region_members_set(*, actor, region: Region, members) -> None:
    """Staff set the member gemeenten of a region (replaces the list)."""
    region.members.set(members)
    audit.log(
        action="organisations.region.members_changed",
        actor=actor,
        target=region,
        data={"count": len(members)},
    )
