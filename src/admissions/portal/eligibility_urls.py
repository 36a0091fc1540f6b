"""The public eligibility self-check, mounted at ``/eligibility/`` (namespace
``eligibility``)."""

from django.urls import path

from admissions.portal import eligibility_views

app_name = "eligibility"

urlpatterns = [
    path("", eligibility_views.self_check, name="check"),
]
