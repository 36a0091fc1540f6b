"""Staff documents pages, under /staff/documents/ (MFA required by the middleware)."""

from django.urls import path

from admissions.documents import staff_views

app_name = "documents_staff"

urlpatterns = [
    path("waiting/", staff_views.waiting, name="waiting"),
    path("<str:reference>/", staff_views.application_documents, name="application"),
    path("<str:reference>/merged/", staff_views.request_merged, name="request_merged"),
    path(
        "<str:reference>/merged/<uuid:public_id>/",
        staff_views.download_merged,
        name="download_merged",
    ),
    path("<str:reference>/<uuid:public_id>/", staff_views.download, name="download"),
    path("<str:reference>/<uuid:public_id>/review/", staff_views.review, name="review"),
]
