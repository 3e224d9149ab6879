from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationConfig(AppConfig):
    name = "driehoek.publication"
    label = "publication"
    verbose_name = _("Publication")

    def ready(self):
        from driehoek.core.audit_text import register

        register(
            {
                "publication.consent.given": _("{organisation} agreed to publish {target}"),
                "publication.consent.withdrawn": _(
                    "{organisation} withdrew its consent to publish {target}"
                ),
                "publication.agreement.published": _("{target} was published"),
            }
        )
