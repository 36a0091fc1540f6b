"""The project's URLs plus one sensitive page and one sensitive API-like endpoint built with
``StaffReauthenticationRequiredMixin``, as a later feature (releasing decisions) will."""

from django.http import HttpResponse
from django.urls import path
from django.views import View

from admissions.accounts.reauthentication import StaffReauthenticationRequiredMixin
from admissions.urls import handler429  # noqa: F401
from admissions.urls import urlpatterns as project_urlpatterns


class ReleaseDecisions(StaffReauthenticationRequiredMixin, View):
    def post(self, request):
        return HttpResponse("released")


urlpatterns = [
    path("staff/test-release/", ReleaseDecisions.as_view(), name="test-release"),
    path("api/v1/test-release", ReleaseDecisions.as_view(), name="test-release-api"),
    *project_urlpatterns,
]
