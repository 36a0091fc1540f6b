"""Every event renders in both languages from its sample, with no value missing."""

from __future__ import annotations

import pytest
from django.test import override_settings

from admissions.notifications.events import all_events
from admissions.notifications.rendering import preview_message, render_message

EVENTS = [spec.code for spec in all_events()]
LIFECYCLE_EVENTS = {
    "account_created",
    "application_submitted",
    "documents_requested",
    "documents_missing_reminder",
    "referee_invitation",
    "referee_reminder",
    "eligibility_outcome",
    "interview_invitation",
    "interview_changed",
    "interview_reminder",
    "decision_admitted",
    "decision_conditionally_admitted",
    "decision_waitlisted",
    "decision_refused",
    "offer_expiring",
    "waitlist_promoted",
    "registration_confirmed",
    "quote_issued",
    "payment_received",
    "deadline_approaching",
    "staff_digest",
}


def test_every_lifecycle_event_of_the_issue_is_registered():
    assert set(EVENTS) >= LIFECYCLE_EVENTS


def _printed_as_is(key, value):
    """Sample values that the text version shows as given (not formatted like dates)."""
    return isinstance(value, str) and not value.startswith("http") and key != "currency"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("event", EVENTS)
@override_settings(SCHOOL_NAME="École Exemple", SCHOOL_LOGO="https://cdn.example.org/logo.png")
def test_the_event_renders_with_its_sample_and_misses_no_value(event, language):
    spec = next(spec for spec in all_events() if spec.code == event)

    rendered = render_message(event=event, language=language, context=spec.sample, strict=True)

    assert rendered.missing == ()
    assert rendered.fell_back is False
    assert rendered.language == language
    assert rendered.subject and "\n" not in rendered.subject
    assert "École Exemple" in rendered.text
    assert '<img src="https://cdn.example.org/logo.png"' in rendered.html
    assert f'<html lang="{language}">' in rendered.html
    assert spec.sample["action_url"] in rendered.text
    assert f'href="{spec.sample["action_url"]}"' in rendered.html
    for key in spec.required:
        if _printed_as_is(key, spec.sample[key]):
            assert spec.sample[key] in rendered.text, f"{key} does not show ({event}, {language})"


@pytest.mark.django_db
def test_the_preview_uses_the_sample_and_lists_unknown_values():
    preview = preview_message(event="decision_waitlisted", language="en")

    assert "Your position on the list: 3." in preview.text
    assert preview.missing == ()


@pytest.mark.django_db
def test_french_messages_use_french_typography_and_dates():
    spec = next(spec for spec in all_events() if spec.code == "interview_invitation")

    rendered = render_message(event=spec.code, language="fr", context=spec.sample)

    assert "Quand\u00a0: lundi 15 mars 2027 à 14:30 CET" in rendered.text
