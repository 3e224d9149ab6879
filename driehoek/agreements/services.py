"""Writes for the yearly cycle. Every function is atomic, checks its rules, raises
ServiceError with a Dutch (translated) message on bad input and writes an audit event."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit, uploads
from driehoek.core.errors import ServiceError
from driehoek.core.versioning import save_versioned
from driehoek.organisations.models import (
    Organisation,
    OrganisationKind,
    Role,
    TenantRepresentation,
    WorkArea,
)
from driehoek.organisations.selectors import has_role

from . import notices
from .legal import cycle_defaults, default_dates, dispute_window, in_dispute_window
from .models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    AgreementVersion,
    Bod,
    BodLine,
    BodSection,
    BodStatus,
    Clause,
    ClauseKey,
    Comment,
    Commitment,
    CommitmentKind,
    CommitmentTarget,
    Cycle,
    Decision,
    Dispute,
    DisputeStatus,
    InformationRequest,
    Interest,
    OpenPoint,
    Position,
    Proposal,
    ProposalStatus,
    Signature,
    Stance,
    Theme,
    Woonvisie,
    WoonvisieGoal,
)

MIN_YEAR, MAX_YEAR = 2015, 2100


def _check_year(year, field="year"):
    if year is None or not (MIN_YEAR <= int(year) <= MAX_YEAR):
        raise ServiceError(
            _("Enter a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            field=field,
        )


def _decimal(value, field: str, *, allow_none=True, label=None) -> Decimal | None:
    if value in (None, ""):
        if allow_none:
            return None
        raise ServiceError(_("Enter a number."), field=field)
    try:
        number = Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ServiceError(_("Enter a number, for example 120 or 95.5."), field=field) from None
    if not number.is_finite():
        raise ServiceError(_("Enter a number, for example 120 or 95.5."), field=field)
    if number < 0:
        raise ServiceError(_("A negative number is not possible here."), field=field)
    if number >= Decimal("1e12"):
        raise ServiceError(_("This number is too large."), field=field)
    return number


def _actor_id(actor) -> int | None:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _require_editable(agreement: Agreement) -> None:
    if not agreement.is_editable:
        raise ServiceError(
            _(
                "This agreement is frozen for signing or signed and cannot be changed. "
                "Changes go through an addendum that all parties sign again."
            )
        )


# Cycle -------------------------------------------------------------------------------------


def default_participants(gemeente: Organisation) -> list[Organisation]:
    ids = set(WorkArea.objects.filter(gemeente=gemeente).values_list("organisation_id", flat=True))
    corporatie_ids = set(
        Organisation.objects.filter(pk__in=ids, kind=OrganisationKind.CORPORATIE).values_list(
            "pk", flat=True
        )
    )
    ids |= set(
        TenantRepresentation.objects.filter(corporatie_id__in=corporatie_ids).values_list(
            "tenant_body_id", flat=True
        )
    )
    return list(
        Organisation.objects.filter(pk__in=ids)
        .exclude(kind__in=[OrganisationKind.GEMEENTE, OrganisationKind.OTHER])
        .order_by("name")
    )


def _check_cycle_dates(year: int, dates: dict) -> None:
    for key in ("ibw_due", "bod_due", "submission_due"):
        if not dates.get(key):
            raise ServiceError(_("Enter a date."), field=key)
    if dates["bod_due"].year != year:
        raise ServiceError(_("The bod date must fall in the cycle year."), field="bod_due")
    if dates["submission_due"] <= dates["bod_due"]:
        raise ServiceError(
            _("The submission date must come after the bod date."), field="submission_due"
        )
    talks = dates.get("talks_started_on")
    if talks and talks < date(year - 1, 1, 1):
        raise ServiceError(
            _("The talks cannot have started before the cycle year."), field="talks_started_on"
        )
    if talks and talks > timezone.localdate():
        raise ServiceError(
            _("The talks cannot have started in the future."), field="talks_started_on"
        )
    if dates.get("dispute_after_months") is not None and not (
        1 <= dates["dispute_after_months"] <= 24
    ):
        raise ServiceError(
            _("Enter a number of months between 1 and 24."), field="dispute_after_months"
        )
    if dates.get("dispute_filing_weeks") is not None and not (
        1 <= dates["dispute_filing_weeks"] <= 52
    ):
        raise ServiceError(
            _("Enter a number of weeks between 1 and 52."), field="dispute_filing_weeks"
        )


@transaction.atomic
def cycle_create(*, actor, gemeente: Organisation, year: int, participants=None, **dates) -> Cycle:
    if not gemeente.is_gemeente:
        raise ServiceError(_("A cycle belongs to a municipality."), field="gemeente")
    _check_year(year)
    values = {**default_dates(year), **{k: v for k, v in dates.items() if v not in (None, "")}}
    _check_cycle_dates(year, values)
    if Cycle.objects.filter(gemeente=gemeente, year=year).exists():
        raise ServiceError(
            _("There is already a cycle for %(gemeente)s in %(year)s.")
            % {"gemeente": gemeente, "year": year},
            field="year",
        )
    try:
        with transaction.atomic():
            cycle = Cycle.objects.create(gemeente=gemeente, year=year, **values)
    except IntegrityError:
        raise ServiceError(
            _("There is already a cycle for this municipality and year."), field="year"
        ) from None
    cycle.participants.set(default_participants(gemeente) if participants is None else participants)
    audit.log(
        action="agreements.cycle.created",
        actor=actor,
        organisation=gemeente,
        target=cycle,
        data={"year": year},
    )
    return cycle


CYCLE_FIELDS = (
    "ibw_due",
    "bod_due",
    "talks_started_on",
    "submission_due",
    "dispute_after_months",
    "dispute_filing_weeks",
)


@transaction.atomic
def cycle_update(*, actor, cycle: Cycle, participants=None, **fields) -> Cycle:
    cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
    values = {k: getattr(cycle, k) for k in CYCLE_FIELDS}
    values.update({k: v for k, v in fields.items() if k in CYCLE_FIELDS})
    _check_cycle_dates(cycle.year, values)
    changed = [k for k in CYCLE_FIELDS if getattr(cycle, k) != values[k]]
    for key in changed:
        setattr(cycle, key, values[key])
    if changed:
        cycle.save(update_fields=[*changed, "updated_at"])
    if participants is not None:
        cycle.participants.set(participants)
        changed.append("participants")
    if changed:
        audit.log(
            action="agreements.cycle.updated",
            actor=actor,
            organisation=cycle.gemeente,
            target=cycle,
            data={"fields": ", ".join(changed)},
        )
    return cycle


@transaction.atomic
def talks_start(*, actor, cycle: Cycle, on: date) -> Cycle:
    return cycle_update(actor=actor, cycle=cycle, talks_started_on=on)


# Woonvisie ---------------------------------------------------------------------------------


def woonvisie_warning(woonvisie: Woonvisie | None, today: date | None = None) -> dict | None:
    """A plain-language warning when the gemeente has no (current) housing policy."""
    today = today or timezone.localdate()
    max_age = cycle_defaults()["woonvisie_max_age_years"]
    consequence = _(
        "Without a current housing policy the corporatie's duty to contribute reasonably "
        "(Woningwet art. 42), its duty to invite you to talks about agreements (art. 44(3)) "
        "and the broad right to information (art. 44b(2)) do not apply. Agreements are then "
        "not mandatory. What you can do: the gemeente adopts a new or updated woonvisie, and "
        "in the meantime the parties can still agree to make agreements voluntarily."
    )
    if woonvisie is None:
        return {
            "code": "missing",
            "title": _("This municipality has not recorded a woonvisie."),
            "text": consequence,
        }
    if woonvisie.period_end < today.year:
        return {
            "code": "expired",
            "title": _("The woonvisie ran until %(year)s and has expired.")
            % {"year": woonvisie.period_end},
            "text": consequence,
        }
    age_limit = date(
        woonvisie.adopted_on.year + max_age,
        woonvisie.adopted_on.month,
        min(woonvisie.adopted_on.day, 28),
    )
    if age_limit < today:
        return {
            "code": "old",
            "title": _("The woonvisie is more than %(n)s years old.") % {"n": max_age},
            "text": _(
                "An old woonvisie may no longer describe the current housing policy. Check "
                "with the municipality whether it still applies."
            )
            + " "
            + consequence,
        }
    return None


WOONVISIE_MAX_BYTES = 10 * 1024 * 1024


@transaction.atomic
def woonvisie_create(
    *,
    actor,
    gemeente: Organisation,
    title: str,
    adopted_on: date,
    period_start: int,
    period_end: int,
    document=None,
    url: str = "",
    summary: str = "",
) -> Woonvisie:
    if not gemeente.is_gemeente:
        raise ServiceError(_("Only a municipality records a woonvisie."))
    _check_year(period_start, "period_start")
    _check_year(period_end, "period_end")
    if period_end < period_start:
        raise ServiceError(_("The last year cannot be before the first year."), field="period_end")
    if adopted_on > timezone.localdate():
        raise ServiceError(_("The adoption date cannot be in the future."), field="adopted_on")
    # Type by content, size and a safe stored name: the shared validator (core.uploads).
    document = uploads.check_upload(
        document, extensions=uploads.DOCUMENTS, max_bytes=WOONVISIE_MAX_BYTES, field="document"
    )
    woonvisie = Woonvisie.objects.create(
        gemeente=gemeente,
        title=title.strip(),
        adopted_on=adopted_on,
        period_start=period_start,
        period_end=period_end,
        document=document or "",
        url=url,
        summary=summary,
    )
    audit.log(
        action="agreements.woonvisie.created", actor=actor, organisation=gemeente, target=woonvisie
    )
    return woonvisie


@transaction.atomic
def woonvisie_goal_add(*, actor, woonvisie: Woonvisie, theme: str, text: str) -> WoonvisieGoal:
    if not text.strip():
        raise ServiceError(_("Describe the goal."), field="text")
    goal = WoonvisieGoal.objects.create(woonvisie=woonvisie, theme=theme, text=text.strip())
    audit.log(
        action="agreements.woonvisie.goal_added",
        actor=actor,
        organisation=woonvisie.gemeente,
        target=woonvisie,
        data={"theme": goal.get_theme_display()},
    )
    return goal


# Interests ---------------------------------------------------------------------------------


@transaction.atomic
def interest_set(
    *,
    actor,
    cycle: Cycle,
    organisation: Organisation,
    theme: str,
    priority: int,
    text: str,
    set_with_members: bool = False,
) -> Interest:
    if (
        organisation.pk != cycle.gemeente_id
        and not cycle.participants.filter(pk=organisation.pk).exists()
    ):
        raise ServiceError(
            _("This organisation does not take part in this cycle."), field="organisation"
        )
    if not text.strip():
        raise ServiceError(_("Describe what you want on this theme."), field="text")
    interest, created = Interest.objects.update_or_create(
        cycle=cycle,
        organisation=organisation,
        theme=theme,
        defaults={"priority": priority, "text": text.strip(), "set_with_members": set_with_members},
    )
    audit.log(
        action="agreements.interest.recorded",
        actor=actor,
        organisation=organisation,
        target=cycle,
        data={"theme": interest.get_theme_display(), "organisation": str(organisation)},
    )
    return interest


# Bod ---------------------------------------------------------------------------------------


@transaction.atomic
def bod_create(
    *, actor, cycle: Cycle, corporaties, title: str, introduction: str = "", tenant_bodies=None
) -> Bod:
    corporaties = list(corporaties)
    if not corporaties:
        raise ServiceError(_("Choose at least one housing association."), field="corporaties")
    if any(not c.is_corporatie for c in corporaties):
        raise ServiceError(_("Only housing associations make a bod."), field="corporaties")
    participants = {o.pk: o for o in cycle.participants.all()}
    if any(c.pk not in participants for c in corporaties):
        raise ServiceError(
            _("This housing association does not take part in this cycle."), field="corporaties"
        )
    if tenant_bodies is None:
        tenant_bodies = [o for o in participants.values() if o.is_tenant_body]
    bod = Bod.objects.create(cycle=cycle, title=title.strip(), introduction=introduction)
    bod.corporaties.set(corporaties)
    bod.tenant_bodies.set(tenant_bodies)
    audit.log(action="agreements.bod.created", actor=actor, organisation=corporaties[0], target=bod)
    return bod


def _bod_locked(bod: Bod) -> Bod:
    bod = Bod.objects.select_for_update().get(pk=bod.pk)
    if bod.status == BodStatus.SENT:
        raise ServiceError(_("This bod has been sent and can no longer be changed."))
    return bod


@transaction.atomic
def bod_line_add(
    *,
    actor,
    bod: Bod,
    theme: str,
    description: str,
    quantity=None,
    unit: str = "",
    year=None,
    estimated_investment=None,
) -> BodLine:
    bod = _bod_locked(bod)
    quantity = _decimal(quantity, "quantity")
    estimated_investment = _decimal(estimated_investment, "estimated_investment")
    if year is not None:
        _check_year(year)
        if not (bod.cycle.year <= int(year) <= bod.cycle.year + 5):
            raise ServiceError(
                _("A bod covers the next five years: choose a year from %(a)s to %(b)s.")
                % {"a": bod.cycle.year, "b": bod.cycle.year + 5},
                field="year",
            )
    if not description.strip():
        raise ServiceError(_("Describe the activity."), field="description")
    line = BodLine.objects.create(
        bod=bod,
        theme=theme,
        description=description.strip(),
        quantity=quantity,
        unit=unit,
        year=year,
        estimated_investment=estimated_investment,
    )
    audit.log(
        action="agreements.bod.line_added",
        actor=actor,
        organisation=bod.corporaties.first(),
        target=bod,
        data={"theme": line.get_theme_display()},
    )
    return line


@transaction.atomic
def bod_section_set(*, actor, bod: Bod, theme: str, text: str) -> BodSection:
    bod = _bod_locked(bod)
    if theme not in Theme.values:
        raise ServiceError(_("Choose a theme."), field="theme")
    if not text.strip():
        raise ServiceError(_("Explain the bod for this theme."), field="text")
    section, _created = BodSection.objects.update_or_create(
        bod=bod, theme=theme, defaults={"text": text.strip()}
    )
    audit.log(
        action="agreements.bod.section_saved",
        actor=actor,
        organisation=bod.corporaties.first(),
        target=bod,
        data={"theme": section.get_theme_display()},
    )
    return section


@transaction.atomic
def bod_record_consultation(
    *, actor, bod: Bod, consulted_on: date, note: str, expected_version: int | None = None
) -> Bod:
    bod = _bod_locked(bod)
    if consulted_on > timezone.localdate():
        raise ServiceError(
            _("The consultation date cannot be in the future."), field="consulted_on"
        )
    if not note.strip():
        raise ServiceError(
            _("Describe what the tenant organisation said."), field="consultation_note"
        )
    bod.consulted_on = consulted_on
    bod.consultation_note = note.strip()
    save_versioned(
        bod,
        expected=expected_version,
        fields=["consulted_on", "consultation_note"],
        update_fields=["consulted_on", "consultation_note", "updated_at"],
    )
    audit.log(
        action="agreements.bod.consultation_recorded",
        actor=actor,
        organisation=bod.corporaties.first(),
        target=bod,
        data={"date": consulted_on.isoformat()},
    )
    return bod


@transaction.atomic
def bod_send(*, actor, bod: Bod) -> Bod:
    bod = _bod_locked(bod)
    if not bod.consulted_on:
        raise ServiceError(
            _("Record the consultation of the tenant organisation first (Woningwet art. 43(2)).")
        )
    if not bod.lines.exists():
        raise ServiceError(_("Add at least one proposed activity before sending the bod."))
    bod.status = BodStatus.SENT
    bod.sent_at = timezone.now()
    bod.sent_by = actor
    bod.save(update_fields=["status", "sent_at", "sent_by", "updated_at"])
    audit.log(
        action="agreements.bod.sent",
        actor=actor,
        organisation=bod.corporaties.first(),
        target=bod,
        data={"late": bod.is_late},
    )
    notices.schedule(notices.bod_sent, bod.pk, _actor_id(actor))
    return bod


# Agreement ---------------------------------------------------------------------------------

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


def _require_parties_changeable(agreement: Agreement) -> None:
    if not agreement.is_editable or agreement.versions.filter(is_final=True).exists():
        raise ServiceError(
            _(
                "The parties can only change while the agreement is a draft or in negotiation, "
                "before a version was frozen as final for signing."
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
    audit.log(
        action="agreements.party.added",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"organisation": str(organisation)},
    )
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
    audit.log(
        action="agreements.party.removed",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"organisation": str(organisation)},
    )


@transaction.atomic
def clause_save(
    *,
    actor,
    agreement: Agreement,
    clause: Clause | None,
    title: str,
    text: str,
    key: str = ClauseKey.OTHER,
    expected_version: int | None = None,
) -> Clause:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editable(agreement)
    if not text.strip():
        raise ServiceError(_("The clause needs a text."), field="text")
    if clause is None:
        order = (agreement.clauses.aggregate(m=Max("order"))["m"] or 0) + 1
        clause = Clause.objects.create(
            agreement=agreement, key=key, title=title.strip(), text=text.strip(), order=order
        )
        action = "agreements.clause.created"
    else:
        clause.title = title.strip()
        clause.text = text.strip()
        save_versioned(
            clause,
            expected=expected_version,
            fields=["title", "text"],
            update_fields=["title", "text"],
        )
        action = "agreements.clause.updated"
    audit.log(
        action=action,
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"clause": clause.title},
    )
    return clause


def _next_number(agreement: Agreement) -> int:
    return (agreement.commitments.aggregate(m=Max("number"))["m"] or 0) + 1


def _reference(agreement: Agreement, number: int) -> str:
    return f"A{agreement.period_start}-{number:03d}"


def parse_targets(raw: dict, agreement: Agreement) -> dict[int, Decimal]:
    """Targets from a form: {year: value}; empty values are left out."""
    targets: dict[int, Decimal] = {}
    for year, value in raw.items():
        field = f"target_{year}"
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise ServiceError(_("Enter a year."), field=field) from None
        if not (agreement.period_start <= year <= agreement.period_end):
            raise ServiceError(
                _("%(year)s is outside the agreement period %(a)s–%(b)s.")
                % {"year": year, "a": agreement.period_start, "b": agreement.period_end},
                field=field,
            )
        number = _decimal(value, field)
        if number is not None:
            targets[year] = number
    return targets


COMMITMENT_FIELDS = (
    "theme",
    "kind",
    "title",
    "description",
    "responsible",
    "indicator",
    "unit",
    "baseline",
    "estimated_cost",
    "dependencies",
    "woonvisie_goal",
    "bod_line",
    "summary_b1",
)


@transaction.atomic
def commitment_save(
    *,
    actor,
    agreement: Agreement,
    commitment: Commitment | None = None,
    targets: dict | None = None,
    counterparties=None,
    expected_version: int | None = None,
    **fields,
) -> Commitment:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editable(agreement)
    party_ids = set(agreement.parties.values_list("organisation_id", flat=True))
    responsible = fields.get("responsible")
    if responsible is None or responsible.pk not in party_ids:
        raise ServiceError(
            _("The responsible party must be a party to this agreement."), field="responsible"
        )
    counterparties = list(counterparties or [])
    if any(c.pk not in party_ids for c in counterparties):
        raise ServiceError(
            _("Counterparties must be parties to this agreement."), field="counterparties"
        )
    if not (fields.get("title") or "").strip():
        raise ServiceError(_("Give the commitment a title."), field="title")
    fields["baseline"] = _decimal(fields.get("baseline"), "baseline")
    fields["estimated_cost"] = _decimal(fields.get("estimated_cost"), "estimated_cost")
    targets = parse_targets(targets or {}, agreement)
    goal = fields.get("woonvisie_goal")
    if goal is not None and goal.woonvisie.gemeente_id not in party_ids:
        raise ServiceError(
            _("This goal is from another municipality's woonvisie."), field="woonvisie_goal"
        )
    line = fields.get("bod_line")
    if line is not None and line.bod.cycle_id != agreement.cycle_id:
        raise ServiceError(_("This bod activity belongs to another cycle."), field="bod_line")
    values: dict[str, Any] = {k: fields.get(k) for k in COMMITMENT_FIELDS}
    values["title"] = values["title"].strip()
    for key in ("description", "indicator", "unit", "dependencies", "summary_b1"):
        values[key] = (values[key] or "").strip()
    if commitment is None:
        number = _next_number(agreement)
        commitment = Commitment.objects.create(
            agreement=agreement, number=number, reference=_reference(agreement, number), **values
        )
        action = "agreements.commitment.created"
    else:
        for key, value in values.items():
            setattr(commitment, key, value)
        save_versioned(
            commitment, expected=expected_version, fields=[*COMMITMENT_FIELDS, "counterparties"]
        )
        action = "agreements.commitment.updated"
    commitment.counterparties.set(counterparties)
    commitment.targets.exclude(year__in=targets).delete()
    for year, value in targets.items():
        CommitmentTarget.objects.update_or_create(
            commitment=commitment, year=year, defaults={"value": value}
        )
    audit.log(
        action=action,
        actor=actor,
        organisation=responsible,
        target=agreement,
        data={"reference": commitment.reference, "title": commitment.title},
    )
    return commitment


@transaction.atomic
def commitment_delete(*, actor, agreement: Agreement, commitment: Commitment) -> None:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editable(agreement)
    audit.log(
        action="agreements.commitment.deleted",
        actor=actor,
        organisation=commitment.responsible,
        target=agreement,
        data={"reference": commitment.reference, "title": commitment.title},
    )
    commitment.delete()


def drafting_warnings(agreement: Agreement, commitments=None, parties=None) -> list[str]:
    """Warnings while drafting: result commitments that are not SMART, parties without any
    commitment."""
    commitments = (
        commitments
        if commitments is not None
        else list(agreement.commitments.prefetch_related("targets").select_related("responsible"))
    )
    parties = (
        parties
        if parties is not None
        else [p.organisation for p in agreement.parties.select_related("organisation")]
    )
    warnings = []
    for c in commitments:
        if c.kind != CommitmentKind.RESULT:
            continue
        missing = []
        if not c.indicator:
            missing.append(_("indicator"))
        if not c.unit:
            missing.append(_("unit"))
        if not list(c.targets.all()):
            missing.append(_("target and year"))
        if missing:
            warnings.append(
                _(
                    "%(ref)s “%(title)s” is a result commitment but is not SMART: %(missing)s missing."
                )
                % {
                    "ref": c.reference,
                    "title": c.title,
                    "missing": ", ".join(str(m) for m in missing),
                }
            )
    involved = set()
    for c in commitments:
        involved.add(c.responsible_id)
        involved.update(o.pk for o in c.counterparties.all())
    for org in parties:
        if org.pk not in involved:
            warnings.append(
                _("%(party)s has no commitments in this agreement yet.") % {"party": org}
            )
    return warnings


# Negotiation -------------------------------------------------------------------------------


def _target_of(agreement: Agreement, commitment=None, clause=None):
    if commitment is not None and commitment.agreement_id != agreement.pk:
        raise ServiceError(_("This commitment belongs to another agreement."))
    if clause is not None and clause.agreement_id != agreement.pk:
        raise ServiceError(_("This clause belongs to another agreement."))
    if (commitment is None) == (clause is None):
        raise ServiceError(_("Choose one commitment or one clause."))


def _check_party(agreement: Agreement, organisation: Organisation, field="organisation"):
    if not agreement.parties.filter(organisation=organisation).exists():
        raise ServiceError(_("This organisation is not a party to the agreement."), field=field)


@transaction.atomic
def comment_add(
    *,
    actor,
    agreement: Agreement,
    organisation: Organisation,
    text: str,
    commitment=None,
    clause=None,
    parent=None,
) -> Comment:
    _check_party(agreement, organisation)
    if parent is not None:
        if parent.agreement_id != agreement.pk:
            raise ServiceError(_("You can only reply to a comment on this agreement."))
        commitment, clause = parent.commitment, parent.clause
    _target_of(agreement, commitment, clause)
    if not text.strip():
        raise ServiceError(_("Write a comment."), field="text")
    comment = Comment.objects.create(
        agreement=agreement,
        commitment=commitment,
        clause=clause,
        parent=parent,
        organisation=organisation,
        author=actor,
        text=text.strip(),
    )
    audit.log(
        action="agreements.comment.added",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"on": str(commitment or clause)},
    )
    return comment


@transaction.atomic
def position_set(
    *,
    actor,
    agreement: Agreement,
    organisation: Organisation,
    stance: str,
    note: str = "",
    commitment=None,
    clause=None,
) -> Position:
    _check_party(agreement, organisation)
    _target_of(agreement, commitment, clause)
    if stance not in Stance.values:
        raise ServiceError(_("Choose one of the positions."), field="stance")
    if not agreement.is_editable:
        _require_editable(agreement)
    position, _created = Position.objects.update_or_create(
        agreement=agreement,
        commitment=commitment,
        clause=clause,
        organisation=organisation,
        defaults={"stance": stance, "note": note.strip(), "updated_by": actor},
    )
    audit.log(
        action="agreements.position.recorded",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"on": str(commitment or clause), "stance": position.get_stance_display()},
    )
    return position


@transaction.atomic
def open_point_add(
    *,
    actor,
    agreement: Agreement,
    title: str,
    owner: Organisation,
    due_on: date | None = None,
    commitment=None,
) -> OpenPoint:
    _check_party(agreement, owner, field="owner")
    if not title.strip():
        raise ServiceError(_("Describe the open point."), field="title")
    if due_on and due_on.year < MIN_YEAR:
        raise ServiceError(_("This date is not possible."), field="due_on")
    point = OpenPoint.objects.create(
        agreement=agreement, title=title.strip(), owner=owner, due_on=due_on, commitment=commitment
    )
    audit.log(
        action="agreements.open_point.added",
        actor=actor,
        organisation=owner,
        target=agreement,
        data={"title": point.title},
    )
    return point


@transaction.atomic
def open_point_resolve(*, actor, point: OpenPoint, resolution: str) -> OpenPoint:
    point = OpenPoint.objects.select_for_update().get(pk=point.pk)
    if point.resolved_at:
        raise ServiceError(_("This open point was resolved already."))
    if not resolution.strip():
        raise ServiceError(_("Describe how the point was resolved."), field="resolution")
    point.resolved_at = timezone.now()
    point.resolution = resolution.strip()
    point.save(update_fields=["resolved_at", "resolution", "updated_at"])
    audit.log(
        action="agreements.open_point.resolved",
        actor=actor,
        organisation=point.owner,
        target=point.agreement,
        data={"title": point.title},
    )
    return point


@transaction.atomic
def proposal_create(
    *,
    actor,
    agreement: Agreement,
    organisation: Organisation,
    commitment=None,
    clause=None,
    new_text: str = "",
    target_year=None,
    target_value=None,
    reason: str = "",
) -> Proposal:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editable(agreement)
    _check_party(agreement, organisation)
    _target_of(agreement, commitment, clause)
    new_text = new_text.strip()
    if target_year not in (None, ""):
        if clause is not None:
            raise ServiceError(
                _("A clause has no targets; propose a new text."), field="target_year"
            )
        parse_targets({target_year: target_value or "0"}, agreement)
        target_value = _decimal(target_value, "target_value", allow_none=False)
        target_year = int(target_year)
    else:
        target_year, target_value = None, None
        if not new_text:
            raise ServiceError(_("Propose a new text or a new target."), field="new_text")
    proposal = Proposal.objects.create(
        agreement=agreement,
        commitment=commitment,
        clause=clause,
        new_text=new_text,
        target_year=target_year,
        target_value=target_value,
        reason=reason.strip(),
        organisation=organisation,
        proposed_by=actor,
    )
    audit.log(
        action="agreements.proposal.created",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"on": str(commitment or clause)},
    )
    return proposal


@transaction.atomic
def proposal_decide(
    *, actor, proposal: Proposal, organisation: Organisation, accept: bool
) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    agreement = Agreement.objects.select_for_update().get(pk=proposal.agreement_id)
    _require_editable(agreement)
    _check_party(agreement, organisation)
    if proposal.status != ProposalStatus.OPEN:
        raise ServiceError(_("This proposal was decided already."))
    if accept and organisation.pk == proposal.organisation_id:
        raise ServiceError(
            _("Another party accepts your proposal. You can only withdraw it (reject)."),
            field="organisation",
        )
    if accept:
        if proposal.clause_id:
            Clause.objects.filter(pk=proposal.clause_id).update(text=proposal.new_text)
        elif proposal.target_year is not None:
            CommitmentTarget.objects.update_or_create(
                commitment_id=proposal.commitment_id,
                year=proposal.target_year,
                defaults={"value": proposal.target_value},
            )
        else:
            # A proposal without a clause or a target year is about a commitment's text.
            Commitment.objects.filter(pk=proposal.commitment_id).update(  # type: ignore[misc]
                description=proposal.new_text
            )
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor
    proposal.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit.log(
        action="agreements.proposal.accepted" if accept else "agreements.proposal.rejected",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"on": str(proposal.commitment or proposal.clause)},
    )
    return proposal


# Versions and signing ----------------------------------------------------------------------


def _num(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def build_snapshot(agreement: Agreement) -> dict:
    """The agreement's current content as canonical data."""
    parties = agreement.parties.select_related("organisation").order_by(
        "organisation__kind", "organisation__name"
    )
    commitments = (
        agreement.commitments.select_related("responsible")
        .prefetch_related("counterparties", "targets")
        .order_by("number")
    )
    return {
        "agreement": {
            "title": agreement.title,
            "kind": agreement.kind,
            "period_start": agreement.period_start,
            "period_end": agreement.period_end,
            "gemeente": agreement.cycle.gemeente.name,
            "cycle_year": agreement.cycle.year,
        },
        "parties": [{"name": p.organisation.name, "kind": p.organisation.kind} for p in parties],
        "clauses": [
            {"title": c.title, "text": c.text} for c in agreement.clauses.order_by("order", "pk")
        ],
        "commitments": [
            {
                "reference": c.reference,
                "theme": c.theme,
                "kind": c.kind,
                "title": c.title,
                "description": c.description,
                "responsible": c.responsible.name,
                "counterparties": sorted(o.name for o in c.counterparties.all()),
                "indicator": c.indicator,
                "unit": c.unit,
                "baseline": _num(c.baseline),
                "targets": {str(t.year): _num(t.value) for t in c.targets.all()},
                "estimated_cost": _num(c.estimated_cost),
                "dependencies": c.dependencies,
                "summary_b1": c.summary_b1,
            }
            for c in commitments
        ],
    }


