"""Reads for recording the past, the bods an agreement answers, parties that change at any
stage and the next annual slice. Re-exported by ``selectors``."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from driehoek.core.permissions import require
from driehoek.organisations.models import Organisation

from .models import Agreement, AgreementKind, Bod, BodLine, Cycle, Signature
from .rules import acting_orgs


def _s():
    from . import selectors

    return selectors


def agreement_get_for_recording(*, user, agreement_id, rule: str = "agreements.record_past"):
    """An agreement to record its past for: its party editors, and staff for any agreement
    (outsiders 404, others 403)."""
    agreement = _s().agreement_get_for_user(user=user, agreement_id=agreement_id, need="view")
    require(user, rule, agreement)
    agreement.acting = _s()._orgs(
        acting_orgs(user, [p.organisation_id for p in agreement.parties.all()])
    )  # type: ignore[attr-defined]
    return agreement


def bod_get_for_recording(*, user, bod_id) -> Bod:
    """A bod whose sending date is recorded: its corporaties' editors, and staff."""
    try:
        bod = (
            Bod.objects.select_related("cycle__gemeente", "sent_by", "sent_recorded_by")
            .prefetch_related("corporaties", "tenant_bodies", "lines", "sections")
            .get(uuid=bod_id)
        )
    except (Bod.DoesNotExist, ValueError):
        raise Http404 from None
    corporatie_ids = [o.pk for o in bod.corporaties.all()]
    visible = {*corporatie_ids, *[o.pk for o in bod.tenant_bodies.all()]}
    if bod.is_sent:
        visible.add(bod.cycle.gemeente_id)
    _s()._acting(user, visible, "view")
    require(user, "agreements.record_bod_sent", bod)
    return bod


def cycle_get_for_parties(*, user, cycle_id) -> Cycle:
    """A cycle whose participants change: the gemeente's administrator, and staff."""
    cycle = _s().cycle_get_for_user(user=user, cycle_id=cycle_id)
    require(user, "agreements.change_cycle_parties", cycle)
    return cycle


def recording_state(agreement: Agreement) -> dict:
    """What the recording page shows: the final version, a row per party with its decision
    (and who recorded it), the linked bods. A fixed number of queries."""
    final = (
        agreement.versions.filter(is_final=True)
        .select_related("frozen_by")
        .order_by("-number")
        .first()
    )
    latest_pk = agreement.versions.order_by("-number").values_list("pk", flat=True).first()
    signatures: dict[int, Signature] = {}
    if final is not None:
        signatures = {
            s.organisation_id: s
            for s in final.signatures.select_related("organisation", "user", "recorded_by")
        }
    rows = [(p, signatures.get(p.organisation_id)) for p in agreement.parties.all()]
    return {
        "final": final,
        "final_is_latest": final is not None and final.pk == latest_pk,
        "rows": rows,
        "open_rows": [p for p, sig in rows if sig is None],
        "bods": list(agreement.bods.prefetch_related("corporaties").order_by("title")),
        "disputes": list(
            agreement.disputes.select_related("organisation", "recorded_by").order_by("-created_at")
        ),
    }


def agreement_with_recorders(agreement: Agreement) -> Agreement:
    """The agreement with who recorded its submission (one query)."""
    return Agreement.objects.select_related(
        "cycle__gemeente", "submission_recorded_by", "submitted_by"
    ).get(pk=agreement.pk)


def linkable_bods(agreement: Agreement) -> QuerySet[Bod]:
    """The sent bods in the agreement's cycle of one of its corporaties."""
    corporatie_ids = [
        p.organisation_id for p in agreement.parties.all() if p.organisation.is_corporatie
    ]
    return (
        Bod.objects.filter(
            cycle_id=agreement.cycle_id, status="sent", corporaties__in=corporatie_ids
        )
        .distinct()
        .order_by("title")
    )


def linked_bod_lines(agreement: Agreement):
    """The bod lines a commitment may point to: those of every bod the agreement answers
    (``bods`` and the one it started from)."""
    bod_ids = set(agreement.bods.values_list("pk", flat=True))
    if agreement.bod_id:
        bod_ids.add(agreement.bod_id)
    return BodLine.objects.filter(bod_id__in=bod_ids).select_related("bod")


def cycle_participant_candidates(cycle: Cycle) -> QuerySet[Organisation]:
    """Corporaties and tenant organisations that may join the cycle: active in its gemeente
    (a work area) or representing tenants of such a corporatie, not yet taking part."""
    from .services.cycles import PARTICIPANT_KINDS, default_participants

    ids = {o.pk for o in default_participants(cycle.gemeente)}
    present = {o.pk for o in cycle.participants.all()}
    return Organisation.objects.filter(
        pk__in=ids - present, kind__in=PARTICIPANT_KINDS, is_current=True
    ).order_by("name")


def next_slice_year(agreement: Agreement) -> int:
    """The year the next annual slice is for: the year after the latest existing annual slice
    of the framework. Without slices: the year after the framework's cycle made it (the cycle
    of year Y makes the agreements for Y + 1, so its first slice is for Y + 2)."""
    framework = agreement if agreement.kind == AgreementKind.FRAMEWORK else agreement.parent
    if framework is None or framework.kind != AgreementKind.FRAMEWORK:
        return agreement.cycle.year + 2
    latest = (
        Agreement.objects.filter(parent=framework, kind=AgreementKind.ANNUAL)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    if latest is not None:
        return latest + 1
    return framework.cycle.year + 2


def recordable_gemeenten(user) -> QuerySet[Organisation]:
    """The gemeenten a historic agreement can be recorded for: any for staff; for an editor
    the gemeenten they edit for or where an organisation they edit for is active."""
    from driehoek.organisations.models import OrganisationKind, Role, WorkArea

    qs = Organisation.objects.filter(kind=OrganisationKind.GEMEENTE, is_current=True)
    if user.is_staff:
        return qs.order_by("name")
    mine = acting_orgs(user, _s().user_org_ids(user), Role.EDITOR)
    areas = WorkArea.objects.filter(organisation_id__in=mine).values_list("gemeente_id", flat=True)
    return qs.filter(Q(pk__in=mine) | Q(pk__in=areas)).order_by("name")


def recordable_parties() -> QuerySet[Organisation]:
    """The housing associations and tenant organisations that can be a party."""
    from driehoek.organisations.models import OrganisationKind

    return Organisation.objects.filter(
        kind__in=[
            OrganisationKind.CORPORATIE,
            OrganisationKind.HUURDERS,
            OrganisationKind.BEWONERSCOMMISSIE,
        ],
        is_current=True,
    ).order_by("kind", "name")
