"""Administrators see dead, uncertain and bounced messages and resend them; they edit and
preview templates. Nobody else sees these pages."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from admissions.notifications.events import get_event
from admissions.notifications.models import EmailTemplate, MessageStatus, OutboxMessage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("notification_pages")]


@pytest.fixture
def dead_message() -> OutboxMessage:
    from admissions.notifications.services import queue_message

    with transaction.atomic():
        message = queue_message(
            recipient_email="camille@example.org",
            template="decision_admitted",
            context=get_event("decision_admitted").sample,
            language="en",
            idempotency_key="decision:dead",
        )
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.DEAD, attempts=10, last_error="SMTPDataError: 451 try later"
    )
    return message


def test_the_attention_page_lists_dead_messages_and_resends_one(
    client, administrator, dead_message
):
    client.force_login(administrator)

    page = client.get(reverse("staff:notifications"))
    resent = client.post(
        reverse("staff:notification-resend", kwargs={"public_id": dead_message.public_id})
    )

    assert page.status_code == 200
    assert "camille@example.org" in page.content.decode()
    assert "SMTPDataError: 451 try later" in page.content.decode()
    assert resent.status_code == 302
    dead_message.refresh_from_db()
    assert dead_message.status == MessageStatus.QUEUED


def test_the_pages_do_not_exist_for_an_officer_or_an_applicant(
    client, officer, applicant, dead_message
):
    for person in (officer, applicant):
        client.force_login(person)
        page = client.get(reverse("staff:notifications"))
        resend = client.post(
            reverse("staff:notification-resend", kwargs={"public_id": dead_message.public_id})
        )
        assert (page.status_code, resend.status_code) == (404, 404), person.email
    dead_message.refresh_from_db()
    assert dead_message.status == MessageStatus.DEAD


def test_the_template_editor_previews_refuses_a_syntax_error_and_saves(client, administrator):
    client.force_login(administrator)
    url = reverse(
        "staff:notification-template", kwargs={"event": "decision_waitlisted", "language": "fr"}
    )

    shown = client.get(url)
    broken = client.post(
        url,
        {
            "action": "save",
            "subject": "Liste d'attente",
            "body": "Bonjour\n{% if x %}",
        },
    )
    preview = client.post(
        url,
        {
            "action": "preview",
            "subject": "Liste {{ application_ref }}",
            "body": "Rang {{ waitlist_position }} {{ typo }}",
        },
    )
    saved = client.post(
        url,
        {
            "action": "save",
            "subject": "Liste {{ application_ref }}",
            "body": "Rang {{ waitlist_position }}",
        },
    )

    assert shown.status_code == 200
    assert "Vous êtes sur liste d" in shown.content.decode()
    assert "The message has an error on line 2" in broken.content.decode()
    assert "Rang 3" in preview.content.decode()
    assert "<code>typo</code>" in preview.content.decode()
    assert saved.status_code == 302
    template = EmailTemplate.objects.get(event="decision_waitlisted", language="fr")
    assert template.updated_by == administrator


def test_the_html_preview_may_use_inline_styles_and_nothing_else(client, administrator):
    client.force_login(administrator)
    url = reverse(
        "staff:notification-template-preview",
        kwargs={"event": "decision_admitted", "language": "en"},
    )

    response = client.get(url)

    policy = response["Content-Security-Policy"]
    assert response.status_code == 200
    assert "style-src 'unsafe-inline'" in policy
    assert "script-src 'none'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Congratulations: you are admitted" in response.content.decode()


def test_the_admin_resend_action_requeues_a_dead_message(client, administrator, dead_message):
    administrator.is_superuser = True
    administrator.save()
    client.force_login(administrator)

    response = client.post(
        reverse("admin:notifications_outboxmessage_changelist"),
        {"action": "resend", "_selected_action": [dead_message.pk]},
    )

    assert response.status_code == 302
    dead_message.refresh_from_db()
    assert dead_message.status == MessageStatus.QUEUED