def content_hash(snapshot: dict) -> str:
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@transaction.atomic
def version_freeze(
    *, actor, agreement: Agreement, final: bool = False, label: str = ""
) -> AgreementVersion:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_editable(agreement)
    if final and not agreement.commitments.exists():
        raise ServiceError(
            _("An agreement without commitments cannot be signed. Add commitments first.")
        )
    snapshot = build_snapshot(agreement)
    number = (agreement.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = AgreementVersion.objects.create(
        agreement=agreement,
        number=number,
        is_final=final,
        label=label.strip(),
        snapshot=snapshot,
        content_hash=content_hash(snapshot),
        frozen_at=timezone.now(),
        frozen_by=actor,
    )
    agreement.status = AgreementStatus.SIGNING if final else AgreementStatus.NEGOTIATION
    agreement.save(update_fields=["status", "updated_at"])
    audit.log(
        action="agreements.version.final_frozen" if final else "agreements.version.frozen",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"number": number, "hash": version.content_hash[:12]},
    )
    if final:
        notices.schedule(notices.final_ready, version.pk, _actor_id(actor))
    return version


@transaction.atomic
def agreement_reopen(*, actor, agreement: Agreement, reason: str) -> Agreement:
    """Back to negotiation when a required party declined the final version."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.SIGNING:
        raise ServiceError(_("Only an agreement that is waiting for signatures can be reopened."))
    if not reason.strip():
        raise ServiceError(_("Explain why the negotiation is reopened."), field="reason")
    agreement.status = AgreementStatus.NEGOTIATION
    agreement.save(update_fields=["status", "updated_at"])
    audit.log(
        action="agreements.agreement.reopened",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
        data={"reason": reason.strip()},
    )
    return agreement


def _conclude_if_complete(
    agreement: Agreement, version: AgreementVersion, *, organisation=None, actor=None
) -> None:
    decisions = dict(version.signatures.values_list("organisation_id", "decision"))
    parties = list(agreement.parties.select_related("organisation"))
    required = [p for p in parties if p.must_sign]
    if all(decisions.get(p.organisation_id) == Decision.SIGNED for p in required):
        tenant_declined = any(
            decisions.get(p.organisation_id) == Decision.DECLINED
            for p in parties
            if not p.must_sign
        )
        agreement.status = AgreementStatus.CONCLUDED
        agreement.concluded_at = timezone.now()
        agreement.concluded_with_tenant_refusal = tenant_declined
        agreement.save(
            update_fields=["status", "concluded_at", "concluded_with_tenant_refusal", "updated_at"]
        )
        audit.log(
            action="agreements.agreement.concluded",
            actor=None,
            organisation=agreement.cycle.gemeente,
            target=agreement,
            data={"tenant_declined": tenant_declined},
        )
        notices.schedule(
            notices.concluded,
            agreement.pk,
            organisation.pk if organisation is not None else None,
            _actor_id(actor),
        )


@transaction.atomic
def version_sign(
    *,
    actor,
    version: AgreementVersion,
    organisation: Organisation,
    decision: str = Decision.SIGNED,
    reason: str = "",
    signer_name: str = "",
) -> Signature:
    """A signatory signs (or declines) the final version for their own organisation, once."""
    # Lock the version row: two signatures for the same version are decided one at a time.
    version = AgreementVersion.objects.select_for_update().get(pk=version.pk)
    agreement = Agreement.objects.select_for_update().get(pk=version.agreement_id)
    if decision not in Decision.values:
        raise ServiceError(_("Choose sign or decline."), field="decision")
    if not (actor.is_authenticated and has_role(actor, organisation, Role.SIGNATORY)):
        raise ServiceError(
            _("Only a signatory of %(org)s can sign for it.") % {"org": organisation},
            field="organisation",
        )
    party = agreement.parties.filter(organisation=organisation).first()
    if party is None:
        raise ServiceError(
            _("%(org)s is not a party to this agreement.") % {"org": organisation},
            field="organisation",
        )
    if not version.is_final:
        raise ServiceError(
            _("This version is a negotiation round, not the final version for signing.")
        )
    latest = agreement.versions.order_by("-number").first()
    latest_pk = latest.pk if latest is not None else None
    if latest_pk != version.pk or agreement.status not in (
        AgreementStatus.SIGNING,
        AgreementStatus.CONCLUDED,
    ):
        raise ServiceError(
            _(
                "This version is outdated: a newer version exists or the negotiation was reopened. Open the latest version."
            )
        )
    if content_hash(version.snapshot) != version.content_hash:
        raise ServiceError(
            _(
                "The content of this version does not match its fingerprint. Signing is not possible; contact the administrator."
            )
        )
    if Signature.objects.filter(version=version, organisation=organisation).exists():
        raise ServiceError(
            _("%(org)s has already signed or declined this version.") % {"org": organisation}
        )
    if decision == Decision.DECLINED and not reason.strip():
        raise ServiceError(_("Give the reason for declining."), field="reason")
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                version=version,
                party=party,
                organisation=organisation,
                user=actor,
                signer_name=signer_name.strip() or actor.get_full_name() or str(actor),
                decision=decision,
                reason=reason.strip(),
                content_hash=version.content_hash,
                signed_at=timezone.now(),
            )
    except IntegrityError:
        raise ServiceError(
            _("%(org)s has already signed or declined this version.") % {"org": organisation}
        ) from None
    audit.log(
        action="agreements.version.signed"
        if decision == Decision.SIGNED
        else "agreements.version.declined",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={
            "number": version.number,
            "organisation": str(organisation),
            "reason": reason.strip(),
        },
    )
    if agreement.status == AgreementStatus.SIGNING:
        _conclude_if_complete(agreement, version, organisation=organisation, actor=actor)
    elif decision == Decision.DECLINED and not party.must_sign:
        # Concluded already: a tenant organisation that declines afterwards is shown as well.
        agreement.concluded_with_tenant_refusal = True
        agreement.save(update_fields=["concluded_with_tenant_refusal", "updated_at"])
    return signature


def _copy_content(
    source: Agreement, target: Agreement, *, years: tuple[int, int] | None = None
) -> None:
    Clause.objects.bulk_create(
        [
            Clause(agreement=target, key=c.key, title=c.title, text=c.text, order=c.order)
            for c in source.clauses.all()
        ]
    )
    party_ids = set(target.parties.values_list("organisation_id", flat=True))
    for n, c in enumerate(
        source.commitments.prefetch_related("counterparties", "targets").order_by("number"), start=1
    ):
        if c.responsible_id not in party_ids:
            continue
        copy = Commitment.objects.create(
            agreement=target,
            number=n,
            reference=_reference(target, n),
            origin=c,
            **{k: getattr(c, k) for k in COMMITMENT_FIELDS},
        )
        copy.counterparties.set([o for o in c.counterparties.all() if o.pk in party_ids])
        CommitmentTarget.objects.bulk_create(
            [
                CommitmentTarget(commitment=copy, year=t.year, value=t.value)
                for t in c.targets.all()
                if years is None or years[0] <= t.year <= years[1]
            ]
        )


@transaction.atomic
def annual_slice_create(*, actor, agreement: Agreement) -> Agreement:
    """Next year's annual slice, starting from this agreement's content."""
    # The cycle of year Y makes the agreements for year Y + 1.
    cycle_year = agreement.cycle.year + 1
    year = cycle_year + 1
    gemeente = agreement.cycle.gemeente
    cycle = Cycle.objects.filter(gemeente=gemeente, year=cycle_year).first()
    if cycle is None:
        cycle = cycle_create(
            actor=actor,
            gemeente=gemeente,
            year=cycle_year,
            participants=list(agreement.cycle.participants.all()),
        )
    if (
        Agreement.objects.filter(
            cycle=cycle, kind=AgreementKind.ANNUAL, parent=agreement.parent or agreement
        )
        .filter(title__icontains=str(year))
        .exists()
    ):
        raise ServiceError(_("The annual slice for %(year)s exists already.") % {"year": year})
    parent = agreement if agreement.kind == AgreementKind.FRAMEWORK else agreement.parent
    title = f"Jaarschijf {year} – {parent.title if parent else agreement.title}"
    new = agreement_create(
        actor=actor,
        cycle=cycle,
        kind=AgreementKind.ANNUAL,
        title=title[:200],
        period_start=year,
        period_end=year,
        parties=[p.organisation for p in agreement.parties.select_related("organisation")],
        parent=parent,
        standard_clauses=False,
    )
    _copy_content(agreement, new, years=(year, year))
    audit.log(
        action="agreements.agreement.slice_created",
        actor=actor,
        organisation=gemeente,
        target=agreement,
        data={"year": year},
    )
    return new


@transaction.atomic
def addendum_create(*, actor, agreement: Agreement, title: str = "") -> Agreement:
    agreement = Agreement.objects.select_related("cycle__gemeente").get(pk=agreement.pk)
    if agreement.status not in (AgreementStatus.CONCLUDED, AgreementStatus.SUBMITTED):
        raise ServiceError(
            _(
                "An addendum can only be made to a concluded agreement. Change the draft itself instead."
            )
        )
    new = agreement_create(
        actor=actor,
        cycle=agreement.cycle,
        kind=AgreementKind.ADDENDUM,
        title=(title.strip() or f"Addendum bij {agreement.title}")[:200],
        period_start=agreement.period_start,
        period_end=agreement.period_end,
        parties=[p.organisation for p in agreement.parties.select_related("organisation")],
        parent=agreement,
        standard_clauses=False,
    )
    _copy_content(agreement, new)
    audit.log(
        action="agreements.agreement.addendum_created",
        actor=actor,
        organisation=agreement.cycle.gemeente,
        target=agreement,
    )
    return new


@transaction.atomic
def agreement_submit(
    *,
    actor,
    agreement: Agreement,
    organisation: Organisation,
    sent_to_minister: bool = False,
    sent_to_gemeenten: bool = False,
    sent_to_tenants: bool = False,
    note: str = "",
) -> Agreement:
    """Record that the corporatie sent the package to the minister (Aw), the gemeenten and the
    tenant bodies (Woningwet art. 44a(1)). All three recipients are required."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if not organisation.is_corporatie:
        raise ServiceError(
            _("The housing association submits the agreements."), field="organisation"
        )
    _check_party(agreement, organisation)
    if agreement.status == AgreementStatus.SUBMITTED:
        raise ServiceError(_("This agreement was submitted already."))
    if agreement.status != AgreementStatus.CONCLUDED:
        raise ServiceError(_("Only a concluded agreement can be submitted."))
    for field, sent in (
        ("sent_to_minister", sent_to_minister),
        ("sent_to_gemeenten", sent_to_gemeenten),
        ("sent_to_tenants", sent_to_tenants),
    ):
        if not sent:
            raise ServiceError(
                _(
                    "The package goes to the minister, the municipalities and the tenant "
                    "organisations (Woningwet art. 44a). Send it to this recipient first."
                ),
                field=field,
            )
    now = timezone.now()
    agreement.status = AgreementStatus.SUBMITTED
    agreement.submitted_at = now
    agreement.submitted_by = actor
    agreement.submission_note = note.strip()
    agreement.sent_to_minister_at = now
    agreement.sent_to_gemeenten_at = now
    agreement.sent_to_tenants_at = now
    agreement.save(
        update_fields=[
            "status",
            "submitted_at",
            "submitted_by",
            "submission_note",
            "sent_to_minister_at",
            "sent_to_gemeenten_at",
            "sent_to_tenants_at",
            "updated_at",
        ]
    )
    audit.log(
        action="agreements.agreement.submitted",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={"late": agreement.submission_is_late},
    )
    for label, _sent_at in agreement.submission_recipients:
        audit.log(
            action="agreements.agreement.package_sent",
            actor=actor,
            organisation=organisation,
            target=agreement,
            data={"recipient": str(label)},
        )
    return agreement


