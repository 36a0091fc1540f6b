"""The outbox, templates, bounces and webhooks in the administration site.

Messages are read-only here (nothing is lost: no deletion either); staff act on them through
the "resend" and "replay" actions, which call the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from admissions.core.errors import DomainError
from admissions.notifications import events, services
from admissions.notifications.models import (
    BouncedAddress,
    EmailTemplate,
    NotificationPreference,
    OutboxMessage,
    WebhookDelivery,
    WebhookEndpoint,
)
from admissions.notifications.services.webhooks import WEBHOOK_EVENTS


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "recipient_email",
        "template_language",
        "status",
        "attempts",
        "next_attempt_at",
        "template_fallback",
    ]
    list_filter = ["status", "event", "template_language", "template_fallback"]
    search_fields = ["recipient_email", "idempotency_key", "subject", "=public_id"]
    ordering = ["-created_at"]
    actions = ["resend"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Resend the selected dead, uncertain or bounced messages")
    def resend(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        resent = 0
        for message in queryset:
            try:
                services.resend_message(message=message, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{message.recipient_email}: {error}", messages.WARNING)
            else:
                resent += 1
        if resent:
            self.message_user(request, f"{resent} messages queued again.", messages.SUCCESS)


class EmailTemplateForm(forms.ModelForm):
    event = forms.ChoiceField(choices=events.event_choices)

    class Meta:
        model = EmailTemplate
        fields = ["event", "language", "subject", "body"]


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    form = EmailTemplateForm
    list_display = ["event", "language", "subject", "updated_by", "updated_at"]
    list_filter = ["language", "event"]
    readonly_fields = ["updated_by", "updated_at", "preview"]

    def save_model(self, request: HttpRequest, obj: EmailTemplate, form: Any, change: bool) -> None:
        # The model's clean() already refused templates that do not compile (with the line).
        obj.updated_by = request.user  # type: ignore[assignment]  # admin users are signed in
        super().save_model(request, obj, form, change)

    @admin.display(description="Preview")
    def preview(self, obj: EmailTemplate) -> str:
        if not obj.pk:
            return "Save first, then preview with the event's sample values."
        url = reverse(
            "staff:notification-template",
            kwargs={"event": obj.event, "language": obj.language},
        )
        return format_html('<a href="{}">Preview and edit on the staff page</a>', url)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "digest", "updated_at"]
    list_filter = ["digest"]
    search_fields = ["user__email"]
    raw_id_fields = ["user"]


@admin.register(BouncedAddress)
class BouncedAddressAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "bounced_at", "bounce_count"]
    search_fields = ["email"]
    readonly_fields = ["bounced_at", "bounce_count"]
    actions = ["clear"]

    @admin.action(description="The addresses are correct again: allow mail to them")
    def clear(self, request: HttpRequest, queryset: QuerySet[BouncedAddress]) -> None:
        for bounce in queryset:
            services.clear_bounce(email=bounce.email, actor=request.user)
        self.message_user(request, "Mail may go to these addresses again.", messages.SUCCESS)


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=[(event, event) for event in WEBHOOK_EVENTS],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "is_active", "secret"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "description", "is_active", "created_at"]
    list_filter = ["is_active"]

    def save_model(
        self, request: HttpRequest, obj: WebhookEndpoint, form: Any, change: bool
    ) -> None:
        if not change:
            obj.created_by = request.user  # type: ignore[assignment]  # admin users are signed in
        super().save_model(request, obj, form, change)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "event",
        "endpoint",
        "status",
        "attempts",
        "response_code",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event", "endpoint"]
    search_fields = ["=public_id"]
    actions = ["replay"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="Replay the selected deliveries")
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        for delivery in queryset:
            services.replay_delivery(delivery=delivery, actor=request.user)
        self.message_user(request, f"{queryset.count()} deliveries queued again.", messages.SUCCESS)
