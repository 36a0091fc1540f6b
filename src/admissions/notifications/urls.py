from django.urls import path

from admissions.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:public_id>/", views.message, name="message"),
    path("<uuid:public_id>/attachments/<int:index>/", views.attachment, name="attachment"),
]
