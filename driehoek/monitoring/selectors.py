"""Permission-aware reads for monitoring.

Who sees what:
- An agreement's progress reports, reviews, evaluation and per-commitment figures: members of
  its parties (and staff, read-only), fetched through agreements' ``agreement_get_for_user``:
  404 for everyone else, 403 when the role is too weak for an action.
- Dashboards per gemeente, corporatie, huurdersorganisatie, region and the national one show
  aggregate counts and sums only, to every logged-in user; links to an agreement's own
  dashboard appear only for its parties.
- A corporatie's reasonableness view: its own members, members of every organisation that is
  party to an agreement with it, of the gemeenten in its work area and of the tenant bodies that
  represent its tenants (its gemeenten and huurders), and staff. Others get 404.

The "may" questions themselves are answered by ``rules.py``.
"""

from __future__ import annotations

from django.http import Http404

from driehoek.agreements.models import Agreement, AgreementParty, Commitment
from driehoek.agreements.selectors import VIEW, agreement_get_for_user, user_org_ids
from driehoek.core.models import AuditEvent
from driehoek.core.permissions import may
from driehoek.organisations.models import (
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Region,
)
from driehoek.organisations.selectors import region_get, user_memberships

from .models import (
    Evaluation,
    FinancialRoom,
    ImportJob,
    ProgressReport,
    ReportReview,
    ReviewState,
    SentNotice,
)
from .services import MONITORED_STATUSES


def agreement_for_user(*, user, agreement_id, need: str = VIEW):
    return agreement_get_for_user(user=user, agreement_id=agreement_id, need=need)


def report_get_for_user(*, user, report_id, need: str = VIEW) -> ProgressReport:
    try:
        report = ProgressReport.objects.select_related(
            "commitment__agreement", "commitment__responsible", "reported_by_org", "reported_by"
        ).get(uuid=report_id)
    except (ProgressReport.DoesNotExist, ValueError):
        raise Http404 from None
    report.agreement = agreement_get_for_user(  # type: ignore[attr-defined]
        user=user, agreement_id=report.commitment.agreement.uuid, need=need
    )
    return report


def commitment_get(agreement, pk) -> Commitment:
    try:
        return agreement.commitments.select_related("responsible", "agreement").get(pk=pk)
    except Exception:
        raise Http404 from None


def evaluation_find(agreement, year: int) -> Evaluation | None:
    return (
        Evaluation.objects.filter(agreement=agreement, year=year)
        .prefetch_related("themes", "views__organisation")
        .first()
    )


def organisation_of_kind(slug: str, kinds) -> Organisation:
    try:
        return Organisation.objects.get(slug=slug, kind__in=kinds, status=OrganisationStatus.ACTIVE)
    except Organisation.DoesNotExist:
        raise Http404 from None


def gemeente_get(slug: str) -> Organisation:
    return organisation_of_kind(slug, [OrganisationKind.GEMEENTE])


def corporatie_get(slug: str) -> Organisation:
    return organisation_of_kind(slug, [OrganisationKind.CORPORATIE])


def tenant_body_get(slug: str) -> Organisation:
    return organisation_of_kind(
        slug, [OrganisationKind.HUURDERS, OrganisationKind.BEWONERSCOMMISSIE]
    )


def region_for(slug: str):
    return region_get(slug=slug)


def party_agreement_ids(user) -> set[int]:
    """Agreements the user's organisations are party to (one query, cached on the user)."""
    cached = getattr(user, "_dh_party_agreement_ids", None)
    if cached is not None:
        return cached
    ids = user_org_ids(user)
    result = (
        set(
            AgreementParty.objects.filter(organisation_id__in=ids).values_list(
                "agreement_id", flat=True
            )
        )
        if ids
        else set()
    )
    if user is not None and user.is_authenticated:
        user._dh_party_agreement_ids = result
    return result


def reasonableness_corporatie_for_user(*, user, slug: str) -> Organisation:
    """A corporatie's reasonableness page: 404 for whom ``monitoring.view_reasonableness``
    refuses (see rules.py)."""
    corporatie = corporatie_get(slug)
    if not may(user, "monitoring.view_reasonableness", corporatie):
        raise Http404
    return corporatie


