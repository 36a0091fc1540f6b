"""The applicant's documents and referees pages, and the referee's page (no account)."""

from django.urls import path

from admissions.documents import referee_views, views

app_name = "documents"

urlpatterns = [
    path("applications/<str:reference>/documents/", views.checklist, name="checklist"),
    path("applications/<str:reference>/documents/upload/", views.upload, name="upload"),
    path("applications/<str:reference>/documents/reuse/", views.reuse, name="reuse"),
    path(
        "applications/<str:reference>/documents/<uuid:public_id>/",
        views.download,
        name="download",
    ),
    path(
        "applications/<str:reference>/documents/<uuid:public_id>/remove/",
        views.remove,
        name="remove",
    ),
    path("applications/<str:reference>/referees/", referee_views.referee_list, name="referees"),
    path(
        "applications/<str:reference>/referees/<uuid:public_id>/remind/",
        referee_views.remind,
        name="referee_remind",
    ),
    path(
        "applications/<str:reference>/referees/<uuid:public_id>/replace/",
        referee_views.replace,
        name="referee_replace",
    ),
    path("references/<str:token>/", referee_views.reference_letter, name="reference"),
]