# Disputes and information requests ---------------------------------------------------------


def _day_month(md: tuple[int, int]) -> str:
    return date(2000, *md).strftime("%d-%m")


def dispute_filing_warnings(*, cycle: Cycle, filed_on: date, arose_on: date | None = None) -> list:
    """Plain warnings when a dispute is filed outside the usual window or after the term.
    They never block: the minister decides whether a dispute is admissible."""
    warnings = []
    start, end = dispute_window()
    if not in_dispute_window(filed_on):
        warnings.append(
            _(
                "Filing date %(date)s falls outside the filing window of %(start)s to %(end)s. "
                "Driehoek records the dispute anyway: the minister decides whether it is "
                "admissible."
            )
            % {
                "date": filed_on.strftime("%d-%m-%Y"),
                "start": _day_month(start),
                "end": _day_month(end),
            }
        )
    if arose_on is not None:
        deadline = arose_on + timedelta(weeks=cycle.dispute_filing_weeks)
        if filed_on > deadline:
            warnings.append(
                _(
                    "Filing date %(date)s is more than %(n)s weeks after the dispute arose "
                    "(%(arose)s): the term ended on %(deadline)s. Driehoek records the dispute "
                    "anyway: the minister decides whether it is admissible."
                )
                % {
                    "date": filed_on.strftime("%d-%m-%Y"),
                    "n": cycle.dispute_filing_weeks,
                    "arose": arose_on.strftime("%d-%m-%Y"),
                    "deadline": deadline.strftime("%d-%m-%Y"),
                }
            )
    return warnings


