"""Reads about regions and organisations: the regional agreements of a region and the regions
an agreement's gemeenten belong to. Re-exported by ``selectors``."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from driehoek.organisations.models import Region

from ..models import Agreement, AgreementKind, AgreementParty
from .access import user_org_ids


def agreements_for_region(region: Region, *, user=None) -> QuerySet[Agreement]:
    """The regional agreements with a member gemeente of the region as a party, newest first,
    with their cycle's gemeente and their parties (and the parties' organisations).

    With ``user``: only those the user may read, the same as on the agreement's page: a party
    of theirs (also a predecessor of one of their organisations); staff read every one; a
    visitor who is not signed in none. Two queries, plus the user's memberships once, whatever
    the number of agreements."""
    in_region = AgreementParty.objects.filter(
        agreement=OuterRef("pk"), organisation__regions=region
    )
    qs = Agreement.objects.filter(Exists(in_region), kind=AgreementKind.REGIONAL)
    if user is not None and not (user.is_authenticated and user.is_staff):
        mine = AgreementParty.objects.filter(
            agreement=OuterRef("pk"), organisation_id__in=user_org_ids(user)
        )
        qs = qs.filter(Exists(mine))
    return (
        qs.select_related("cycle__gemeente")
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related("organisation").order_by(
                    "organisation__kind", "organisation__name"
                ),
            )
        )
        .order_by("-period_start", "title", "pk")
    )


def regions_for_agreement(agreement: Agreement) -> QuerySet[Region]:
    """The regions one of the agreement's gemeenten belongs to (to pick one)."""
    gemeente_ids = [
        p.organisation_id for p in agreement.parties.all() if p.organisation.is_gemeente
    ]
    return Region.objects.filter(members__in=gemeente_ids).distinct().order_by("name")
