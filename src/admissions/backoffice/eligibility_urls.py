"""Staff eligibility pages. Mounted by ``backoffice/urls.py`` with
``path("eligibility/", include("admissions.backoffice.eligibility_urls"))``, so under
``/staff/eligibility/`` with the namespace ``backoffice:eligibility``."""

from django.urls import path

from admissions.backoffice import eligibility_views

app_name = "eligibility"

urlpatterns = [
    path(
        "applications/<str:reference>/",
        eligibility_views.application_page,
        name="application",
    ),
    path(
        "applications/<str:reference>/override/",
        eligibility_views.override,
        name="override",
    ),
    path("applications/<str:reference>/decide/", eligibility_views.decide, name="decide"),
    path(
        "intakes/<slug:programme>/<int:year>/rerun/",
        eligibility_views.rerun,
        name="rerun",
    ),
]
