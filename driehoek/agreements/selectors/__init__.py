"""Permission-aware reads. Views fetch domain objects only through these.

``need`` is ``"view"`` or a role (viewer, editor, signatory, admin). Outsiders (no membership
in any party) get 404; members whose role is too weak get 403. Staff may view everything, but
do not act for a party. The organisations the user may act for are put on the object as
``acting`` (a list of Organisation).

A package by topic; everything is re-exported here, so callers use ``selectors.<name>``:
``access`` (who may read, for which parties the user acts), ``preparation`` (cycles,
woonvisies, bods), ``agreements`` (agreements, versions, disputes, information requests) and
``regions`` (regional agreements, an agreement's regions); the overviews come from
``overview`` and the recording reads from ``selectors_recording``.
"""

from __future__ import annotations

from ..overview import (  # noqa: F401
    acting_parties,
    agreement_children,
    agreement_disputes,
    clause_choices,
    comment_get,
    commitment_choices,
    commitment_links,
    cycle_agreements,
    cycle_disputes,
    cycle_information_requests,
    discussion_of,
    dossier,
    gemeenten_to_start_cycle,
    history,
    interest_org_ids,
    interests_of,
    latest_final_decisions,
    missing_signatures,
    open_inforequests_for_user,
    open_point_get,
    open_points_for_user,
    open_points_of,
    open_proposals,
    parent_choices,
    party_candidates,
    party_rows,
    pdf_content,
    proposal_get,
    sent_bods,
    signing_state,
    to_sign_for_user,
    unresolved_open_points,
    version_numbers,
    versions_by_number,
    waiting_for_signatures,
    with_open_point_count,
    woonvisie_goals,
)
from ..selectors_recording import (  # noqa: F401
    agreement_get_for_recording,
    agreement_with_recorders,
    bod_get_for_recording,
    cycle_get_for_parties,
    cycle_participant_candidates,
    linkable_bods,
    linked_bod_lines,
    next_slice_year,
    recordable_gemeenten,
    recordable_parties,
    recording_state,
)
from .access import VIEW, _acting, _orgs, _role_for, user_org_ids  # noqa: F401
from .agreements import (  # noqa: F401
    agreement_clauses,
    agreement_commitments,
    agreement_get_for_user,
    agreement_list_for_user,
    agreement_party_get,
    clause_get,
    commitment_get,
    dispute_get_for_user,
    final_version,
    inforequest_get_for_user,
    inforequest_list_for_user,
    latest_version,
    open_agreement_statuses,
    signature_get,
    signatures_for,
    targets_for,
    version_decisions,
    version_get,
    version_waiting_for,
)
from .preparation import (  # noqa: F401
    bod_get_for_user,
    bods_for_cycle,
    cycle_get_for_user,
    cycle_list_for_user,
    cycle_party_ids,
    cycle_viewer_ids,
    woonvisie_current,
    woonvisie_get_for_user,
)
from .regions import agreements_for_region, regions_for_agreement  # noqa: F401
