"""Preparation: woonvisie, interests and the bod."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.core import audit, uploads
from driehoek.core.errors import ServiceError
from driehoek.core.versioning import save_versioned
from driehoek.organisations.models import (
    Organisation,
)

from .. import notices
from ..legal import cycle_defaults
from ..models import Bod, BodLine, BodSection, BodStatus, Interest, Theme, Woonvisie, WoonvisieGoal
from .base import _actor_id, _check_year, _decimal

if TYPE_CHECKING:
    from ..models import Cycle


def woonvisie_warning(
    woonvisie: Woonvisie | None, today: date | None = None, *, year: int | None = None
) -> dict | None:
    """A plain-language warning when the gemeente has no (current) housing policy. With
    ``year`` (a cycle's year) it is judged at that year, not today: current if it had started
    by then, still ran that year and was not older than the maximum age in that year."""
    max_age = cycle_defaults()["woonvisie_max_age_years"]
    if year is not None:
        if woonvisie is not None and woonvisie.period_start > year:
            woonvisie = None
        today = date(year, 12, 31)
    today = today or timezone.localdate()
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
    too_old = year - woonvisie.adopted_on.year > max_age if year is not None else age_limit < today
    if too_old:
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
