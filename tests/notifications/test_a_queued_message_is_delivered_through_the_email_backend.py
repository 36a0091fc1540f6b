"""A worker delivers queued messages through Django's email backend, text and HTML."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from admissions.notifications.events import get_event
from admissions.notifications.models import MessageStatus
from admissions.notifications.services import Attachment, deliver_due_messages, queue_message
from tests.people import make_user

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_the_worker_sends_the_message_with_its_html_version_and_receipt(
    mail_queue, private_storage
):
    camille = make_user("camille@example.org", preferred_language="fr")
    with transaction.atomic():
        message = queue_message(
            recipient_email=camille.email,
            template="application_submitted",
            context=get_event("application_submitted").sample,
            language="fr",
            idempotency_key="submitted:PMAI-2027-00042",
            user=camille,
            attachments=[
                Attachment(
                    filename="recu-PMAI-2027-00042.pdf",
                    mimetype="application/pdf",
                    content=b"%PDF-1.7 receipt",
                )
            ],
        )

    mail_queue()

    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    [email] = mail.outbox
    assert email.to == ["camille@example.org"]
    assert email.subject == "Nous avons bien reçu votre candidature PMAI-2027-00042"
    assert "Votre reçu est joint à ce message." in email.body
    [(html, mimetype)] = email.alternatives
    assert mimetype == "text/html" and '<html lang="fr">' in html
    assert email.attachments == [
        ("recu-PMAI-2027-00042.pdf", b"%PDF-1.7 receipt", "application/pdf")
    ]
    assert email.extra_headers["Message-ID"] == f"<{message.public_id}@example.org>"
    assert email.extra_headers["X-Admissions-Event"] == "application_submitted"
    assert f"/inbox/{message.public_id}/" in email.body or "/inbox/" not in email.body


def test_an_attachment_kept_in_the_file_storage_is_read_when_sending(mail_queue, private_storage):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = default_storage.save("receipts/PMAI-2027-00042.pdf", ContentFile(b"%PDF stored"))
    with transaction.atomic():
        queue_message(
            recipient_email="camille@example.org",
            template="application_submitted",
            context=get_event("application_submitted").sample,
            language="en",
            idempotency_key="submitted:PMAI-2027-00042",
            attachments=[
                {"filename": "receipt.pdf", "mimetype": "application/pdf", "storage_name": name}
            ],
        )

    mail_queue()

    assert mail.outbox[0].attachments == [("receipt.pdf", b"%PDF stored", "application/pdf")]


def test_a_message_to_send_later_waits_for_its_time():
    now = timezone.now()
    with transaction.atomic():
        message = queue_message(
            recipient_email="camille@example.org",
            template="interview_reminder",
            context=get_event("interview_reminder").sample,
            language="en",
            idempotency_key="interview:42:reminder",
            send_after=now + dt.timedelta(hours=2),
        )
    task = DBTaskResult.objects.get()

    early = deliver_due_messages(now=now + dt.timedelta(hours=1))
    on_time = deliver_due_messages(now=now + dt.timedelta(hours=2, seconds=1))

    assert task.run_after == message.next_attempt_at
    assert (early.sent, on_time.sent) == (0, 1)
    assert len(mail.outbox) == 1


def test_delivery_refuses_to_run_inside_a_transaction():
    with pytest.raises(RuntimeError, match="outside a transaction"), transaction.atomic():
        deliver_due_messages()
