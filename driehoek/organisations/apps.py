from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "driehoek.organisations"
    label = "organisations"
