"""The applicant's application fee pages (namespace ``fees``, mounted at the site root)."""

from django.urls import path

from admissions.portal import fee_views as views

app_name = "fees"

urlpatterns = [
    path("applications/<str:reference>/fee/", views.fee, name="fee"),
    path(
        "applications/<str:reference>/fee/reduction/",
        views.claim_reduction,
        name="reduction",
    ),
    path("applications/<str:reference>/fee/card/", views.pay_card, name="pay-card"),
    path(
        "applications/<str:reference>/fee/return/<str:payment>/",
        views.card_return,
        name="card-return",
    ),
    path(
        "applications/<str:reference>/receipts/<str:number>.pdf",
        views.receipt,
        name="receipt",
    ),
]
