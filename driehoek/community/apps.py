from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "driehoek.community"
    label = "community"
