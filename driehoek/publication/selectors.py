"""Every public read goes through these functions.

What is public: agreements that are concluded or submitted (signed), that all parties decided
to publish (a ``Publication`` exists) and whose gemeente is active. Each read below starts
from ``_published()``, so nothing else can slip through. Content is read from the live rows
of such an agreement: a concluded agreement can no longer be edited, and publishing checked
that the live content has the fingerprint of the signed version (see services.publish_if_complete).

Public with an agreement: each party's decision on the published version (signed on its real
date, declined with the reason the parties publish together, takes note) and whether a dispute
is pending (its status and filing date; see decisions.py).

Never public: drafts and agreements in negotiation or signing, comments, positions, proposals,
open points, the content of disputes, signatures' names, who created or submitted anything, progress that is
not confirmed by all parties (awaiting or contested), reviews and their reasons, evidence files.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import get_language

from driehoek.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementParty,
    AgreementStatus,
    Commitment,
    CommitmentTarget,
    Cycle,
)
from driehoek.core import dataversion
from driehoek.organisations.models import (
    Organisation,
    OrganisationKind,
    OrganisationStatus,
    Region,
)

from . import decisions

PUBLIC_STATUSES = (AgreementStatus.CONCLUDED, AgreementStatus.SUBMITTED)


def parse_uuid(value) -> UUID:
    """A UUID from a path or filter, or 404: an identifier that cannot exist is unknown."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        raise Http404 from None


def _published(prefix: str = "") -> Q:
    """The one condition for 'this agreement is public', relative to a lookup prefix."""
    return Q(
        **{
            f"{prefix}publication__isnull": False,
            f"{prefix}status__in": PUBLIC_STATUSES,
            f"{prefix}cycle__gemeente__status": OrganisationStatus.ACTIVE,
        }
    )


# Agreements ----------------------------------------------------------------------------------


@dataclass
class AgreementFilters:
    gemeente: str = ""  # slug or CBS code of a gemeente that is a party
    corporatie: str = ""  # slug or L-number of a corporatie that is a party
    organisation: str = ""  # slug of any party
    region: str = ""  # slug of a region with a party gemeente
    province: str = ""
    theme: str = ""
    year: int | None = None
    status: str = ""
    q: str = ""


def _party(*conditions, **lookups) -> Exists:
    return Exists(AgreementParty.objects.filter(*conditions, agreement=OuterRef("pk"), **lookups))


def published_agreements(filters: AgreementFilters | None = None) -> QuerySet[Agreement]:
    qs = Agreement.objects.filter(_published()).select_related("cycle__gemeente", "publication")
    f = filters or AgreementFilters()
    if f.gemeente:
        qs = qs.filter(
            _party(
                Q(organisation__slug=f.gemeente) | Q(organisation__code=f.gemeente),
                organisation__kind=OrganisationKind.GEMEENTE,
            )
        )
    if f.corporatie:
        qs = qs.filter(
            _party(
                Q(organisation__slug=f.corporatie) | Q(organisation__code=f.corporatie),
                organisation__kind=OrganisationKind.CORPORATIE,
            )
        )
    if f.organisation:
        qs = qs.filter(_party(organisation__slug=f.organisation))
    if f.region:
        qs = qs.filter(_party(organisation__regions__slug=f.region))
    if f.province:
        qs = qs.filter(cycle__gemeente__province=f.province)
    if f.theme:
        qs = qs.filter(Exists(Commitment.objects.filter(agreement=OuterRef("pk"), theme=f.theme)))
    if f.year is not None:
        qs = qs.filter(period_start__lte=f.year, period_end__gte=f.year)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.q.strip():
        text = f.q.strip()
        qs = qs.filter(Q(title__icontains=text) | Q(cycle__gemeente__name__icontains=text))
    return qs.order_by("cycle__gemeente__name", "-period_start", "title", "pk")


def with_parties(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    return qs.prefetch_related(
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.select_related("organisation").order_by(
                "organisation__kind", "organisation__name"
            ),
        )
    )


