"""After OUTBOX_MAX_ATTEMPTS failures a message is dead; staff can resend it."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from admissions.core.models import AuditEvent
from admissions.notifications.errors import CannotResend
from admissions.notifications.events import get_event
from admissions.notifications.models import MessageStatus
from admissions.notifications.services import deliver_due_messages, queue_message, resend_message

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class RefusingBackend(BaseEmailBackend):
    """A mail server that answers every message with a temporary error."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPDataError(451, b"4.3.0 Try again later")


@pytest.fixture
def failing_mail(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 3


def test_the_third_failure_makes_the_message_dead_and_backoff_grows(failing_mail):
    with transaction.atomic():
        message = queue_message(
            recipient_email="camille@example.org",
            template="decision_refused",
            context=get_event("decision_refused").sample,
            language="en",
            idempotency_key="decision:PMAI-2027-00042:refused",
        )
    delays = []
    for _attempt in range(3):
        message.refresh_from_db()
        due = message.next_attempt_at
        deliver_due_messages(now=due)
        message.refresh_from_db()
        if message.next_attempt_at:
            delays.append((message.next_attempt_at - due).total_seconds())

    assert message.status == MessageStatus.DEAD
    assert message.attempts == 3
    assert message.next_attempt_at is None
    assert "SMTPDataError" in message.last_error
    base = 60
    assert base <= delays[0] <= base * 1.1
    assert 2 * base <= delays[1] <= 2 * base * 1.1


def test_staff_resend_a_dead_message_and_it_goes(failing_mail, settings, administrator):
    with transaction.atomic():
        message = queue_message(
            recipient_email="camille@example.org",
            template="decision_refused",
            context=get_event("decision_refused").sample,
            language="en",
            idempotency_key="decision:PMAI-2027-00042:refused",
        )
    settings.OUTBOX_MAX_ATTEMPTS = 1
    deliver_due_messages()
    message.refresh_from_db()
    assert message.status == MessageStatus.DEAD

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    resend_message(message=message, actor=administrator)
    deliver_due_messages()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert len(mail.outbox) == 1
    audit = AuditEvent.objects.get(action="notifications.message_resent")
    assert audit.actor == administrator
    assert audit.data["status"] == "dead"


def test_a_sent_message_cannot_be_resent(administrator):
    with transaction.atomic():
        message = queue_message(
            recipient_email="camille@example.org",
            template="decision_refused",
            context=get_event("decision_refused").sample,
            language="en",
            idempotency_key="decision:PMAI-2027-00042:refused",
        )
    deliver_due_messages()
    message.refresh_from_db()

    with pytest.raises(CannotResend, match="This one is sent"):
        resend_message(message=message, actor=administrator)
