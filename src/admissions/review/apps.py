from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    name = "admissions.review"
    label = "review"
    verbose_name = _("Review and interviews")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from admissions.review import chair  # noqa: F401  (registers the overdue-reminders job)
        from admissions.review.interviews import reminders  # noqa: F401  (the tick producer)
