from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "driehoek.core"
    label = "core"
