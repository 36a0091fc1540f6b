"""In a delivery batch, "sent" for one message and "sending" for the next share one commit:
each message is recorded "sending" before it leaves and "sent" before the next one leaves, so
a worker killed half-way through a batch sends nothing twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from admissions.notifications.events import get_event
from admissions.notifications.models import MessageStatus, OutboxMessage
from admissions.notifications.services import (
    deliver_due_messages,
    mark_stale_sending_uncertain,
    queue_message,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PEOPLE = ["ada@example.org", "jules@example.org", "camille@example.org"]
seen_while_sending: list[dict[str, str]] = []


class WorkerKilled(BaseException):
    """Stands for SIGKILL: no ``except Exception`` in the worker can catch it."""


def statuses() -> dict[str, str]:
    return dict(OutboxMessage.objects.values_list("recipient_email", "status"))


class RecordsWhatTheDatabaseSays(BaseEmailBackend):
    def send_messages(self, email_messages):
        seen_while_sending.append(statuses())
        mail.outbox.extend(email_messages)
        return len(email_messages)


class DiesOnTheSecondMessage(BaseEmailBackend):
    def send_messages(self, email_messages):
        mail.outbox.extend(email_messages)
        if len(mail.outbox) == 2:
            raise WorkerKilled
        return len(email_messages)


@pytest.fixture
def three_messages(db):
    with transaction.atomic():
        for number, email in enumerate(PEOPLE):
            queue_message(
                recipient_email=email,
                template="decision_admitted",
                context=get_event("decision_admitted").sample,
                language="en",
                idempotency_key=f"decision:PMAI-2027-{number:05d}:admitted",
            )


def test_each_message_is_sending_when_it_leaves_and_the_previous_one_already_sent(
    settings, three_messages
):
    settings.EMAIL_BACKEND = f"{__name__}.RecordsWhatTheDatabaseSays"
    seen_while_sending.clear()

    report = deliver_due_messages(now=timezone.now())

    assert report.sent == 3
    assert seen_while_sending == [
        {PEOPLE[0]: "sending", PEOPLE[1]: "queued", PEOPLE[2]: "queued"},
        {PEOPLE[0]: "sent", PEOPLE[1]: "sending", PEOPLE[2]: "queued"},
        {PEOPLE[0]: "sent", PEOPLE[1]: "sent", PEOPLE[2]: "sending"},
    ]
    assert statuses() == dict.fromkeys(PEOPLE, MessageStatus.SENT)


def test_a_worker_killed_in_the_middle_of_a_batch_sends_nothing_twice(settings, three_messages):
    now = timezone.now()
    settings.EMAIL_BACKEND = f"{__name__}.DiesOnTheSecondMessage"
    with pytest.raises(WorkerKilled):
        deliver_due_messages(now=now)

    assert statuses() == {PEOPLE[0]: "sent", PEOPLE[1]: "sending", PEOPLE[2]: "queued"}

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    after_the_leases = now + dt.timedelta(
        seconds=max(settings.OUTBOX_CLAIM_LEASE_SECONDS, settings.OUTBOX_SENDING_LEASE_SECONDS) + 1
    )
    for minutes in (0, 1, 10):
        deliver_due_messages(now=after_the_leases + dt.timedelta(minutes=minutes))
    mark_stale_sending_uncertain(now=after_the_leases)

    assert sorted(email.to[0] for email in mail.outbox) == sorted(PEOPLE)
    assert statuses() == {PEOPLE[0]: "sent", PEOPLE[1]: "uncertain", PEOPLE[2]: "sent"}
