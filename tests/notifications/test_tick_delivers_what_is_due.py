"""`manage.py tick` queues delivery sweeps for due messages: retries go out without anyone
calling delivery by hand, and a message whose task was lost is not lost."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from admissions.core.schedule import run_due_jobs
from admissions.notifications.events import get_event
from admissions.notifications.models import MessageStatus
from admissions.notifications.services import queue_message

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_message_whose_delivery_task_was_lost_goes_out_at_the_next_tick(mail_queue):
    with transaction.atomic():
        message = queue_message(
            recipient_email="camille@example.org",
            template="offer_expiring",
            context=get_event("offer_expiring").sample,
            language="en",
            idempotency_key="offer:PMAI-2027-00042:expiring:3d",
        )
    DBTaskResult.objects.all().delete()  # the worker machine lost its queue

    results = run_due_jobs(now=timezone.now() + dt.timedelta(seconds=1), force=True)
    mail_queue()

    assert results["notifications.dispatch"].startswith("1 messages due (1 batches queued)")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1


def test_nothing_due_queues_nothing():
    results = run_due_jobs(now=timezone.now(), force=True)

    assert results["notifications.dispatch"] == (
        "0 messages due (0 batches queued), 0 webhooks due (0 batches queued)"
    )
    assert DBTaskResult.objects.count() == 0
