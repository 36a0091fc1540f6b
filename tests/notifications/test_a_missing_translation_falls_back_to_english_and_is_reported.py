"""A template missing in French falls back to English: logged, flagged, shown to staff."""

from __future__ import annotations

import logging

import pytest

from admissions.notifications.models import EmailTemplate
from admissions.notifications.selectors import template_fallback_report
from admissions.notifications.services import queue_message

pytestmark = pytest.mark.django_db


def test_a_message_asked_in_french_without_a_french_template_is_sent_in_english(test_event, caplog):
    EmailTemplate.objects.create(
        event=test_event,
        language="en",
        subject="A notice for {{ recipient_name }}",
        body="Hello {{ recipient_name }}.",
    )

    with caplog.at_level(logging.WARNING, logger="admissions.notifications"):
        message = queue_message(
            recipient_email="ada@example.org",
            template=test_event,
            context={"recipient_name": "Ada"},
            language="fr",
            idempotency_key="notice:1",
        )

    assert message.subject == "A notice for Ada"
    assert (message.language, message.template_language) == ("fr", "en")
    assert message.template_fallback is True
    assert any(
        "has no 'fr' version; the English version was used" in record.getMessage()
        for record in caplog.records
    )
    assert template_fallback_report() == [{"event": test_event, "language": "fr", "count": 1}]


def test_a_file_template_missing_in_french_falls_back_to_the_english_file(
    settings, tmp_path, test_event
):
    folder = tmp_path / "emails" / "en" / test_event
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("Notice for {{ recipient_name }}\n")
    (folder / "body.md").write_text("Hello {{ recipient_name }}.\n")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    message = queue_message(
        recipient_email="ada@example.org",
        template=test_event,
        context={"recipient_name": "Ada"},
        language="fr",
        idempotency_key="notice:2",
    )

    assert message.subject == "Notice for Ada"
    assert message.body_text.startswith("Hello Ada.\n")
    assert '<html lang="en">' in message.body_html
    assert "Hello Ada.</p>" in message.body_html
    assert message.template_fallback is True


def test_a_language_we_do_not_write_in_falls_back_to_english():
    from admissions.notifications.events import get_event

    message = queue_message(
        recipient_email="ada@example.org",
        template="account_created",
        context=get_event("account_created").sample,
        language="de",
        idempotency_key="account:ada",
    )

    assert message.template_language == "en"
    assert message.template_fallback is True
