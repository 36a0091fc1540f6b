"""A message is rendered from plain values, checked when it is queued."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils.translation import gettext_lazy

from admissions.notifications.errors import NotificationContextError
from admissions.notifications.events import get_event
from admissions.notifications.models import OutboxMessage
from admissions.notifications.services import queue_message

pytestmark = pytest.mark.django_db


def queue(context, template="decision_refused", **overrides) -> OutboxMessage:
    return queue_message(
        recipient_email="camille@example.org",
        template=template,
        context=context,
        language=overrides.pop("language", "en"),
        idempotency_key=overrides.pop("key", "decision:PMAI-2027-00042:refused"),
        **overrides,
    )


def test_a_model_instance_in_the_context_is_refused_with_its_path(applicant):
    context = {**get_event("decision_refused").sample, "applicant": applicant}

    with pytest.raises(NotificationContextError) as refused:
        queue(context)

    assert "context['applicant'] is a User model instance" in str(refused.value)
    assert "Pass plain values" in str(refused.value)
    assert OutboxMessage.objects.count() == 0


def test_an_object_that_cannot_be_stored_is_refused():
    context = {**get_event("decision_refused").sample, "reasons": [object()]}

    with pytest.raises(NotificationContextError) as refused:
        queue(context)

    assert "context['reasons'][0] is a object" in str(refused.value)


def test_a_missing_required_value_is_refused_naming_it():
    context = dict(get_event("decision_refused").sample)
    del context["reasons"]

    with pytest.raises(NotificationContextError) as refused:
        queue(context)

    assert str(refused.value) == "The decision_refused message needs reasons in its context."


def test_an_unknown_event_is_refused():
    with pytest.raises(NotificationContextError, match="not a notification event"):
        queue({}, template="decision_maybe")


def test_lazy_translations_are_written_in_the_recipients_language_and_dates_are_stored():
    context = {
        **get_event("decision_refused").sample,
        "reasons": [gettext_lazy("English")],
        "decided_on": dt.date(2027, 4, 2),
    }

    message = queue(context, language="fr")

    assert message.context["reasons"] == ["Anglais"]
    assert message.context["decided_on"] == "2027-04-02"
    assert "- Anglais" in message.body_text
