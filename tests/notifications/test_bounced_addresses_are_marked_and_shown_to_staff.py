"""An address that bounces is marked, mail to it stops, and staff see it."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from admissions.notifications.errors import CannotResend
from admissions.notifications.events import get_event
from admissions.notifications.models import BouncedAddress, MessageStatus, OutboxMessage
from admissions.notifications.services import (
    clear_bounce,
    deliver_due_messages,
    mark_bounced,
    queue_message,
    resend_message,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class UnknownMailbox(BaseEmailBackend):
    def send_messages(self, email_messages):
        recipients = {
            address: (550, b"5.1.1 No such user") for m in email_messages for address in m.to
        }
        raise smtplib.SMTPRecipientsRefused(recipients)


def queue(key: str, email: str = "camille@exmaple.org") -> OutboxMessage:
    with transaction.atomic():
        return queue_message(
            recipient_email=email,
            template="decision_admitted",
            context=get_event("decision_admitted").sample,
            language="en",
            idempotency_key=key,
        )


def test_a_bounce_report_marks_the_message_and_the_address():
    message = queue("decision:1")
    deliver_due_messages()

    mark_bounced(email="Camille@Exmaple.org", reason="550 5.1.1 mailbox unknown")

    message.refresh_from_db()
    assert message.status == MessageStatus.BOUNCED
    assert BouncedAddress.objects.get().email == "camille@exmaple.org"


def test_no_more_mail_goes_to_a_bounced_address():
    mark_bounced(email="camille@exmaple.org", reason="550 5.1.1 mailbox unknown")
    message = queue("decision:2")

    deliver_due_messages()

    message.refresh_from_db()
    assert message.status == MessageStatus.BOUNCED
    assert mail.outbox == []


def test_a_permanent_refusal_by_the_server_is_a_bounce(settings):
    settings.EMAIL_BACKEND = f"{__name__}.UnknownMailbox"
    message = queue("decision:3")

    report = deliver_due_messages()

    message.refresh_from_db()
    assert report.bounced == 1
    assert message.status == MessageStatus.BOUNCED
    assert "550 5.1.1 No such user" in message.last_error
    assert BouncedAddress.objects.filter(email="camille@exmaple.org").exists()


def test_resending_waits_until_staff_clear_the_bounce(administrator):
    mark_bounced(email="camille@exmaple.org", reason="550 mailbox unknown")
    message = queue("decision:4")
    deliver_due_messages()
    message.refresh_from_db()

    with pytest.raises(CannotResend, match="bounced earlier"):
        resend_message(message=message, actor=administrator)
    clear_bounce(email="camille@exmaple.org", actor=administrator)
    resend_message(message=message, actor=administrator)
    deliver_due_messages()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
