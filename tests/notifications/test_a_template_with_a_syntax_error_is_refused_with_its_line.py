"""Administrators edit templates; an edit that does not compile is refused with the line."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from admissions.notifications.errors import TemplateError
from admissions.notifications.events import get_event
from admissions.notifications.models import EmailTemplate
from admissions.notifications.services import (
    delete_email_template,
    queue_message,
    save_email_template,
)

pytestmark = pytest.mark.django_db

BROKEN_BODY = "Dear {{ recipient_name }},\n\n{% if eligible %}\nYou are eligible.\n{% endfi %}\n"


def test_saving_a_template_with_a_syntax_error_is_refused_with_the_line(administrator):
    with pytest.raises(TemplateError) as refused:
        save_email_template(
            event="eligibility_outcome",
            language="fr",
            subject="Votre candidature {{ application_ref }}",
            body=BROKEN_BODY,
            actor=administrator,
        )

    assert "The message has an error on line 5" in str(refused.value)
    assert "endfi" in str(refused.value)
    assert not EmailTemplate.objects.exists()


def test_the_admin_form_refuses_the_same_error_on_the_field():
    template = EmailTemplate(
        event="eligibility_outcome",
        language="en",
        subject="Your application {% if eligible %}is fine",
        body="Fine {{ recipient_name }}",
    )

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert list(refused.value.message_dict) == ["subject"]
    assert "The subject has an error on line 1" in refused.value.message_dict["subject"][0]


def test_a_template_that_fails_with_the_sample_is_refused():
    template = EmailTemplate(
        event="payment_received",
        language="en",
        subject="Paid {{ amount_cents|money:currency }}",
        body="{{ paid_on|date:recipient_name|nosuchfilter }}",
    )

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert "Invalid filter: 'nosuchfilter'" in refused.value.message_dict["body"][0]
    assert "line 1" in refused.value.message_dict["body"][0]


def test_a_saved_override_is_used_and_resetting_it_brings_back_the_file(administrator):
    save_email_template(
        event="decision_admitted",
        language="en",
        subject="Welcome aboard, {{ recipient_name }}",
        body="You are in: {{ programme_name }}.",
        actor=administrator,
    )

    overridden = queue_message(
        recipient_email="camille@example.org",
        template="decision_admitted",
        context=get_event("decision_admitted").sample,
        language="en",
        idempotency_key="decision:1",
    )
    delete_email_template(event="decision_admitted", language="en", actor=administrator)
    restored = queue_message(
        recipient_email="camille@example.org",
        template="decision_admitted",
        context=get_event("decision_admitted").sample,
        language="en",
        idempotency_key="decision:2",
    )

    assert overridden.subject == "Welcome aboard, Camille Martin"
    # The override is the whole message body; the signature and footer follow it.
    assert overridden.body_text.startswith(
        "You are in: MSc in Artificial Intelligence.\n\nKind regards,\n"
    )
    assert '<p style="margin:0 0 16px;">You are in: MSc in Artificial Intelligence.</p>' in (
        overridden.body_html
    )
    assert restored.subject == "Decision on your application PMAI-2027-00042: admitted"
    assert EmailTemplate.objects.count() == 0
