"""Reads of the werkplek (the signed-in user's start page): the user's cycles and agreements
as lists that filter, and per row what waits for the user's organisation and how late it is.

What waits is asked of the rules layer (``agreements.create_bod``, ``agreements.submit``,
``to_sign_for_user``); this module only adds the data (a bod already sent, the deadline)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from driehoek.core.permissions import may
from driehoek.organisations.models import OrganisationKind, Role

from ..models import Agreement, AgreementParty, Bod, BodStatus, Cycle
from ..overview import with_open_point_count
from ..overview_signing import to_sign_for_user
from ..rules import acting_orgs
from .agreements import agreement_list_for_user
from .preparation import cycle_list_for_user

AGREEMENT_SORTS = {
    "title": ("title",),
    "gemeente": ("cycle__gemeente__name", "title"),
    "period": ("period_start", "title"),
    "status": ("status", "title"),
}
CYCLE_SORTS = {
    "gemeente": ("gemeente__name", "year"),
    "year": ("year", "gemeente__name"),
    "bod_due": ("bod_due", "gemeente__name"),
    "submission_due": ("submission_due", "gemeente__name"),
}


@dataclass
class Waiting:
    """One thing that waits for the user's organisation; ``late_days`` when its deadline
    (``due``) has passed."""

    label: str
    organisation: object
    due: date | None
    late_days: int | None


def _late(due: date | None, today: date) -> int | None:
    return (today - due).days if due is not None and today > due else None


def late_days(due: date | None, today: date) -> int | None:
    """The days ``due`` has passed by ``today``; None when it has not (yet)."""
    return _late(due, today)


# What waits per agreement that a higher app knows (monitoring: progress to report), added
# without this app importing it: the app registers ``fn(user, agreements, today)`` yielding
# ``(agreement pk, Waiting)`` from its AppConfig.ready(). Each runs a bounded number of queries
# for any number of agreements.
AgreementWaits = Callable[[object, list[Agreement], date], Iterable[tuple[int, Waiting]]]
_AGREEMENT_WAITS: list[AgreementWaits] = []


def register_agreement_waits(fn: AgreementWaits) -> None:
    if fn not in _AGREEMENT_WAITS:
        _AGREEMENT_WAITS.append(fn)


def workspace_agreements(user, *, q: str = "", status: str = "", year=None) -> QuerySet[Agreement]:
    qs = with_open_point_count(agreement_list_for_user(user)).prefetch_related(
        Prefetch("parties", queryset=AgreementParty.objects.select_related("organisation"))
    )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(cycle__gemeente__name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(cycle__year=year)
    return qs


def workspace_cycles(user, *, q: str = "", year=None) -> QuerySet[Cycle]:
    qs = cycle_list_for_user(user).prefetch_related("participants")
    if q:
        qs = qs.filter(gemeente__name__icontains=q)
    if year:
        qs = qs.filter(year=year)
    return qs


def upcoming_deadlines(user, today: date, limit: int = 8) -> list[dict]:
    """The next bod and submission dates of the user's cycles, soonest first."""
    cycles = list(cycle_list_for_user(user).filter(submission_due__gte=today)[:limit])
    due: list[tuple[date, str, Cycle]] = [
        (when, label, c)
        for c in cycles
        for label, when in ((_("Bod available"), c.bod_due), (_("Submission"), c.submission_due))
        if when >= today
    ]
    due.sort(key=lambda d: d[0])
    return [{"cycle": c, "label": label, "date": when} for when, label, c in due[:limit]]


def agreement_waits(user, agreements: list[Agreement], today: date) -> dict[int, list[Waiting]]:
    """Per agreement on the page: the user's signature still to give and the submission
    still to make, each with how late it is (the cycle's submission date), and what the
    registered apps add (``register_agreement_waits``). A bounded number of queries for any
    number of agreements."""
    waits: dict[int, list[Waiting]] = {a.pk: [] for a in agreements}
    for agreement, org in to_sign_for_user(user, agreements):
        due = agreement.cycle.submission_due
        waits[agreement.pk].append(Waiting(_("Your signature"), org, due, _late(due, today)))
    for agreement in agreements:
        if may(user, "agreements.submit", agreement):
            due = agreement.cycle.submission_due
            waits[agreement.pk].append(Waiting(_("Submit"), None, due, _late(due, today)))
    for more in _AGREEMENT_WAITS:
        for pk, waiting in more(user, agreements, today):
            waits[pk].append(waiting)
    return waits


def cycle_waits(user, cycles: list[Cycle], today: date) -> dict[int, list[Waiting]]:
    """Per cycle on the page: the bod each of the user's corporaties still has to send, late
    after the cycle's bod date. Two queries for any number of cycles (participants are
    prefetched)."""
    waits: dict[int, list[Waiting]] = {c.pk: [] for c in cycles}
    mine = [c for c in cycles if may(user, "agreements.create_bod", c)]
    if not mine:
        return waits
    sent = set(
        Bod.objects.filter(cycle__in=mine, status=BodStatus.SENT).values_list(
            "cycle_id", "corporaties"
        )
    )
    for cycle in mine:
        corporaties = [o for o in cycle.participants.all() if o.kind == OrganisationKind.CORPORATIE]
        kind_of = {o.pk: o.kind for o in corporaties}
        acting = set(acting_orgs(user, kind_of, Role.EDITOR, kind_of=kind_of))
        for org in corporaties:
            if org.pk in acting and (cycle.pk, org.pk) not in sent:
                waits[cycle.pk].append(
                    Waiting(_("Your bod"), org, cycle.bod_due, _late(cycle.bod_due, today))
                )
    return waits
