from django.urls import path

from admissions.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/", views.catalogue, name="catalogue"),
    path("programmes/<slug:slug>/", views.programme, name="programme"),
    path("after-login/", views.after_login, name="after-login"),
]
