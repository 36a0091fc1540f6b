"""The person's language of correspondence decides the language of their mail."""

from __future__ import annotations

import pytest

from admissions.notifications.events import get_event
from admissions.notifications.services import queue_message
from tests.people import make_user

pytestmark = pytest.mark.django_db

SAMPLE = get_event("decision_admitted").sample


def test_a_user_who_corresponds_in_french_gets_french_mail_whatever_the_caller_passes():
    camille = make_user("camille@example.org", preferred_language="fr")

    message = queue_message(
        recipient_email=camille.email,
        template="decision_admitted",
        context=SAMPLE,
        language="en",
        idempotency_key="decision:PMAI-2027-00042:admitted",
        user=camille,
    )

    assert message.template_language == "fr"
    assert message.subject == "Décision sur votre candidature PMAI-2027-00042\u00a0: admission"
    assert "avant le 25 avril 2027 à 23:59" in message.body_text
    assert message.template_fallback is False


def test_without_a_user_the_language_passed_is_used():
    message = queue_message(
        recipient_email="referee@example.org",
        template="referee_invitation",
        context=get_event("referee_invitation").sample,
        language="fr-FR",
        idempotency_key="referee:42:invitation",
    )

    assert message.template_language == "fr"
    assert message.subject.startswith("Demande de recommandation")


def test_english_dates_and_money_read_naturally():
    message = queue_message(
        recipient_email="camille@example.org",
        template="payment_received",
        context=get_event("payment_received").sample,
        language="en",
        idempotency_key="payment:PAY-2027-00913",
    )

    assert message.subject == "Payment received: €100"
    assert "Date: 20 January 2027" in message.body_text
