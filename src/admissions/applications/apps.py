from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "admissions.applications"
    label = "applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from admissions.applications import reminders  # noqa: F401  (registers the tick producer)
