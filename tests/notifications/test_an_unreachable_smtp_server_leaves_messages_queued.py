"""With the mail server down, messages wait and are retried; nothing is lost, and the change
that queued them succeeds."""

from __future__ import annotations

import socket

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from admissions.notifications.events import get_event
from admissions.notifications.models import MessageStatus, OutboxMessage
from admissions.notifications.services import deliver_due_messages, queue_message

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def closed_port() -> int:
    """A local port nobody listens on (port 1 needs no privileges to be refused)."""
    probe = socket.socket()
    try:
        refused = probe.connect_ex(("127.0.0.1", 1)) != 0
    finally:
        probe.close()
    assert refused, "something listens on 127.0.0.1:1"
    return 1


@pytest.fixture
def smtp_down(settings, closed_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port
    settings.EMAIL_TIMEOUT = 2


def queue(key: str) -> OutboxMessage:
    return queue_message(
        recipient_email="camille@example.org",
        template="decision_admitted",
        context=get_event("decision_admitted").sample,
        language="en",
        idempotency_key=key,
    )


def test_a_message_for_an_unreachable_server_is_retried_later(smtp_down, mail_queue):
    started = timezone.now()
    with transaction.atomic():
        message = queue("decision:PMAI-2027-00042:admitted")

    mail_queue()

    message.refresh_from_db()
    assert message.status == MessageStatus.QUEUED
    assert message.attempts == 1
    assert message.next_attempt_at > started
    assert (
        "Connection refused" in message.last_error or "ConnectionRefusedError" in message.last_error
    )
    # The worker's task itself succeeded: a mail outage is not a task failure.
    first = DBTaskResult.objects.filter(task_path__endswith="deliver_message").earliest(
        "enqueued_at"
    )
    assert first.status == "SUCCESSFUL"
    # ...and the retry is already queued for the time of the next attempt.
    assert DBTaskResult.objects.filter(run_after=message.next_attempt_at, status="READY").exists()


def test_one_unreachable_server_does_not_cost_a_timeout_per_message(smtp_down):
    with transaction.atomic():
        for number in range(5):
            queue(f"decision:PMAI-2027-0004{number}:admitted")

    report = deliver_due_messages()

    assert (report.retrying, report.sent) == (1, 0)
    statuses = set(OutboxMessage.objects.values_list("status", "claimed_by"))
    assert statuses == {(MessageStatus.QUEUED, None)}
    assert sorted(OutboxMessage.objects.values_list("attempts", flat=True)) == [0, 0, 0, 0, 1]


def test_when_the_server_comes_back_the_waiting_messages_go(smtp_down, settings):
    with transaction.atomic():
        message = queue("decision:PMAI-2027-00042:admitted")
    deliver_due_messages()
    message.refresh_from_db()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver_due_messages(now=message.next_attempt_at)

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 2
    assert len(mail.outbox) == 1
