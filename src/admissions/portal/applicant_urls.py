from django.urls import path

from admissions.portal import applicant_views as views

app_name = "applicant"

urlpatterns = [
    path("me/", views.dashboard, name="dashboard"),
    path("me/profile/", views.profile_overview, name="profile"),
    path("me/profile/<str:kind>/add/", views.profile_row_edit, name="profile-row-add"),
    path("me/profile/<str:kind>/<int:pk>/edit/", views.profile_row_edit, name="profile-row-edit"),
    path(
        "me/profile/<str:kind>/<int:pk>/remove/",
        views.profile_row_remove,
        name="profile-row-remove",
    ),
    # One address per section: identity, languages, … and the lists (education, …).
    path("me/profile/<str:section>/", views.profile_page, name="profile-section"),
    path("me/profile/<str:section>/", views.profile_page, name="profile-rows"),
    path("programmes/<slug:slug>/apply/", views.apply, name="apply"),
    path("applications/<str:reference>/", views.application_status, name="application"),
    path("applications/<str:reference>/step/<str:step>/", views.step, name="step"),
    path("applications/<str:reference>/submit/", views.submit, name="submit"),
    path("applications/<str:reference>/submitted/", views.submitted, name="submitted"),
    path("applications/<str:reference>/receipt.pdf", views.receipt_pdf, name="receipt"),
    path("applications/<str:reference>/withdraw/", views.withdraw, name="withdraw"),
]
