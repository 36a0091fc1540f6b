"""The outbox, its templates, preferences, bounces and webhooks.

Every message the platform sends is an ``OutboxMessage`` row written in the transaction of
the change that caused it. The row is also the applicant's copy in the portal inbox, so a
lost email loses nothing.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    EN = "en", _("English")
    FR = "fr", _("French")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", _("sent")
    HELD = "held", _("held for the daily digest")
    DIGESTED = "digested", _("sent in a daily digest")
    DEAD = "dead", _("dead letter")
    UNCERTAIN = "uncertain", _("uncertain (worker stopped while sending)")
    BOUNCED = "bounced", _("bounced")


# Statuses staff look at and may resend from.
NEEDS_ATTENTION = (MessageStatus.DEAD, MessageStatus.UNCERTAIN, MessageStatus.BOUNCED)


class OutboxMessage(models.Model):
    """One message to one recipient, rendered when queued and delivered by a worker."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(
        _("idempotency key"),
        max_length=255,
        unique=True,
        help_text=_("A second message queued with the same key is the same message."),
    )
    event = models.CharField(_("event"), max_length=64, db_index=True)
    recipient_email = models.EmailField(_("recipient"), db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    language = models.CharField(_("language asked for"), max_length=5)
    template_language = models.CharField(
        _("language of the template used"), max_length=5, choices=Language.choices
    )
    template_fallback = models.BooleanField(
        _("template fell back to English"),
        default=False,
        help_text=_("No template existed in the language asked for; the English one was used."),
    )
    context = models.JSONField(default=dict, blank=True)
    attachments = models.JSONField(default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)

    status = models.CharField(
        _("status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # NULL means unclaimed: the claim is "WHERE claimed_by IS NULL" in SQL.
    claimed_by = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    claimed_at = models.DateTimeField(null=True, blank=True)
    sending_started_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    digest = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digested_messages",
        help_text=_("The daily digest that carried this message."),
    )
    created_at = models.DateTimeField(_("queued"), db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The delivery claim: due queued messages, oldest first.
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            # The inbox: a user's messages, newest first.
            models.Index(fields=["user", "-created_at"], name="outbox_inbox_idx"),
        ]
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")

    def __str__(self) -> str:
        return f"{self.event} → {self.recipient_email} ({self.status})"

    @property
    def needs_attention(self) -> bool:
        return self.status in NEEDS_ATTENTION


class EmailTemplate(models.Model):
    """An administrator's version of one event's message in one language: a subject and one
    Markdown body, from which both the text and the HTML parts are built.

    It replaces the file templates ``emails/<language>/<event>/`` while it exists.
    """

    event = models.CharField(_("event"), max_length=64)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(
        _("message"),
        help_text=_(
            "Markdown: the text version is sent as written, the HTML version is built from it."
        ),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="one_template_per_event_language"
            )
        ]
        ordering = ["event", "language"]
        verbose_name = _("email template")
        verbose_name_plural = _("email templates")

    def __str__(self) -> str:
        return f"{self.event} ({self.language})"

    def clean(self) -> None:
        # Imported here: rendering reads the events registry, which imports nothing of
        # models, but keeping models free of module-level service imports avoids cycles.
        from admissions.notifications.rendering import validate_template_fields

        validate_template_fields(
            event=self.event,
            subject=self.subject,
            body=self.body,
        )


class NotificationPreference(models.Model):
    """How a person wants to hear from the platform (the language is on the user)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    digest = models.BooleanField(
        _("daily digest"),
        default=False,
        help_text=_("Gather work notifications into one email a day instead of one per item."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")

    def __str__(self) -> str:
        return f"{self.user} (digest {'on' if self.digest else 'off'})"


class BouncedAddress(models.Model):
    """An address that bounced: no more email goes to it until staff clear it."""

    email = models.EmailField(_("email address"), unique=True)
    reason = models.TextField(_("reason"))
    bounced_at = models.DateTimeField(_("bounced"))
    bounce_count = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-bounced_at"]
        verbose_name = _("bounced address")
        verbose_name_plural = _("bounced addresses")

    def __str__(self) -> str:
        return self.email


def _new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """An integration's URL and the events it wants, signed with its own secret."""

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=_new_webhook_secret,
        help_text=_("Give it to the integrator: they verify X-Admissions-Signature with it."),
    )
    events = models.JSONField(
        _("events"), default=list, help_text=_("Event names, e.g. decision.released.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("webhook endpoint")

    def __str__(self) -> str:
        return self.url


class WebhookStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    DEAD = "dead", _("failed for good")


class WebhookDelivery(models.Model):
    """One event for one endpoint; retried until it answers 2xx or runs out of attempts."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=64, db_index=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=16, choices=WebhookStatus.choices, default=WebhookStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    response_code = models.PositiveIntegerField(_("last response code"), null=True, blank=True)
    response_body = models.TextField(_("last response (excerpt)"), blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    attempt_log = models.JSONField(_("attempts log"), default=list, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    # NULL means unclaimed: the claim is "WHERE claimed_by IS NULL" in SQL.
    claimed_by = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    claimed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due_idx")]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"
