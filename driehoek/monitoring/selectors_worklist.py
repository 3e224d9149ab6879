"""What monitoring adds to the werkplek (agreements' worklist): progress to report.

For each concluded or submitted agreement on the page, each of the user's organisations that
is responsible for commitments in it and may report them (``monitoring.report_progress``)
gets one "Report progress" with its oldest period that has ended, is not closed and still
lacks a report for one of those commitments. Its deadline is the period's end plus the
agreement's ``report_due_days`` (as the deadline notices count it), so the werkplek says how
late it is. Three queries for any number of agreements; registered from ``apps.ready``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from driehoek.agreements.models import Agreement, Commitment
from driehoek.agreements.selectors.worklist import Waiting, late_days
from driehoek.core.permissions import may
from driehoek.organisations.selectors import user_memberships

from .models import Frequency, MonitoringSettings, ProgressReport, period_end, period_label
from .services import MONITORED_STATUSES


def ended_periods(
    agreement: Agreement, conf: MonitoringSettings, today: date
) -> Iterator[tuple[int, int | None, date]]:
    """(year, quarter, deadline) of the agreement's periods that have ended by ``today`` and
    are not closed, oldest first."""
    quarters: list[int | None] = [None] if conf.frequency == Frequency.YEAR else [1, 2, 3, 4]
    for year in agreement.years:
        for q in quarters:
            end = period_end(year, q)
            if end < today and not conf.is_closed(year, q):
                yield year, q, end + timedelta(days=conf.report_due_days)


def progress_waits(user, agreements: list[Agreement], today: date) -> list[tuple[int, Waiting]]:
    """``(agreement pk, Waiting)`` per agreement and organisation with progress to report."""
    monitored = [a for a in agreements if a.status in MONITORED_STATUSES]
    mine = list(user_memberships(user))
    if not monitored or not mine:
        return []
    commitments = [
        c
        for c in Commitment.objects.filter(
            agreement__in=monitored, responsible_id__in=mine
        ).select_related("responsible")
        if may(user, "monitoring.report_progress", c)
    ]
    if not commitments:
        return []
    confs = {s.agreement_id: s for s in MonitoringSettings.objects.filter(agreement__in=monitored)}
    reported = set(
        ProgressReport.objects.filter(commitment__in=commitments).values_list(
            "commitment_id", "period_year", "period_quarter"
        )
    )
    per: dict[int, dict[int, list[Commitment]]] = defaultdict(lambda: defaultdict(list))
    for c in commitments:
        per[c.agreement_id][c.responsible_id].append(c)
    found = []
    for agreement in monitored:
        if agreement.pk not in per:
            continue
        conf = confs.get(agreement.pk) or MonitoringSettings(agreement=agreement)
        periods = list(ended_periods(agreement, conf, today))
        for own in per[agreement.pk].values():
            missing = [
                (year, q, due)
                for year, q, due in periods
                if any((c.pk, year, q) not in reported for c in own)
            ]
            if not missing:
                continue
            year, q, due = missing[0]
            label = _("Report progress for %(period)s") % {"period": period_label(year, q)}
            if len(missing) > 1:
                label += " " + ngettext(
                    "(and %(n)s more period)", "(and %(n)s more periods)", len(missing) - 1
                ) % {"n": len(missing) - 1}
            found.append(
                (agreement.pk, Waiting(label, own[0].responsible, due, late_days(due, today)))
            )
    return found
