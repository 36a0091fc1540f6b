from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "admissions.decisions"
    label = "decisions"
    verbose_name = _("Decisions, offers and the waiting list")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registers the tick jobs (release, expiry) and the offer reminders' producer.
        from admissions.decisions import scheduled  # noqa: F401
