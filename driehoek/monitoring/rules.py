"""Who may do what in monitoring. Visibility stays with ``selectors`` (an agreement's progress
is fetched through agreements' ``agreement_get_for_user``: 404 for outsiders, 403 when the role
is too weak); these predicates answer the "may" question on what was found.

Roles come from ``organisations.selectors.user_memberships`` (cached on the user) and the
agreement's parties come prefetched, so the per-object predicates cost no query; only
``monitoring.view_reasonableness`` asks the database (a few EXISTS, once per page).

Staff may look at every agreement's progress and every reasonableness page, but never report,
review, evaluate, import, change settings or record a financial room for a party.
"""

from __future__ import annotations

import rules

from driehoek.agreements.models import AgreementParty
from driehoek.agreements.selectors import user_org_ids
from driehoek.core.permissions import register
from driehoek.organisations.models import Role, TenantRepresentation, WorkArea
from driehoek.organisations.selectors import has_role


def _editor_at(user, organisation) -> bool:
    return (
        user is not None and organisation is not None and has_role(user, organisation, Role.EDITOR)
    )


def _party_ids(agreement) -> list[int]:
    return [p.organisation_id for p in agreement.parties.all()]


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(user is not None and user.is_authenticated)


@rules.predicate
def is_staff(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_staff)


@rules.predicate
def edits_for(user, organisation) -> bool:
    """Editor (or a higher role) at the organisation (an Organisation or its id)."""
    return _editor_at(user, organisation)


@rules.predicate
def is_party_editor(user, agreement) -> bool:
    """Editor (or higher) at one of the agreement's parties."""
    return any(_editor_at(user, pk) for pk in _party_ids(agreement))


@rules.predicate
def is_party_member(user, agreement) -> bool:
    """Any role at one of the agreement's parties (one query per request, cached)."""
    from .selectors import party_agreement_ids

    return user is not None and agreement.pk in party_agreement_ids(user)


@rules.predicate
def is_responsible_editor(user, commitment) -> bool:
    """Editor (or higher) at the party responsible for the commitment."""
    return _editor_at(user, commitment.responsible_id)


@rules.predicate
def is_other_party_editor(user, report) -> bool:
    """Editor (or higher) at a party to the report's agreement that did not report it."""
    agreement = getattr(report, "agreement", None) or report.commitment.agreement
    return any(
        _editor_at(user, pk) for pk in _party_ids(agreement) if pk != report.reported_by_org_id
    )


@rules.predicate
def is_related_to_corporatie(user, corporatie) -> bool:
    """The corporatie's members, every organisation that shares an agreement with it, the
    gemeenten in its work area and the tenant bodies that represent its tenants."""
    if user is None or not user.is_authenticated:
        return False
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


# Dashboards per gemeente, corporatie, huurders, region and the national one: aggregates only,
# for every logged-in user (object: the organisation or region, or None).
register("monitoring.view_dashboard", is_authenticated)
# An agreement's own progress dashboard (the link on the scoped dashboards): its parties, staff.
register("monitoring.view_progress", is_staff | is_party_member)
# Per agreement: change the monitoring settings, import progress (and get the template).
register("monitoring.edit_settings", is_party_editor)
register("monitoring.import", is_party_editor)
# Per agreement: work on the yearly evaluation, complete it, carry over what was not met.
register("monitoring.evaluate", is_party_editor)
# Per commitment: report (or correct) its progress: the responsible party's editors.
register("monitoring.report_progress", is_responsible_editor)
# Per report: confirm or contest a figure: editors of the other parties.
register("monitoring.review_report", is_other_party_editor)
# Per organisation: act for it (the organisation chosen on a review or evaluation form).
register("monitoring.act_for", edits_for)
# Per corporatie: its reasonableness page, and recording its financial room.
register("monitoring.view_reasonableness", is_staff | is_related_to_corporatie)
register("monitoring.record_financial_room", edits_for)
