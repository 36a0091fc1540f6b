from django.urls import path

from admissions.notifications import staff_views

app_name = "notifications_staff"

urlpatterns = [
    path("", staff_views.attention, name="attention"),
    path("messages/<uuid:public_id>/resend/", staff_views.resend, name="resend"),
    path("bounces/clear/", staff_views.clear_bounce, name="clear-bounce"),
    path("webhooks/<uuid:public_id>/replay/", staff_views.replay_webhook, name="replay-webhook"),
    path("templates/", staff_views.template_list, name="templates"),
    path("templates/<slug:event>/<slug:language>/", staff_views.template_edit, name="template"),
    path(
        "templates/<slug:event>/<slug:language>/preview.html",
        staff_views.template_preview_html,
        name="template-preview",
    ),
]
