"""The finance dashboard and its CSV export, mounted at ``/staff/finance/reports/`` by the
project's urls with the namespace ``finance_reports``."""

from django.urls import path

from admissions.backoffice import finance_report_views

app_name = "finance_reports"

urlpatterns = [
    path("", finance_report_views.dashboard, name="dashboard"),
    path("export.csv", finance_report_views.export, name="export"),
]
