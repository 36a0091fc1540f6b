"""A referee's link is a key to write a letter about the applicant. Once the invitation (or a
reminder) has left, the outbox keeps no working link: not in the stored text, not in the
context, not on the administration's outbox page; the referee's email still carries the
link, and it opens the letter page."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from admissions.core import clock
from admissions.documents import referees
from admissions.notifications.models import MessageStatus, OutboxMessage
from tests.documents.stories import application_for
from tests.notifications.conftest import run_mail_queue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINK = re.compile(r"https?://[^\s<>]+/references/([^\s/<>]+)/")


def invite(application, now):
    return referees.add_referee(
        application=application,
        actor=application.applicant,
        name="Prof. Jean Dupont",
        email="jean.dupont@example.edu",
        relationship="Thesis supervisor",
        institution="Université Paris Cité",
        now=now,
    )


def stored_text(message: OutboxMessage) -> str:
    return "\n".join(
        [message.subject, message.body_text, message.body_html, json.dumps(message.context)]
    )


def test_after_delivery_the_outbox_row_holds_no_working_link(client, seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])
    _referee, token = invite(application, clock.now())

    run_mail_queue()

    message = OutboxMessage.objects.get(event="referee_invitation")
    assert message.status == MessageStatus.SENT
    assert token not in stored_text(message)
    for found in LINK.findall(stored_text(message)):
        assert referees.check_link(found).problem == "unknown"


def test_the_link_in_the_delivered_email_opens_the_letter_page(client, seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])
    invited_at = clock.now()
    invite(application, invited_at)

    run_mail_queue()

    [email] = mail.outbox
    assert email.to == ["jean.dupont@example.edu"]
    token = LINK.search(email.body).group(1)
    html = email.alternatives[0][0]
    assert token in html
    with clock.frozen(invited_at + dt.timedelta(days=1)):
        response = client.get(f"/references/{token}/")
    assert response.status_code == 200


def test_the_administrations_outbox_page_shows_no_link_after_delivery(
    client, seed_programmes, administrator
):
    application = application_for(seed_programmes["post-master-ai"])
    _referee, token = invite(application, clock.now())
    run_mail_queue()
    message = OutboxMessage.objects.get(event="referee_invitation")

    administrator.is_superuser = True  # the admin's model pages, as in the outbox's own tests
    administrator.save()
    client.force_login(administrator)
    response = client.get(reverse("admin:notifications_outboxmessage_change", args=[message.pk]))

    assert response.status_code == 200
    assert token not in response.content.decode()


def test_a_reminders_new_link_is_not_kept_either(client, seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])
    invited_at = clock.now()
    referee, _first = invite(application, invited_at)
    token = referees.send_reminder(
        referee=referee, actor=application.applicant, now=invited_at + dt.timedelta(days=3)
    )

    run_mail_queue()

    message = OutboxMessage.objects.get(event="referee_reminder")
    assert message.status == MessageStatus.SENT
    assert token not in stored_text(message)
    [reminder] = [m for m in mail.outbox if token in m.body]
    assert reminder.to == ["jean.dupont@example.edu"]
