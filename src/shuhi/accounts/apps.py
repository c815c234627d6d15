from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shuhi.accounts"
    label = "accounts"
