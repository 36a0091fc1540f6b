from django.urls import path

from admissions.backoffice import quote_views as views

app_name = "staff_quotes"

urlpatterns = [
    path("", views.quote_list, name="list"),
    path("<uuid:public_id>.pdf", views.quote_pdf, name="pdf"),
    path("<uuid:public_id>/", views.quote_detail, name="detail"),
]