@transaction.atomic
def dispute_start(
    *, actor, agreement: Agreement, organisation: Organisation, arose_on: date, description: str
) -> Dispute:
    _check_party(agreement, organisation)
    if arose_on > timezone.localdate():
        raise ServiceError(
            _("The date the dispute arose cannot be in the future."), field="arose_on"
        )
    if arose_on.year < MIN_YEAR:
        raise ServiceError(_("This date is not possible."), field="arose_on")
    if not description.strip():
        raise ServiceError(
            _("Describe the dispute and the positions of the parties."), field="description"
        )
    dispute = Dispute.objects.create(
        agreement=agreement,
        organisation=organisation,
        started_by=actor,
        arose_on=arose_on,
        description=description.strip(),
        status_changed_on=timezone.localdate(),
    )
    audit.log(
        action="agreements.dispute.started",
        actor=actor,
        organisation=organisation,
        target=agreement,
        data={
            "organisation": str(organisation),
            "outside_window": dispute.filed_outside_window,
            "after_term": dispute.filed_after_term,
        },
    )
    notices.schedule(notices.dispute_started, dispute.pk, _actor_id(actor))
    return dispute


@transaction.atomic
def dispute_update(
    *, actor, dispute: Dispute, status: str, note: str = "", on: date | None = None
) -> Dispute:
    dispute = Dispute.objects.select_for_update().get(pk=dispute.pk)
    if status not in DisputeStatus.values:
        raise ServiceError(_("Choose a status."), field="status")
    if dispute.status in (DisputeStatus.RULED, DisputeStatus.WITHDRAWN):
        raise ServiceError(_("This dispute is closed: the ruling was given or it was withdrawn."))
    on = on or timezone.localdate()
    if on < dispute.arose_on or on > timezone.localdate():
        raise ServiceError(
            _("The date must be between the start of the dispute and today."), field="on"
        )
    old = dispute.get_status_display()
    dispute.status = status
    dispute.status_note = note.strip() or dispute.status_note
    dispute.status_changed_on = on
    dispute.save(update_fields=["status", "status_note", "status_changed_on", "updated_at"])
    audit.log(
        action="agreements.dispute.status_changed",
        actor=actor,
        organisation=dispute.organisation,
        target=dispute.agreement,
        data={"old": str(old), "new": str(dispute.get_status_display())},
    )
    return dispute


