from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """Installed for its management commands and scheduled jobs; it holds no models."""

    name = "admissions.workflows"
    label = "workflows"
    verbose_name = "Workflows"

    def ready(self) -> None:
        from admissions.workflows.privacy import retention  # noqa: F401  (registers tick jobs)
