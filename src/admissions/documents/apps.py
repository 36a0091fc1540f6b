from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "admissions.documents"
    label = "documents"
    verbose_name = _("Documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        import admissions.documents.referee_reminders  # noqa: F401  (the referees' producer)
        from admissions.documents import reminders  # noqa: F401  (registers the tick producer)
