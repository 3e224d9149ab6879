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
"""

from __future__ import annotations

from django.http import Http404

from driehoek.agreements.models import AgreementParty
from driehoek.agreements.selectors import VIEW, agreement_get_for_user, user_org_ids
from driehoek.organisations.models import (
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    TenantRepresentation,
    WorkArea,
)
from driehoek.organisations.selectors import region_get

from .models import Evaluation, ImportJob, ProgressReport


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


def commitment_get(agreement, pk) -> object:
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
    """Agreements the user's organisations are party to (one query)."""
    ids = user_org_ids(user)
    if not ids:
        return set()
    return set(
        AgreementParty.objects.filter(organisation_id__in=ids).values_list(
            "agreement_id", flat=True
        )
    )


def can_see_reasonableness(user, corporatie: Organisation) -> bool:
    """The corporatie's members, every organisation that shares an agreement with it, the
    gemeenten in its work area, the tenant bodies that represent its tenants, and staff."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    mine = user_org_ids(user)
    if not mine:
        return False
    if corporatie.pk in mine:
        return True
    return (
        AgreementParty.objects.filter(
            agreement__parties__organisation=corporatie, organisation_id__in=mine
        ).exists()
        or WorkArea.objects.filter(organisation=corporatie, gemeente_id__in=mine).exists()
        or TenantRepresentation.objects.filter(
            corporatie=corporatie, tenant_body_id__in=mine
        ).exists()
    )


def reasonableness_corporatie_for_user(*, user, slug: str) -> Organisation:
    corporatie = corporatie_get(slug)
    if not can_see_reasonableness(user, corporatie):
        raise Http404
    return corporatie


def import_jobs_for(*, agreement):
    """An agreement's imports, newest first (its party editors see them: checked by the view)."""
    return ImportJob.objects.filter(agreement=agreement).select_related("uploaded_by")


def import_job_get(*, agreement, job_id) -> ImportJob:
    """One import of an agreement the user may import for; 404 for any other."""
    try:
        return import_jobs_for(agreement=agreement).get(uuid=job_id)
    except (ImportJob.DoesNotExist, ValueError):
        raise Http404 from None
