from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "driehoek.agreements"
    label = "agreements"
