from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "admissions.backoffice"
    label = "backoffice"
