from django.urls import path

from admissions.portal import quote_views as views

app_name = "quotes"

urlpatterns = [
    path("applications/<str:reference>/quotes/", views.quote_list, name="list"),
    path(
        "applications/<str:reference>/quotes/<uuid:public_id>.pdf",
        views.quote_pdf,
        name="pdf",
    ),
    path("applications/<str:reference>/quotes/<str:key>/", views.quote_detail, name="detail"),
]
