"""Mail is written to the outbox in the transaction that caused it: no commit, no mail."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from admissions.notifications.events import get_event
from admissions.notifications.models import MessageStatus, OutboxMessage
from admissions.notifications.services import queue_message

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class DecisionWithdrawn(Exception):
    """The change that caused the message failed after queueing it."""


def queue_admission(key: str) -> OutboxMessage:
    return queue_message(
        recipient_email="camille@example.org",
        template="decision_admitted",
        context=get_event("decision_admitted").sample,
        language="en",
        idempotency_key=key,
    )


def test_a_message_queued_in_a_transaction_that_rolls_back_is_never_sent(mail_queue):
    with pytest.raises(DecisionWithdrawn), transaction.atomic():
        queue_admission("decision:PMAI-2027-00042:admitted")
        raise DecisionWithdrawn

    mail_queue()

    assert OutboxMessage.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert mail.outbox == []


def test_a_message_queued_in_a_transaction_that_commits_is_delivered_after_commit(mail_queue):
    with transaction.atomic():
        message = queue_admission("decision:PMAI-2027-00042:admitted")
        assert DBTaskResult.objects.count() == 0, "delivery is queued only after commit"

    assert DBTaskResult.objects.filter(queue_name="mail").count() == 1
    mail_queue()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [email.to for email in mail.outbox] == [["camille@example.org"]]
