"""Mounted at ``/api/v1/`` by the project's urls; the namespace is ``api``."""

from admissions.api.api import api

urlpatterns, _app_name, _namespace = api.urls
app_name = api.urls_namespace
