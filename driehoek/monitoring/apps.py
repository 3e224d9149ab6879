from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "driehoek.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self):
        from driehoek.agreements.hooks import register_agreement_changed
        from driehoek.agreements.selectors.worklist import register_agreement_waits
        from driehoek.core.audit_text import register

        from .selectors_worklist import progress_waits
        from .summaries import refresh_agreements

        # The dashboards' summaries follow an agreement's status in the same transaction.
        register_agreement_changed(refresh_agreements)

        # The werkplek (agreements) shows the progress each organisation has to report.
        register_agreement_waits(progress_waits)

        register(
            {
                "monitoring.settings.updated": _(
                    "Monitoring settings of {target} changed: {frequency}"
                ),
                "monitoring.report.created": _(
                    "Progress on {reference} for {period} reported: {realised} ({status})"
                ),
                "monitoring.report.updated": _(
                    "Progress on {reference} for {period} corrected from {previous} to {realised} ({status})"
                ),
                "monitoring.report.confirmed": _(
                    "{organisation} confirmed the figure for {period}"
                ),
                "monitoring.report.contested": _(
                    "{organisation} contested the figure for {period}: {reason}"
                ),
                "monitoring.import.completed": _(
                    "Progress imported for {target}: {created} new, {updated} changed"
                ),
                "monitoring.evaluation.updated": _(
                    "{organisation} worked on the evaluation {year}"
                ),
                "monitoring.evaluation.completed": _("Evaluation {year} completed"),
                "monitoring.evaluation.carried_over": _(
                    "{count} unmet commitment(s) carried over to {to}"
                ),
                "monitoring.financial_room.recorded": _("Financial room {year} recorded"),
                "monitoring.financial_room.updated": _("Financial room {year} changed"),
            }
        )
