"""One idempotency key, one message: queueing again returns the first one."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from admissions.notifications.events import get_event
from admissions.notifications.models import OutboxMessage
from admissions.notifications.services import queue_message, send_once

from .conftest import needs_postgresql

SAMPLE = get_event("application_submitted").sample


def queue(key: str, **overrides) -> OutboxMessage:
    arguments = {
        "recipient_email": "camille@example.org",
        "template": "application_submitted",
        "context": SAMPLE,
        "language": "en",
        "idempotency_key": key,
        **overrides,
    }
    return queue_message(**arguments)


@pytest.mark.django_db
def test_queueing_the_same_key_twice_returns_the_first_message_and_adds_none():
    first = queue("submitted:PMAI-2027-00042")
    second = queue("submitted:PMAI-2027-00042", context={**SAMPLE, "programme_name": "Other"})

    assert second.pk == first.pk
    assert OutboxMessage.objects.count() == 1
    assert "Other" not in second.body_text


@pytest.mark.django_db
def test_send_once_says_whether_it_queued_the_message():
    arguments = {
        "key": "reminder:deadline:PMAI-2027-00042:7d",
        "recipient_email": "camille@example.org",
        "template": "deadline_approaching",
        "context": get_event("deadline_approaching").sample,
        "language": "en",
    }
    _message, first = send_once(**arguments)
    _message, again = send_once(**arguments)

    assert (first, again) == (True, False)


@needs_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_transactions_queueing_the_same_key_at_once_make_one_message():
    barrier = threading.Barrier(2)
    ids: list[int] = []
    errors: list[BaseException] = []

    def request() -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                ids.append(queue("submitted:PMAI-2027-00042").pk)
        except BaseException as error:  # reported below; a thread must not die silently
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert OutboxMessage.objects.count() == 1
    assert len(set(ids)) == 1
