from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "driehoek.accounts"
    label = "accounts"
