from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "admissions.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from admissions.notifications import scheduled  # noqa: F401  (registers tick jobs)
