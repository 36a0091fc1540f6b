"""A worker killed after the mail left but before it recorded "sent" must not cause a second
copy: the message stays "sending", then becomes "uncertain" for staff to decide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from admissions.notifications.events import get_event
from admissions.notifications.models import MessageStatus
from admissions.notifications.services import (
    deliver_due_messages,
    mark_stale_sending_uncertain,
    queue_message,
    resend_message,
)
from admissions.notifications.services.delivery import UNCERTAIN_NOTE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class WorkerKilled(BaseException):
    """Stands for SIGKILL: no ``except Exception`` in the worker can catch it."""


class SendsThenDies(BaseEmailBackend):
    """The SMTP server accepted the message, then the worker process died."""

    def send_messages(self, email_messages):
        mail.outbox.extend(email_messages)
        raise WorkerKilled


@pytest.fixture
def admitted(db):
    with transaction.atomic():
        return queue_message(
            recipient_email="camille@example.org",
            template="decision_admitted",
            context=get_event("decision_admitted").sample,
            language="en",
            idempotency_key="decision:PMAI-2027-00042:admitted",
        )


def test_a_message_whose_worker_died_while_sending_is_not_sent_again(settings, admitted):
    now = timezone.now()
    settings.EMAIL_BACKEND = f"{__name__}.SendsThenDies"
    with pytest.raises(WorkerKilled):
        deliver_due_messages(now=now)
    admitted.refresh_from_db()
    assert admitted.status == MessageStatus.SENDING
    assert admitted.sending_started_at == now

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for minutes in (1, 10, 60):
        deliver_due_messages(now=now + dt.timedelta(minutes=minutes))

    assert len(mail.outbox) == 1


def test_a_message_left_sending_past_the_lease_becomes_uncertain_for_staff(
    settings, admitted, administrator
):
    now = timezone.now()
    settings.EMAIL_BACKEND = f"{__name__}.SendsThenDies"
    with pytest.raises(WorkerKilled):
        deliver_due_messages(now=now)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    lease = dt.timedelta(seconds=settings.OUTBOX_SENDING_LEASE_SECONDS)

    assert mark_stale_sending_uncertain(now=now + lease - dt.timedelta(seconds=1)) == 0
    assert mark_stale_sending_uncertain(now=now + lease + dt.timedelta(seconds=1)) == 1
    admitted.refresh_from_db()
    assert admitted.status == MessageStatus.UNCERTAIN
    assert admitted.last_error == UNCERTAIN_NOTE
    deliver_due_messages(now=now + 2 * lease)
    assert len(mail.outbox) == 1

    # A person decides: the resend is explicit, audited, and then it goes again.
    resend_message(message=admitted, actor=administrator)
    deliver_due_messages()
    admitted.refresh_from_db()
    assert admitted.status == MessageStatus.SENT
    assert len(mail.outbox) == 2


def test_a_worker_that_died_before_sending_anything_leaves_the_message_to_another(
    admitted, settings
):
    """A claim without "sending" is only a reservation: after its lease, another worker
    takes the message (nothing left, so nothing can be duplicated)."""
    from admissions.notifications.services.delivery import claim_messages

    now = timezone.now()
    assert claim_messages(now=now, limit=10, worker="dead-worker") == [admitted.pk]

    soon = deliver_due_messages(now=now + dt.timedelta(seconds=10))
    lease = dt.timedelta(seconds=settings.OUTBOX_CLAIM_LEASE_SECONDS + 1)
    later = deliver_due_messages(now=now + lease)

    assert (soon.sent, later.sent) == (0, 1)
    assert len(mail.outbox) == 1
