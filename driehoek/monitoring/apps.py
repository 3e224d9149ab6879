from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "driehoek.monitoring"
    label = "monitoring"
