from django.urls import include, path

from admissions.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("eligibility/", include("admissions.backoffice.eligibility_urls")),
]
