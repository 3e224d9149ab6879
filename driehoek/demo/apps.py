from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "driehoek.demo"
    label = "demo"
