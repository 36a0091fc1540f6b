"""Reads for the inbox and the staff pages."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.db.models import Count, QuerySet
from django.template import TemplateSyntaxError
from django.utils.translation import gettext as _

from admissions.core.errors import NotFound
from admissions.notifications import events
from admissions.notifications.errors import TemplateError
from admissions.notifications.models import (
    NEEDS_ATTENTION,
    BouncedAddress,
    EmailTemplate,
    OutboxMessage,
    WebhookDelivery,
    WebhookStatus,
)
from admissions.notifications.rendering import (
    LANGUAGES,
    has_file_templates,
    normalise_language,
    render_subject,
)

logger = logging.getLogger(__name__)

INBOX_FIELDS = (
    "public_id",
    "event",
    "subject",
    "created_at",
    "read_at",
    "user_id",
    "context",
    "template_language",
)


def _hidden_from_inbox() -> list[str]:
    return [spec.code for spec in events.all_events() if not spec.in_inbox]


def inbox_for(user: Any) -> QuerySet[OutboxMessage]:
    """The messages addressed to ``user``, newest first."""
    if not getattr(user, "is_authenticated", False):
        return OutboxMessage.objects.none()
    return (
        OutboxMessage.objects.filter(user=user)
        .exclude(event__in=_hidden_from_inbox())
        .only(*INBOX_FIELDS)
        .order_by("-created_at", "-id")
    )


def subject_for_reader(message: OutboxMessage, language: str) -> str:
    """The subject a page shows: in the page's ``language`` (a person who reads the portal in
    French sees French subjects), rendered again from the message's stored values; as sent
    when it was written in that language, or when its templates can no longer render it."""
    language = normalise_language(language)
    if language == message.template_language or language not in LANGUAGES:
        return message.subject
    try:
        return render_subject(event=message.event, language=language, context=message.context)
    except (TemplateError, TemplateSyntaxError):
        logger.warning("The subject of message %s could not be rendered again.", message.pk)
        return message.subject


def unread_count(user: Any) -> int:
    return inbox_for(user).filter(read_at__isnull=True).count()


def inbox_message(*, user: Any, public_id: uuid.UUID | str) -> OutboxMessage:
    """One message of ``user``'s inbox; another person's message does not exist."""
    message = (
        OutboxMessage.objects.filter(user=user, public_id=public_id)
        .exclude(event__in=_hidden_from_inbox())
        .first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if message is None:
        raise NotFound(_("This message does not exist."))
    return message


def messages_needing_attention() -> QuerySet[OutboxMessage]:
    """Dead, uncertain and bounced messages, for staff to resend or follow up."""
    return (
        OutboxMessage.objects.filter(status__in=NEEDS_ATTENTION)
        .defer("body_text", "body_html", "context", "attachments")
        .order_by("-created_at", "-id")
    )


def bounced_addresses() -> QuerySet[BouncedAddress]:
    return BouncedAddress.objects.order_by("-bounced_at")


def failing_webhook_deliveries() -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.filter(status=WebhookStatus.DEAD)
        .select_related("endpoint")
        .defer("payload", "attempt_log")
        .order_by("-created_at", "-id")
    )


def template_fallback_report() -> list[dict[str, Any]]:
    """How many messages fell back to English, by event and language asked for."""
    rows = (
        OutboxMessage.objects.filter(template_fallback=True)
        .values("event", "language")
        .annotate(count=Count("id"))
        .order_by("-count", "event")
    )
    return [dict(row) for row in rows]


def template_catalogue() -> list[dict[str, Any]]:
    """Every event and language with where its template comes from."""
    overrides = set(EmailTemplate.objects.values_list("event", "language"))
    rows = []
    for spec in events.all_events():
        for language in LANGUAGES:
            if (spec.code, language) in overrides:
                origin = "database"
            elif has_file_templates(spec.code, language):
                origin = "file"
            else:
                origin = "missing"
            rows.append({"event": spec.code, "language": language, "origin": origin, "spec": spec})
    return rows
