"""Mounted at ``/api/v1/`` by the project's urls; the namespace is ``api``."""

from admissions.api.api import api
from admissions.core.edge import takes_uploads

urlpatterns, _app_name, _namespace = api.urls
app_name = api.urls_namespace

# The endpoints whose multipart body carries a file: the request edge lets their body reach the
# upload limit, and refuses multipart anywhere else in the API (JSON only).
UPLOAD_ENDPOINTS = {"upload_document"}
for _pattern in urlpatterns:
    if _pattern.name in UPLOAD_ENDPOINTS:
        takes_uploads(_pattern.callback)
