"""Deadline notices: cycle dates coming up and progress reports overdue.

``send_notices()`` is idempotent: each notice has a unique key and is made (and e-mailed)
once. Run it daily from cron: ``manage.py send_deadline_notices``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from driehoek.agreements.models import Agreement, Commitment, Cycle
from driehoek.core.dates import long_date
from driehoek.organisations.models import Membership, Role

from .models import (
    Frequency,
    MonitoringSettings,
    NoticeKind,
    ProgressReport,
    SentNotice,
    period_end,
    period_label,
)
from .services import MONITORED_STATUSES

LOOKAHEAD_DAYS = 14
CYCLE_DATES = [
    ("ibw_due", "corporaties", _("the financial indication (IBW) is due")),
    ("bod_due", "corporaties", _("the bod is due")),
    ("submission_due", "all", _("the agreements are to be submitted")),
]


def _periods(agreement: Agreement, conf: MonitoringSettings, today: date):
    """Periods of the agreement whose report is due by today and that are not closed."""
    for year in agreement.years:
        quarters = [None] if conf.frequency == Frequency.YEAR else [1, 2, 3, 4]
        for q in quarters:
            due = period_end(year, q) + timedelta(days=conf.report_due_days)
            if due < today and not conf.is_closed(year, q):
                yield year, q, due


def _notify(key, kind, organisation, message, url, due_on, email: bool = True) -> SentNotice | None:
    if SentNotice.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            notice = SentNotice.objects.create(
                key=key,
                kind=kind,
                organisation=organisation,
                message=message,
                url=url,
                due_on=due_on,
            )
    except IntegrityError:
        return None
    if not email:
        return notice
    recipients = list(
        Membership.objects.filter(
            organisation=organisation, role__in=[Role.EDITOR, Role.SIGNATORY, Role.ADMIN]
        )
        .values_list("user__email", flat=True)
        .distinct()
    )
    sent = 0
    for email in recipients:
        sent += send_mail(
            subject=_("Driehoek: %(message)s") % {"message": message[:120]},
            message=f"{message}\n\n{settings.BASE_URL}{url}\n",
            from_email=None,
            recipient_list=[email],
            fail_silently=True,
        )
    notice.emailed_to = sent
    notice.save(update_fields=["emailed_to"])
    return notice


def send_notices(today: date | None = None, *, email: bool = True) -> list[SentNotice]:
    today = today or timezone.localdate()
    made = []
    horizon = today + timedelta(days=LOOKAHEAD_DAYS)
    for cycle in (
        Cycle.objects.select_related("gemeente")
        .prefetch_related("participants")
        .filter(year__gte=today.year - 1)
    ):
        for field, who, what in CYCLE_DATES:
            due = getattr(cycle, field)
            if not (today <= due <= horizon):
                continue
            orgs = [p for p in cycle.participants.all() if p.is_corporatie]
            if who == "all":
                orgs = [cycle.gemeente, *cycle.participants.all()]
            for org in orgs:
                message = _("%(cycle)s: on %(date)s %(what)s.") % {
                    "cycle": cycle,
                    "date": long_date(due),
                    "what": what,
                }
                n = _notify(
                    f"cycle:{cycle.pk}:{field}:{due.isoformat()}:{org.pk}",
                    NoticeKind.CYCLE_DATE,
                    org,
                    message,
                    cycle.get_absolute_url(),
                    due,
                    email,
                )
                if n:
                    made.append(n)
    agreements = list(
        Agreement.objects.filter(
            status__in=MONITORED_STATUSES, period_start__lte=today.year
        ).select_related("cycle")
    )
    confs = {s.agreement_id: s for s in MonitoringSettings.objects.filter(agreement__in=agreements)}
    for agreement in agreements:
        conf = confs.get(agreement.pk) or MonitoringSettings(agreement=agreement)
        periods = list(_periods(agreement, conf, today))
        if not periods:
            continue
        commitments = list(
            Commitment.objects.filter(agreement=agreement)
            .select_related("responsible")
            .values_list("pk", "responsible_id")
        )
        reported = set(
            ProgressReport.objects.filter(commitment__agreement=agreement).values_list(
                "commitment_id", "period_year", "period_quarter"
            )
        )
        missing: dict[tuple, list[int]] = defaultdict(list)
        for year, q, due in periods:
            for cid, org_id in commitments:
                if (cid, year, q) not in reported:
                    missing[(org_id, year, q, due)].append(cid)
        orgs = {
            p.organisation_id: p.organisation
            for p in agreement.parties.select_related("organisation")
        }
        url = reverse("monitoring:agreement", kwargs={"agreement_id": agreement.uuid})
        for (org_id, year, q, due), ids in missing.items():
            if org_id not in orgs:
                continue
            message = _(
                "%(agreement)s: %(n)s progress report(s) for %(period)s overdue since %(date)s."
            ) % {
                "agreement": agreement.title,
                "n": len(ids),
                "period": period_label(year, q),
                "date": long_date(due),
            }
            n = _notify(
                f"overdue:{agreement.pk}:{org_id}:{year}:{q or 0}",
                NoticeKind.REPORT_OVERDUE,
                orgs[org_id],
                message,
                url,
                due,
                email,
            )
            if n:
                made.append(n)
    return made
