from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "driehoek.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from django.utils.translation import ngettext_lazy

        from driehoek.core.audit_text import register

        register(
            {
                "organisations.invitation.created": _("Invited {email} as {role}"),
                "organisations.invitation.revoked": _("Withdrew the invitation of {email}"),
                "organisations.membership.created": _("{user} joined as {role}"),
                "organisations.membership.role_changed": _(
                    "Changed the role of {user} from {old} to {new}"
                ),
                "organisations.membership.removed": _("Removed {user} ({role})"),
                "organisations.organisation.updated": _("Changed the details: {fields}"),
                "organisations.organisation.registered": _("Registered the organisation"),
                "organisations.organisation.approved": _("Approved the registration"),
                "organisations.organisation.rejected": _("Rejected the registration"),
                "organisations.organisation.created": _("Added the organisation"),
                "organisations.work_area.changed": _(
                    "Changed the work area ({added} added, {removed} removed)"
                ),
                "organisations.work_area.added": _("Added {gemeente} to the work area"),
                "organisations.work_area.added_several": ngettext_lazy(
                    "Added {count} municipality to the work area: {added}",
                    "Added {count} municipalities to the work area: {added}",
                    "count",
                ),
                "organisations.work_area.homes_changed": _(
                    "Changed the homes in {gemeente} from {from} to {to}"
                ),
                "organisations.work_area.removed": _("Removed {gemeente} from the work area"),
                "organisations.representation.changed": _(
                    "Changed the housing associations represented ({added} added, {removed} removed)"
                ),
                "organisations.region.members_changed": _("Set the region's members ({count})"),
                "accounts.user.created": _("Created an account"),
            }
        )