def gemeenten_of_corporatie(corporatie: Organisation) -> list[Organisation]:
    """The gemeenten the corporatie shares an agreement with, by name."""
    return list(
        Organisation.objects.filter(
            kind=OrganisationKind.GEMEENTE,
            agreement_parties__agreement__parties__organisation=corporatie,
        )
        .distinct()
        .order_by("name")
    )


def financial_room_find(corporatie: Organisation, year) -> FinancialRoom | None:
    return FinancialRoom.objects.filter(
        corporatie=corporatie, year=year if str(year).isdigit() else 0
    ).first()


def regions() -> list[Region]:
    return list(Region.objects.order_by("kind", "number", "name"))


# Per agreement ------------------------------------------------------------------------------


def editor_organisations(user, agreement) -> list[Organisation]:
    """The agreement's parties the user may act for (``monitoring.act_for``)."""
    return [
        p.organisation
        for p in agreement.parties.all()
        if may(user, "monitoring.act_for", p.organisation)
    ]


def reviewer_organisations(user, report: ProgressReport) -> list[Organisation]:
    """The parties the user may confirm or contest the report for: not the reporting one."""
    return [
        o
        for o in editor_organisations(user, report.agreement)  # type: ignore[attr-defined]
        if o.pk != report.reported_by_org_id
    ]


def agreement_themes(agreement) -> list[str]:
    """The themes of the agreement's commitments, sorted."""
    return sorted(set(agreement.commitments.values_list("theme", flat=True)))


def evaluations_for(agreement) -> list[Evaluation]:
    return list(agreement.evaluations.order_by("-year"))


def report_find(commitment, year, quarter) -> ProgressReport | None:
    """The report for the period given in the query string (anything unreadable: none)."""
    return ProgressReport.objects.filter(
        commitment=commitment,
        period_year=year if str(year).isdigit() else 0,
        period_quarter=int(quarter) if str(quarter).isdigit() else None,
    ).first()


def report_reviews(report: ProgressReport) -> dict[int, ReportReview]:
    """The report's reviews by organisation id."""
    return {r.organisation_id: r for r in report.reviews.select_related("user", "organisation")}


def report_events(report: ProgressReport, limit: int = 50) -> list[AuditEvent]:
    return list(AuditEvent.objects.for_target(report).select_related("actor")[:limit])


# The monitoring start page ------------------------------------------------------------------


def overview_for(user) -> dict:
    """What the start page lists for the user: the monitored agreements of their
    organisations, their notices, the figures waiting for their review, the organisations."""
    org_ids = set(user_memberships(user))
    agreements = list(
        Agreement.objects.filter(
            parties__organisation_id__in=org_ids, status__in=MONITORED_STATUSES
        )
        .distinct()
        .select_related("cycle__gemeente")
        .order_by("-period_start", "title")[:50]
    )
    notices = list(
        SentNotice.objects.filter(organisation_id__in=org_ids).select_related("organisation")[:20]
    )
    editor_ids = [pk for pk in org_ids if may(user, "monitoring.act_for", pk)]
    to_review = list(
        ProgressReport.objects.filter(
            commitment__agreement__parties__organisation_id__in=editor_ids,
            review_state__in=[ReviewState.AWAITING, ReviewState.CONTESTED],
        )
        .exclude(reported_by_org_id__in=editor_ids)
        .exclude(reviews__organisation_id__in=editor_ids)
        .select_related("commitment__agreement", "reported_by_org")
        .distinct()
        .order_by("-created_at")[:20]
    )
    organisations = list(Organisation.objects.filter(pk__in=org_ids).order_by("name"))
    return {
        "agreements": agreements,
        "notices": notices,
        "to_review": to_review,
        "organisations": organisations,
    }


def import_jobs_for(*, agreement):
    """An agreement's imports, newest first (its party editors see them: checked by the view)."""
    return ImportJob.objects.filter(agreement=agreement).select_related("uploaded_by")


def import_job_get(*, agreement, job_id) -> ImportJob:
    """One import of an agreement the user may import for; 404 for any other."""
    try:
        return import_jobs_for(agreement=agreement).get(uuid=job_id)
    except (ImportJob.DoesNotExist, ValueError):
        raise Http404 from None
