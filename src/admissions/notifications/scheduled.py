"""Scheduled jobs of the notifications app, run by ``manage.py tick``.

``run_due_jobs`` runs each job inside a transaction holding the job's lock, so these jobs
only write rows (reminders, digests, state changes) and *queue* delivery tasks after that
transaction commits: sending mail inside a transaction would undo the at-most-once
bookkeeping if the transaction rolled back.
"""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.db import transaction

from admissions.core.schedule import register
from admissions.notifications.models import (
    MessageStatus,
    OutboxMessage,
    WebhookDelivery,
    WebhookStatus,
)
from admissions.notifications.reminders import run_reminders
from admissions.notifications.services import mark_stale_sending_uncertain, send_daily_digests

# Several batches may be queued at once so that several workers share a backlog.
MAX_BATCHES_PER_TICK = 20


def _enqueue_sweeps(messages: int, webhooks: int) -> None:
    from admissions.notifications import tasks

    for _ in range(messages):
        tasks.deliver_due_messages.enqueue()
    for _ in range(webhooks):
        tasks.deliver_due_webhooks.enqueue()


@register("notifications.dispatch", every=dt.timedelta(minutes=1))
def dispatch_due(now: dt.datetime) -> str:
    """Queue delivery sweeps for due messages and webhooks (retries, lost tasks)."""
    due_messages = OutboxMessage.objects.filter(
        status=MessageStatus.QUEUED, next_attempt_at__lte=now
    ).count()
    due_webhooks = WebhookDelivery.objects.filter(
        status=WebhookStatus.PENDING, next_attempt_at__lte=now
    ).count()
    message_batches = min(
        MAX_BATCHES_PER_TICK, math.ceil(due_messages / settings.OUTBOX_BATCH_SIZE)
    )
    webhook_batches = min(MAX_BATCHES_PER_TICK, math.ceil(due_webhooks / 100))
    if message_batches or webhook_batches:
        transaction.on_commit(lambda: _enqueue_sweeps(message_batches, webhook_batches))
    return (
        f"{due_messages} messages due ({message_batches} batches queued), "
        f"{due_webhooks} webhooks due ({webhook_batches} batches queued)"
    )


@register("notifications.mark_uncertain", every=dt.timedelta(minutes=5))
def mark_uncertain(now: dt.datetime) -> str:
    return f"{mark_stale_sending_uncertain(now=now)} messages marked uncertain"


@register("notifications.reminders", every=dt.timedelta(minutes=30))
def reminders(now: dt.datetime) -> str:
    return str(run_reminders(now=now))


@register("notifications.staff_digests", every=dt.timedelta(minutes=15))
def staff_digests(now: dt.datetime) -> str:
    return f"{send_daily_digests(now=now)} digests queued"
