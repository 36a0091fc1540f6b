from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "admissions.accounts"
    label = "accounts"
    verbose_name = "Accounts"
