"""The agreement and its parties."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from driehoek.core import audit
from driehoek.core.errors import ServiceError
from driehoek.organisations.models import (
    Organisation,
    OrganisationKind,
)

from ..models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Bod,
    BodStatus,
    Clause,
    ClauseKey,
    Cycle,
)
from .base import _check_year, _log_about

STANDARD_CLAUSES = [
    (
        ClauseKey.DURATION,
        "Looptijd",
        "Deze afspraken gelden van 1 januari {start} tot en met 31 december {end}. Partijen "
        "evalueren de afspraken ieder jaar samen.",
    ),
    (
        ClauseKey.INTERIM_CHANGE,
        "Tussentijdse wijziging",
        "Partijen kunnen deze afspraken tussentijds alleen wijzigen als alle partijen daarmee "
        "instemmen. Een wijziging leggen partijen vast in een addendum dat alle partijen opnieuw "
        "ondertekenen.",
    ),
    (
        ClauseKey.SPECIAL_CIRCUMSTANCES,
        "Bijzondere omstandigheden",
        "Als landelijk of provinciaal beleid, de markt of nieuwe inzichten daartoe aanleiding geven, "
        "overleggen partijen over aanpassing van de afspraken.",
    ),
    (
        ClauseKey.SUPERVISORY_APPROVAL,
        "Goedkeuring raad van commissarissen",
        "Financiële toezeggingen van de corporatie zijn onder voorbehoud van goedkeuring door haar "
        "raad van commissarissen.",
    ),
    (
        ClauseKey.MERGER,
        "Fusie en rechtsopvolging",
        "Bij een fusie of andere rechtsopvolging treedt de rechtsopvolger in de plaats van de partij "
        "die deze afspraken heeft ondertekend.",
    ),
    (
        ClauseKey.REASONABLENESS,
        "Redelijkheid en billijkheid",
        "Partijen voeren deze afspraken uit naar redelijkheid en billijkheid. Als de gevolgen van een "
        "afspraak onredelijk worden, mag iedere partij een wijziging voorstellen.",
    ),
]


def _check_parties(parties) -> list[Organisation]:
    parties = list(dict.fromkeys(parties))
    if not any(p.is_gemeente for p in parties):
        raise ServiceError(_("An agreement needs at least one municipality."), field="parties")
    if not any(p.is_corporatie for p in parties):
        raise ServiceError(
            _("An agreement needs at least one housing association."), field="parties"
        )
    return parties


@transaction.atomic
def agreement_create(
    *,
    actor,
    cycle: Cycle,
    kind: str,
    title: str,
    period_start: int,
    period_end: int,
    parties,
    parent: Agreement | None = None,
    bod: Bod | None = None,
    bods=(),
    standard_clauses: bool = True,
) -> Agreement:
    _check_year(period_start, "period_start")
    _check_year(period_end, "period_end")
    if period_end < period_start:
        raise ServiceError(_("The last year cannot be before the first year."), field="period_end")
    if period_end - period_start > 10:
        raise ServiceError(_("An agreement runs at most ten years."), field="period_end")
    if kind == AgreementKind.ADDENDUM and parent is None:
        raise ServiceError(_("An addendum belongs to an agreement: choose it."), field="parent")
    if kind == AgreementKind.ANNUAL and period_start != period_end:
        raise ServiceError(
            _("An annual slice covers one year: first and last year must be the same."),
            field="period_end",
        )
    parties = _check_parties(parties)
    # The bod it starts from is answered as it is; the other bods must be sent bods of its
    # corporaties in the cycle.
    answered = [bod] if bod is not None else []
    extra = [b for b in (bods or ()) if b not in answered]
    answered += bods_check(cycle, extra, [p.pk for p in parties])
    agreement = Agreement.objects.create(
        cycle=cycle,
        kind=kind,
        title=title.strip(),
        period_start=period_start,
        period_end=period_end,
        parent=parent,
        bod=bod,
        created_by=actor,
    )
    AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=agreement, organisation=p) for p in parties]
    )
    if answered:
        agreement.bods.set(answered)
    if standard_clauses:
        Clause.objects.bulk_create(
            [
                Clause(
                    agreement=agreement,
                    key=key,
                    title=t,
                    text=text.format(start=period_start, end=period_end),
                    order=i,
                )
                for i, (key, t, text) in enumerate(STANDARD_CLAUSES, start=1)
            ]
        )
    audit.log(
        action="agreements.agreement.created",
        actor=actor,
        organisation=cycle.gemeente,
        target=agreement,
        data={"kind": agreement.get_kind_display()},
    )
    return agreement


def bods_check(cycle: Cycle, bods, party_ids) -> list[Bod]:
    """The bods an agreement answers: sent bods in its cycle of one of its corporaties."""
    wanted = [b.pk for b in dict.fromkeys(bods)]
    fresh = {b.pk: b for b in Bod.objects.filter(pk__in=wanted).prefetch_related("corporaties")}
    bods = [fresh[pk] for pk in wanted if pk in fresh]
    party_ids = set(party_ids)
    for b in bods:
        if b.cycle_id != cycle.pk:
            raise ServiceError(
                _("The bod %(bod)s belongs to another cycle.") % {"bod": b}, field="bods"
            )
        if b.status != BodStatus.SENT:
            raise ServiceError(
                _("The bod %(bod)s has not been sent yet: only a sent bod can be answered.")
                % {"bod": b},
                field="bods",
            )
        if not {o.pk for o in b.corporaties.all()} & party_ids:
            raise ServiceError(
                _("The bod %(bod)s is not from a housing association that is a party.")
                % {"bod": b},
                field="bods",
            )
    return bods


def _require_parties_changeable(agreement: Agreement) -> None:
    if not agreement.is_editable or agreement.versions.filter(is_final=True).exists():
        raise ServiceError(
            _(
                "The parties can only change before a version was frozen as final for signing. "
                "To add a party now, reopen the negotiation: then freeze a new final version, "
                "which every party signs again."
            )
            if agreement.status == AgreementStatus.SIGNING
            else _(
                "The parties can only change before a version was frozen as final for signing. "
                "A concluded agreement takes a new party through an addendum, which every "
                "party signs again."
            )
        )


@transaction.atomic
def agreement_party_add(
    *, actor, agreement: Agreement, organisation: Organisation
) -> AgreementParty:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_parties_changeable(agreement)
    if organisation.kind not in (
        OrganisationKind.GEMEENTE,
        OrganisationKind.CORPORATIE,
        OrganisationKind.HUURDERS,
        OrganisationKind.BEWONERSCOMMISSIE,
    ):
        raise ServiceError(
            _(
                "Only a municipality, a housing association or a tenant organisation can be a party."
            ),
            field="organisation",
        )
    if not organisation.is_current:
        raise ServiceError(
            _("%(org)s no longer exists; add its successor instead.") % {"org": organisation},
            field="organisation",
        )
    if agreement.parties.filter(organisation=organisation).exists():
        raise ServiceError(
            _("%(org)s is already a party to this agreement.") % {"org": organisation},
            field="organisation",
        )
    try:
        with transaction.atomic():
            party = AgreementParty.objects.create(agreement=agreement, organisation=organisation)
    except IntegrityError:
        raise ServiceError(
            _("%(org)s is already a party to this agreement.") % {"org": organisation},
            field="organisation",
        ) from None
    _log_about("agreements.party.added", organisation, actor=actor, target=agreement)
    return party


@transaction.atomic
def agreement_party_remove(*, actor, agreement: Agreement, party: AgreementParty) -> None:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_parties_changeable(agreement)
    if party.agreement_id != agreement.pk:
        raise ServiceError(_("This organisation is not a party to the agreement."))
    organisation = party.organisation
    others = [
        p.organisation
        for p in agreement.parties.select_related("organisation").exclude(pk=party.pk)
    ]
    if organisation.is_gemeente and not any(o.is_gemeente for o in others):
        raise ServiceError(
            _("%(org)s is the last municipality: an agreement needs at least one.")
            % {"org": organisation}
        )
    if organisation.is_corporatie and not any(o.is_corporatie for o in others):
        raise ServiceError(
            _("%(org)s is the last housing association: an agreement needs at least one.")
            % {"org": organisation}
        )
    references = sorted(
        set(
            agreement.commitments.filter(
                Q(responsible=organisation) | Q(counterparties=organisation)
            ).values_list("reference", flat=True)
        )
    )
    if references:
        raise ServiceError(
            _(
                "%(org)s is responsible for or a counterparty to commitments %(refs)s. "
                "Reassign those commitments to another party first, then remove %(org)s."
            )
            % {"org": organisation, "refs": ", ".join(references)}
        )
    party.delete()
    _log_about("agreements.party.removed", organisation, actor=actor, target=agreement)


@transaction.atomic
def agreement_region_add(*, actor, agreement: Agreement, region) -> list[AgreementParty]:
    """A regional agreement takes the current member gemeenten of a region as parties (those
    that are a party already stay as they are)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.kind != AgreementKind.REGIONAL:
        raise ServiceError(
            _("Only a regional agreement takes the municipalities of a region."), field="region"
        )
    _require_parties_changeable(agreement)
    present = set(agreement.parties.values_list("organisation_id", flat=True))
    members = [
        o
        for o in region.members.filter(kind=OrganisationKind.GEMEENTE, is_current=True).order_by(
            "name"
        )
        if o.pk not in present
    ]
    if not members:
        raise ServiceError(
            _("Every current municipality of %(region)s is already a party.") % {"region": region},
            field="region",
        )
    added = AgreementParty.objects.bulk_create(
        [AgreementParty(agreement=agreement, organisation=o) for o in members]
    )
    for o in members:
        audit.log(
            action="agreements.party.added",
            actor=actor,
            organisation=o,
            target=agreement,
            data={"organisation": str(o), "region": str(region)},
        )
    return added