def with_decisions(qs: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Parties with their decision on the published version, and pending disputes."""
    return decisions.with_decisions(qs)


def published_agreement_get(agreement_id) -> Agreement:
    try:
        return with_decisions(published_agreements()).get(uuid=parse_uuid(agreement_id))
    except (Agreement.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def latest_published() -> QuerySet[Agreement]:
    return published_agreements().order_by("-publication__published_at", "-pk")


# Commitments and targets --------------------------------------------------------------------


def published_commitments() -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(_published("agreement__"))
        .select_related("agreement__cycle__gemeente", "responsible")
        .order_by("agreement__cycle__gemeente__name", "agreement__uuid", "number")
    )


def published_targets() -> QuerySet[CommitmentTarget]:
    return CommitmentTarget.objects.filter(_published("commitment__agreement__")).order_by(
        "commitment__agreement__cycle__gemeente__name",
        "commitment__agreement__uuid",
        "commitment__number",
        "year",
    )


def commitments_for(agreement: Agreement) -> list[Commitment]:
    """The commitments of one published agreement with targets and confirmed progress."""
    return list(
        published_commitments()
        .filter(agreement=agreement)
        .prefetch_related(
            "targets",
            "counterparties",
            Prefetch("progress_reports", queryset=confirmed_progress(), to_attr="confirmed"),
        )
        .order_by("number")
    )


def published_commitment_get(commitment_id) -> Commitment:
    try:
        return (
            published_commitments()
            .prefetch_related(
                "targets",
                "counterparties",
                Prefetch("progress_reports", queryset=confirmed_progress(), to_attr="confirmed"),
            )
            .get(uuid=parse_uuid(commitment_id))
        )
    except (Commitment.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# Progress ------------------------------------------------------------------------------------


def confirmed_progress():
    """Progress reports every party confirmed, of published agreements only.

    With ``confirmed_progress_list`` the only places that know monitoring's models: awaiting
    and contested reports never leave these two functions."""
    from driehoek.monitoring.models import ProgressReport, ReviewState

    return (
        ProgressReport.objects.filter(
            _published("commitment__agreement__"), review_state=ReviewState.CONFIRMED
        )
        .select_related("commitment")
        .order_by("commitment_id", "period_year", "period_quarter", "pk")
    )


def confirmed_progress_list():
    """``confirmed_progress`` for the API's list: "published" as an EXISTS, not a join, so that
    PostgreSQL walks the (commitment, year) index and stops after a page (a cursor at any depth:
    0.3-2 ms, joined 70-90 ms, national scale); commitment and agreement per page (2 queries)."""
    from driehoek.monitoring.models import ProgressReport, ReviewState

    public = Commitment.objects.filter(_published("agreement__"), pk=OuterRef("commitment_id"))
    return (
        ProgressReport.objects.filter(Exists(public), review_state=ReviewState.CONFIRMED)
        .prefetch_related("commitment__agreement")
        .order_by(*confirmed_progress().query.order_by)
    )


# Organisations and regions -----------------------------------------------------------------


def public_organisation_get(slug: str) -> Organisation:
    try:
        return Organisation.objects.active().get(slug=slug)
    except Organisation.DoesNotExist:
        raise Http404 from None


def public_region_get(slug: str) -> Region:
    try:
        return Region.objects.get(slug=slug)
    except Region.DoesNotExist:
        raise Http404 from None


def published_regional_agreements(region: Region) -> QuerySet[Agreement]:
    """The region's published regional agreements (a party in the region), newest first, each
    with ``gemeenten`` (its gemeente parties). Two queries, whatever the number."""
    gemeenten = AgreementParty.objects.filter(organisation__kind=OrganisationKind.GEMEENTE)
    return (
        published_agreements()
        .filter(_party(organisation__regions=region), kind=AgreementKind.REGIONAL)
        .prefetch_related(
            Prefetch(
                "parties",
                queryset=gemeenten.select_related("organisation").order_by("organisation__name"),
                to_attr="gemeenten",
            )
        )
        .order_by("-period_start", "title", "pk")
    )


def published_parties(kind: str = "") -> QuerySet[Organisation]:
    """Organisations that are a party to at least one published agreement, with a count."""
    qs = Organisation.objects.active().annotate(
        published_count=Count(
            "agreement_parties",
            filter=_published("agreement_parties__agreement__"),
            distinct=True,
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.filter(published_count__gt=0).order_by("kind", "name", "pk")


FILTER_CHOICES_SECONDS = 24 * 3600


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """Options for the public filters: only gemeenten and corporaties that have something.
    Kept in the default cache per data version and language: one primary-key read while
    nothing was published, withdrawn or renamed."""
    key = f"publication:filter-choices:{dataversion.current().token}:{get_language()}"
    choices = cache.get_or_set(key, _filter_choices, FILTER_CHOICES_SECONDS)
    return choices if choices is not None else _filter_choices()


def _filter_choices() -> dict[str, list[tuple[str, str]]]:
    rows = (
        AgreementParty.objects.filter(_published("agreement__"))
        .filter(organisation__kind__in=[OrganisationKind.GEMEENTE, OrganisationKind.CORPORATIE])
        .values_list("organisation__kind", "organisation__slug", "organisation__name")
        .distinct()
        .order_by("organisation__name")
    )
    choices: dict[str, list[tuple[str, str]]] = {"gemeente": [], "corporatie": []}
    for kind, slug, name in rows:
        key = "gemeente" if kind == OrganisationKind.GEMEENTE else "corporatie"
        choices[key].append((slug, name))
    return choices


# Cycles --------------------------------------------------------------------------------------


def public_cycles() -> QuerySet[Cycle]:
    """Cycles of active gemeenten. Public: the year, the parties and the statutory dates."""
    return (
        Cycle.objects.filter(gemeente__status=OrganisationStatus.ACTIVE)
        .select_related("gemeente")
        .order_by("-year", "gemeente__name", "pk")
    )


def cycles_for_organisation(organisation: Organisation) -> QuerySet[Cycle]:
    ids = Cycle.participants.through.objects.filter(organisation=organisation).values("cycle_id")
    return public_cycles().filter(Q(gemeente=organisation) | Q(pk__in=ids))


def public_cycle_get(cycle_id) -> Cycle:
    try:
        return public_cycles().get(uuid=parse_uuid(cycle_id))
    except (Cycle.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def published_clauses(agreement: Agreement):
    """The clauses (articles) of a published agreement: part of the signed text."""
    from driehoek.agreements.models import Clause

    return Clause.objects.filter(_published("agreement__"), agreement=agreement).order_by(
        "order", "pk"
    )


def signed_parties(agreement: Agreement) -> dict[int, object]:
    """When each party signed (organisation id → date). Names of signatories stay private."""
    from driehoek.agreements.models import Decision, Signature

    publication = agreement.publication
    return dict(
        Signature.objects.filter(version_id=publication.version_id, decision=Decision.SIGNED)
        .filter(_published("version__agreement__"))
        .values_list("organisation_id", "signed_at")
    )


# The parties' decision (for the parties, not public): in selectors_decisions, re-exported.
from .selectors_decisions import (  # noqa: E402
    consent_organisation_ids,
    decision_history,
    parties_with_consent,
    publication_of,
    signed_agreements_for_user,
)

__all__ = [
    "consent_organisation_ids",
    "decision_history",
    "parties_with_consent",
    "publication_of",
    "signed_agreements_for_user",
]