@transaction.atomic
def inforequest_create(
    *, actor, cycle: Cycle, requester: Organisation, corporatie: Organisation, question: str
) -> InformationRequest:
    if not (requester.is_gemeente or requester.is_tenant_body):
        raise ServiceError(
            _("A municipality or tenant organisation asks for information."), field="requester"
        )
    if not corporatie.is_corporatie or not cycle.participants.filter(pk=corporatie.pk).exists():
        raise ServiceError(_("Choose a housing association in this cycle."), field="corporatie")
    if not question.strip():
        raise ServiceError(_("Write your question."), field="question")
    req = InformationRequest.objects.create(
        cycle=cycle,
        requester=requester,
        corporatie=corporatie,
        question=question.strip(),
        asked_by=actor,
    )
    audit.log(
        action="agreements.inforequest.created", actor=actor, organisation=requester, target=req
    )
    notices.schedule(notices.inforequest_asked, req.pk, _actor_id(actor))
    return req


@transaction.atomic
def inforequest_answer(*, actor, request: InformationRequest, answer: str) -> InformationRequest:
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_at:
        raise ServiceError(_("This request was answered already."))
    if not answer.strip():
        raise ServiceError(_("Write the answer."), field="answer")
    request.answer = answer.strip()
    request.answered_at = timezone.now()
    request.answered_by = actor
    request.save(update_fields=["answer", "answered_at", "answered_by", "updated_at"])
    audit.log(
        action="agreements.inforequest.answered",
        actor=actor,
        organisation=request.corporatie,
        target=request,
        data={"days": request.response_days},
    )
    notices.schedule(notices.inforequest_answered, request.pk, _actor_id(actor))
    return request
