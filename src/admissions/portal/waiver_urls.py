"""The applicant's fee waiver page (namespace ``waivers``, mounted at the site's root)."""

from django.urls import path

from admissions.portal import waiver_views as views

app_name = "waivers"

urlpatterns = [
    path("applications/<str:reference>/fee/waiver/", views.request_waiver, name="request"),
    path("applications/<str:reference>/fee/waiver/withdraw/", views.withdraw, name="withdraw"),
]
