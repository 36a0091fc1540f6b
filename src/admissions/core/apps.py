from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "admissions.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from admissions.core import housekeeping  # noqa: F401  (registers scheduled jobs)
