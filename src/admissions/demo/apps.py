from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for `make demo`: sits above every domain app and only calls their services."""

    name = "admissions.demo"
    label = "demo"
