"""Mounted at ``/payments/``: the card providers' webhooks and the simulator's checkout."""

from django.urls import path

from admissions.api import payment_views as views

app_name = "payments"

urlpatterns = [
    path("webhooks/<str:provider>/", views.webhook, name="webhook"),
    path("simulator/<str:session>/", views.simulator_checkout, name="simulator"),
]
