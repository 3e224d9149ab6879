from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "driehoek.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self):
        from driehoek.core.audit_text import register

        register(
            {
                "agreements.cycle.created": _("Cycle {target} started"),
                "agreements.cycle.updated": _("Cycle {target} changed: {fields}"),
                "agreements.woonvisie.created": _("Woonvisie {target} recorded"),
                "agreements.woonvisie.goal_added": _("Goal on {theme} added to the woonvisie"),
                "agreements.interest.recorded": _(
                    "{organisation} recorded its interests on {theme}"
                ),
                "agreements.bod.created": _("Bod {target} drafted"),
                "agreements.bod.section_saved": _("Explanation on {theme} saved in the bod"),
                "agreements.bod.line_added": _("Activity on {theme} added to the bod"),
                "agreements.bod.consultation_recorded": _(
                    "Tenant consultation on the bod recorded ({date})"
                ),
                "agreements.bod.sent": _("Bod {target} sent to the municipality and tenants"),
                "agreements.agreement.created": _("Agreement {target} created ({kind})"),
                "agreements.party.added": _("{organisation} added as a party"),
                "agreements.party.removed": _("{organisation} removed as a party"),
                "agreements.party.signing_role_chosen": _("{organisation} chose: {role}"),
                "agreements.party.ready": _("{organisation} is ready to sign"),
                "agreements.party.ready_withdrawn": _(
                    "{organisation} withdrew its readiness to sign"
                ),
                "agreements.clause.created": _("Clause “{clause}” added"),
                "agreements.clause.updated": _("Clause “{clause}” changed"),
                "agreements.commitment.created": _("Commitment {reference} “{title}” added"),
                "agreements.commitment.updated": _("Commitment {reference} “{title}” changed"),
                "agreements.commitment.deleted": _("Commitment {reference} “{title}” removed"),
                "agreements.comment.added": _("Comment on {on}"),
                "agreements.position.recorded": _("Position on {on}: {stance}"),
                "agreements.open_point.added": _("Open point “{title}” added"),
                "agreements.open_point.resolved": _("Open point “{title}” resolved"),
                "agreements.proposal.created": _("Change proposed for {on}"),
                "agreements.proposal.accepted_by": _(
                    "{organisation} accepted the proposal for {on}"
                ),
                "agreements.proposal.accepted": _(
                    "Proposal for {on} accepted by every signing party: the text changed"
                ),
                "agreements.proposal.rejected": _("Proposal for {on} rejected by {organisation}"),
                "agreements.version.frozen": _("Version {number} frozen (negotiation round)"),
                "agreements.version.final_frozen": _(
                    "Version {number} frozen as final version for signing"
                ),
                "agreements.version.signed": _("{organisation} signed version {number}"),
                "agreements.version.signed+successor": _(
                    "{successor} signed version {number} as successor of {organisation}"
                ),
                "agreements.version.declined": _(
                    "{organisation} declined to sign version {number}. Reason: {reason}"
                ),
                "agreements.version.declined+successor": _(
                    "{successor} declined to sign version {number} as successor of "
                    "{organisation}. Reason: {reason}"
                ),
                "agreements.agreement.concluded": _("Agreement {target} concluded"),
                "agreements.agreement.reopened": _("Negotiation reopened: {reason}"),
                "agreements.agreement.slice_created": _("Annual slice {year} made from {target}"),
                "agreements.agreement.addendum_created": _("Addendum made to {target}"),
                "agreements.agreement.submitted": _("Agreement {target} submitted"),
                "agreements.agreement.package_sent": _("Submission package sent to {recipient}"),
                "agreements.dispute.started": _(
                    "{organisation} started a dispute (art. 44 Woningwet)"
                ),
                "agreements.dispute.status_changed": _(
                    "Dispute status changed from {old} to {new}"
                ),
                "agreements.inforequest.created": _("Information request sent"),
                "agreements.inforequest.answered": _("Information request answered"),
            }
        )
