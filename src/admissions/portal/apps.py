from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "admissions.portal"
    label = "portal"
