"""Background work of the notifications app, on the "mail" queue.

Each task is safe to run twice or concurrently: the claim in ``services.delivery`` decides
which worker delivers a message, and the others find nothing to do.
"""

from __future__ import annotations

from django_tasks import task

from admissions.notifications.services import delivery, webhooks


@task(queue_name="mail")
def deliver_message(message_id: int) -> str:
    """Deliver the message queued by ``queue_message`` (if still due and unclaimed), and
    other due messages with it over the same connection: when a release queues a thousand
    messages, the first tasks send them in batches and the others find nothing left to do."""
    return str(delivery.deliver_messages(first=message_id))


@task(queue_name="mail")
def deliver_due_messages() -> str:
    """Deliver a batch of due messages: retries, and any whose task was lost."""
    return str(delivery.deliver_due_messages())


@task(queue_name="mail")
def deliver_webhook(delivery_id: int) -> str:
    """Post one webhook delivery."""
    return str(webhooks.deliver_webhooks(ids=[delivery_id], limit=1))


@task(queue_name="mail")
def deliver_due_webhooks() -> str:
    """Post a batch of due webhook deliveries."""
    return str(webhooks.deliver_due_webhooks())
