"""However many workers run, each message is delivered by one of them, once."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from admissions.notifications.events import get_event
from admissions.notifications.models import MessageStatus, OutboxMessage
from admissions.notifications.services import deliver_due_messages, queue_message
from admissions.notifications.services.delivery import begin_sending, claim_messages

from .conftest import needs_postgresql

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SAMPLE = get_event("decision_waitlisted").sample


def queue_many(count: int) -> list[int]:
    with transaction.atomic():
        return [
            queue_message(
                recipient_email=f"applicant{number}@example.org",
                template="decision_waitlisted",
                context=SAMPLE,
                language="en",
                idempotency_key=f"decision:{number}:waitlisted",
            ).pk
            for number in range(count)
        ]


def test_two_claims_never_share_a_message_on_any_database():
    ids = queue_many(10)
    now = timezone.now()

    first = claim_messages(now=now, limit=6, worker="worker-a")
    second = claim_messages(now=now, limit=6, worker="worker-b")

    assert len(first) == 6 and len(second) == 4
    assert set(first) | set(second) == set(ids)
    assert set(first) & set(second) == set()


def test_a_worker_cannot_start_sending_a_message_claimed_by_another():
    [message_id] = queue_many(1)
    now = timezone.now()
    claim_messages(now=now, limit=1, worker="worker-a")

    assert begin_sending(message_id=message_id, worker="worker-b", now=now) is None
    assert begin_sending(message_id=message_id, worker="worker-a", now=now) is not None
    assert begin_sending(message_id=message_id, worker="worker-a", now=now) is None


@needs_postgresql
def test_four_concurrent_workers_deliver_each_message_exactly_once():
    ids = queue_many(120)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []
    sent_by_worker: list[int] = []

    def worker() -> None:
        try:
            barrier.wait(timeout=10)
            total = 0
            while True:
                report = deliver_due_messages(limit=7)
                total += report.sent
                if report.sent == 0 and report.skipped == 0:
                    break
            sent_by_worker.append(total)
        except BaseException as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(sent_by_worker) == len(ids)
    recipients = [email.to[0] for email in mail.outbox]
    assert len(recipients) == len(set(recipients)) == len(ids)
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}
    assert len([count for count in sent_by_worker if count]) > 1, "one worker did everything"
