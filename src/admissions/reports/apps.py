from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reads across applications for staff: the application list and its exports, and the
    filters people save for it."""

    name = "admissions.reports"
    label = "reports"
    verbose_name = "Reports"
