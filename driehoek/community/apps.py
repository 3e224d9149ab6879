from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class CommunityConfig(AppConfig):
    name = "driehoek.community"
    label = "community"
    verbose_name = _("Community of Practice")

    def ready(self) -> None:
        from driehoek.core import audit_text

        audit_text.register(
            {
                "community.registration.created": _("Someone signed up (waiting for confirmation)"),
                "community.registration.confirmed": _("A sign-up was confirmed"),
                "community.registration.updated": _("A sign-up was changed"),
                "community.registration.cancelled": _("A sign-up was cancelled"),
                "community.registration.erased": _(
                    "Personal data of a sign-up was deleted on request"
                ),
                "community.registration.link_resent": _("The personal link was sent again"),
                "community.registrations.anonymised": _(
                    "{count} sign-ups were anonymised after the retention period"
                ),
                "community.team.created": _("A team of {members} signed up together"),
                "community.seat.promoted": _(
                    "Someone got a place at {meeting} from the waiting list"
                ),
                "community.seat.cancelled": _("A place at {meeting} was cancelled"),
                "community.seat.checked_in": _("Someone was checked in at {meeting}"),
                "community.seat.check_in_undone": _("A check-in at {meeting} was undone"),
                "community.message.sent": ngettext_lazy(
                    "A message was sent to {recipients} person",
                    "A message was sent to {recipients} people",
                    "recipients",
                ),
                "community.community.created": _("Community {target} was created"),
                "community.community.updated": _("Community {target} was changed"),
                "community.meeting.created": _("Meeting {target} was added"),
                "community.meeting.updated": _("Meeting {target} was changed"),
                "community.agenda_item.created": _("Agenda item {target} was added"),
                "community.material.created": _("Material {target} was added"),
                "community.question.created": _("A question was added"),
                "community.question.updated": _("A question was changed"),
                "community.knowledge.created": _("Knowledge item {target} was added"),
                "community.knowledge.updated": _("Knowledge item {target} was changed"),
            }
        )
