"""Reads of the preparation: cycles, woonvisies and bods. Re-exported by ``selectors``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from ..models import AgreementParty, Bod, Cycle, Woonvisie
from .access import VIEW, _acting, _orgs, user_org_ids

# Cycles ------------------------------------------------------------------------------------


def cycle_party_ids(cycle: Cycle) -> list[int]:
    """The organisations that act in the cycle: its gemeente and its participants."""
    return [cycle.gemeente_id, *[o.pk for o in cycle.participants.all()]]


def cycle_viewer_ids(cycle: Cycle) -> list[int]:
    """Who may read the cycle: its parties and every party of an agreement in it (a gemeente
    that takes part only through a regional agreement, for example). Acting in the cycle
    itself stays with ``cycle_party_ids``."""
    agreement_party_ids = AgreementParty.objects.filter(agreement__cycle=cycle).values_list(
        "organisation_id", flat=True
    )
    return list(dict.fromkeys([*cycle_party_ids(cycle), *agreement_party_ids]))


def cycle_list_for_user(user) -> QuerySet[Cycle]:
    ids = user_org_ids(user)
    return (
        Cycle.objects.filter(
            Q(gemeente_id__in=ids)
            | Q(participants__in=ids)
            | Q(agreements__parties__organisation_id__in=ids)
        )
        .distinct()
        .select_related("gemeente")
        .order_by("-year", "gemeente__name")
    )


def cycle_get_for_user(*, user, cycle_id, need: str = VIEW, kinds=None) -> Cycle:
    try:
        cycle = (
            Cycle.objects.select_related("gemeente")
            .prefetch_related("participants")
            .get(uuid=cycle_id)
        )
    except (Cycle.DoesNotExist, ValueError):
        raise Http404 from None
    viewer_ids = cycle_viewer_ids(cycle)
    if need == VIEW:
        cycle.acting = _orgs(_acting(user, viewer_ids, need, kinds))  # type: ignore[attr-defined]
        return cycle
    # A party of an agreement in this cycle that is not a party of the cycle itself may read
    # it (above) but not act in it: 403 rather than 404.
    _acting(user, viewer_ids, VIEW)
    party_ids = cycle_party_ids(cycle)
    if not set(party_ids) & user_org_ids(user):
        raise PermissionDenied
    cycle.acting = _orgs(_acting(user, party_ids, need, kinds))  # type: ignore[attr-defined]
    return cycle


# Woonvisie ---------------------------------------------------------------------------------


def woonvisie_get_for_user(*, user, woonvisie_id, need: str = VIEW) -> Woonvisie:
    try:
        woonvisie = Woonvisie.objects.select_related("gemeente").get(uuid=woonvisie_id)
    except (Woonvisie.DoesNotExist, ValueError):
        raise Http404 from None
    if need == VIEW:
        party_ids = (
            {woonvisie.gemeente_id}
            | set(
                Cycle.participants.through.objects.filter(
                    cycle__gemeente_id=woonvisie.gemeente_id
                ).values_list("organisation_id", flat=True)
            )
            | set(
                AgreementParty.objects.filter(
                    agreement__cycle__gemeente_id=woonvisie.gemeente_id
                ).values_list("organisation_id", flat=True)
            )
        )
        woonvisie.acting = _orgs(_acting(user, party_ids, need))  # type: ignore[attr-defined]
    else:
        woonvisie.acting = _orgs(_acting(user, [woonvisie.gemeente_id], need))  # type: ignore[attr-defined]
    return woonvisie


def woonvisie_current(gemeente_id: int, year: int | None = None) -> Woonvisie | None:
    """The gemeente's latest woonvisie; with ``year`` (a cycle's year, not today) the latest
    one that had started by then: one adopted and valid from that year or before."""
    qs = Woonvisie.objects.filter(gemeente_id=gemeente_id)
    if year is not None:
        qs = qs.filter(period_start__lte=year, adopted_on__year__lte=year)
    return qs.prefetch_related("goals").order_by("-adopted_on", "-pk").first()


# Bod ---------------------------------------------------------------------------------------


def bod_get_for_user(*, user, bod_id, need: str = VIEW) -> Bod:
    try:
        bod = (
            Bod.objects.select_related("cycle__gemeente", "sent_by")
            .prefetch_related("corporaties", "tenant_bodies", "lines", "sections")
            .get(uuid=bod_id)
        )
    except (Bod.DoesNotExist, ValueError):
        raise Http404 from None
    corporatie_ids = [o.pk for o in bod.corporaties.all()]
    # A draft bod is shared with the tenant organisations for consultation (art. 43(2));
    # the gemeente sees it once sent.
    visible_ids = {*corporatie_ids, *[o.pk for o in bod.tenant_bodies.all()]}
    if bod.is_sent:
        visible_ids.add(bod.cycle.gemeente_id)
    if need == VIEW:
        bod.acting = _orgs(_acting(user, visible_ids, need))  # type: ignore[attr-defined]
        return bod
    _acting(user, visible_ids, VIEW)
    if not set(corporatie_ids) & user_org_ids(user):
        raise PermissionDenied
    bod.acting = _orgs(_acting(user, corporatie_ids, need))  # type: ignore[attr-defined]
    return bod


def bods_for_cycle(*, user, cycle: Cycle) -> list[Bod]:
    ids = user_org_ids(user)
    qs = cycle.bods.prefetch_related("corporaties", "tenant_bodies").order_by("title")
    result = []
    for bod in qs:
        corporatie_ids = {o.pk for o in bod.corporaties.all()}
        tenant_ids = {o.pk for o in bod.tenant_bodies.all()}
        if bod.is_sent or corporatie_ids & ids or tenant_ids & ids or user.is_staff:
            result.append(bod)
    return result
