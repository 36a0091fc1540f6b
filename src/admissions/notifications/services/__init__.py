"""Everything that changes the state of notifications. Other apps call these functions.

``queue_message`` is the one path every email takes; ``send_once`` is the same with a
reminder's key; ``emit_event`` records signed webhook deliveries for integrations.
"""

from admissions.notifications.services.delivery import (
    DeliveryReport,
    deliver_due_messages,
    deliver_messages,
    mark_stale_sending_uncertain,
)
from admissions.notifications.services.digests import send_daily_digests, set_digest_preference
from admissions.notifications.services.outbox import (
    Attachment,
    clear_bounce,
    mark_bounced,
    mark_read,
    queue_message,
    resend_message,
    send_once,
)
from admissions.notifications.services.templates import (
    delete_email_template,
    save_email_template,
)
from admissions.notifications.services.webhooks import (
    WEBHOOK_EVENTS,
    deliver_due_webhooks,
    deliver_webhooks,
    emit_event,
    replay_delivery,
)

__all__ = [
    "WEBHOOK_EVENTS",
    "Attachment",
    "DeliveryReport",
    "clear_bounce",
    "delete_email_template",
    "deliver_due_messages",
    "deliver_due_webhooks",
    "deliver_messages",
    "deliver_webhooks",
    "emit_event",
    "mark_bounced",
    "mark_read",
    "mark_stale_sending_uncertain",
    "queue_message",
    "replay_delivery",
    "resend_message",
    "save_email_template",
    "send_daily_digests",
    "send_once",
    "set_digest_preference",
]
