from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "driehoek.publication"
    label = "publication"
