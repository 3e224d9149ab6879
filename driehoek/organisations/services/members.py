"""Invitations and memberships: atomic, audited, mail after commit."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError

from ..models import Invitation, Membership, Organisation, Role

User = get_user_model()


def _send_invitation_mail(invitation: Invitation) -> None:
    url = settings.BASE_URL + reverse(
        "organisations:invitation", kwargs={"token": invitation.token}
    )
    body = render_to_string(
        "organisations/email/invitation.txt", {"invitation": invitation, "url": url}
    )
    send_mail(
        _("You are invited to join %(organisation)s in Driehoek")
        % {"organisation": invitation.organisation.name},
        body,
        None,
        [invitation.email],
    )


@transaction.atomic
def invitation_create(*, actor, organisation: Organisation, email: str, role: str) -> Invitation:
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ServiceError(
            _("%(email)s is already a member of %(organisation)s.")
            % {"email": email, "organisation": organisation.name},
            field="email",
        )
    # An earlier invitation that was never used is replaced, so the newest link is the valid one.
    for old in Invitation.objects.open().filter(organisation=organisation, email__iexact=email):
        old.revoked_at = timezone.now()
        old.save(update_fields=["revoked_at", "updated_at"])
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=actor
    )
    audit.log(
        action="organisations.invitation.created",
        actor=actor,
        organisation=organisation,
        target=invitation,
        data={"email": email, "role": role},
    )
    transaction.on_commit(lambda: _send_invitation_mail(invitation))
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ServiceError(_("This invitation is no longer open."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at", "updated_at"])
    audit.log(
        action="organisations.invitation.revoked",
        actor=actor,
        organisation=invitation.organisation,
        target=invitation,
        data={"email": invitation.email},
    )


def invitation_check(invitation: Invitation) -> None:
    if invitation.revoked_at:
        raise ServiceError(_("This invitation was withdrawn. Ask the organisation for a new one."))
    if invitation.accepted_at:
        raise ServiceError(_("This invitation was used already. Log in to continue."))
    if invitation.is_expired:
        raise ServiceError(
            _("This invitation has expired. Ask the person who invited you to send a new one.")
        )


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user=None, full_name: str = "", password: str = ""
) -> Membership:
    """Accept for a logged-in user, or create the account first (new users)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation_check(invitation)
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ServiceError(
                _(
                    "An account with this e-mail address exists. Log in first, then open the link again."
                )
            )
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=full_name
        )
        audit.log(action="accounts.user.created", actor=user, target=user)
    if Membership.objects.filter(user=user, organisation=invitation.organisation).exists():
        raise ServiceError(_("You are already a member of this organisation."))
    membership = Membership.objects.create(
        user=user, organisation=invitation.organisation, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit.log(
        action="organisations.membership.created",
        actor=user,
        organisation=invitation.organisation,
        target=membership,
        data={"user": str(user), "role": membership.role},
    )
    return membership


def _lock_admins(organisation: Organisation) -> int:
    # Lock the organisation's memberships so two admins cannot demote each other at once.
    return len(
        list(
            Membership.objects.select_for_update()
            .filter(organisation=organisation, role=Role.ADMIN)
            .values_list("pk", flat=True)
        )
    )


@transaction.atomic
def membership_change_role(*, actor, membership: Membership, role: str) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role not in Role.values:
        raise ServiceError(_("Choose one of the roles in the list."), field="role")
    if membership.role == role:
        return membership
    if membership.role == Role.ADMIN and _lock_admins(membership.organisation) <= 1:
        raise ServiceError(
            _("%(name)s is the last administrator. Make someone else administrator first.")
            % {"name": membership.user}
        )
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    audit.log(
        action="organisations.membership.role_changed",
        actor=actor,
        organisation=membership.organisation,
        target=membership,
        data={"user": str(membership.user), "old": old, "new": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.ADMIN and _lock_admins(membership.organisation) <= 1:
        raise ServiceError(
            _(
                "%(name)s is the last administrator and cannot be removed. Make someone else administrator first."
            )
            % {"name": membership.user}
        )
    audit.log(
        action="organisations.membership.removed",
        actor=actor,
        organisation=membership.organisation,
        target=membership,
        data={"user": str(membership.user), "role": membership.role},
    )
    membership.delete()
