"""Access: who may read an object and for which parties the user acts. Re-exported by
``selectors``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from driehoek.organisations.models import Organisation, Role
from driehoek.organisations.selectors import user_memberships

from ..rules import acting_orgs

VIEW = "view"


def _role_for(need: str) -> Role:
    return Role.VIEWER if need == VIEW else Role(need)


def _acting(user, party_ids, need: str, kinds=None) -> list[int]:
    """Check access; return the ids of the party organisations the user acts for. Who may
    act is ``rules.acting_orgs``; here only what an outsider (404) or staff (read only) gets."""
    if not user.is_authenticated:
        raise Http404
    memberships = user_memberships(user)
    mine = [pk for pk in party_ids if pk in memberships]
    if not mine:
        if user.is_staff:
            # Staff may look at everything but do not act for a party.
            if need == VIEW:
                return []
            raise PermissionDenied
        raise Http404
    acting = acting_orgs(user, mine, _role_for(need), kinds)
    if not acting:
        raise PermissionDenied
    return acting


def _orgs(ids) -> list[Organisation]:
    if not ids:
        return []
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def user_org_ids(user) -> set[int]:
    return set(user_memberships(user)) if user.is_authenticated else set()
