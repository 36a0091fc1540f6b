"""What a person reads on screen is in the language of the page; what is sent to them stays in
their language of correspondence. A person who writes in English but reads the portal in
French sees French inbox subjects, a French receipt and French country names."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from admissions.finance.models import Receipt
from admissions.finance.services import ledger
from admissions.notifications.events import get_event
from admissions.notifications.services import queue_message
from tests.calendar import paris
from tests.finance.factories import ready_post_master_draft
from tests.pages import text_of
from tests.portal.test_applicant_support import applicant_urls, complete_profile  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("applicant_urls")]


def english_message(user):
    return queue_message(
        recipient_email=user.email,
        template="application_submitted",
        context={**get_event("application_submitted").sample, "application_ref": "PMAI-2027-00042"},
        language="en",
        idempotency_key="submitted",
        user=user,
    )


def test_the_inbox_lists_subjects_in_the_page_language(client, applicant):
    english_message(applicant)
    client.cookies["django_language"] = "fr"
    client.force_login(applicant)

    page = text_of(client.get(reverse("portal:inbox")))

    assert "Nous avons bien reçu votre candidature PMAI-2027-00042" in page
    assert "We received your application" not in page


def test_a_message_page_has_its_subject_in_the_page_language_and_the_body_as_sent(
    client, applicant
):
    message = english_message(applicant)
    client.cookies["django_language"] = "fr"
    client.force_login(applicant)

    response = client.get(reverse("portal:inbox-message", kwargs={"public_id": message.public_id}))

    html = response.content.decode()
    assert '<h1 class="h2">Nous avons bien reçu votre candidature PMAI-2027-00042</h1>' in html
    assert 'class="message-body" lang="en"' in html
    assert "Ce message vous a été envoyé en anglais" in text_of(response)


def test_what_was_sent_keeps_the_language_of_correspondence(applicant):
    message = english_message(applicant)

    assert message.subject == "We received your application PMAI-2027-00042"


def test_the_receipt_opened_on_a_french_page_is_in_french(client):
    draft = ready_post_master_draft(language="en")
    ledger.record_payment(
        fee=draft.fee,
        amount_cents=15_000,
        currency="EUR",
        method="card",
        now=paris(2027, 1, 20, 11),
    )
    receipt = Receipt.objects.get(payment__fee=draft.fee)
    client.cookies["django_language"] = "fr"
    client.force_login(draft.applicant)

    response = client.get(reverse("portal:fee-receipt", args=[draft.reference, receipt.number]))

    pages = PdfReader(io.BytesIO(response.content)).pages
    text = (
        " ".join(page.extract_text() for page in pages).replace("\u202f", " ").replace("\xa0", " ")
    )
    assert "150 €" in text
    assert "20 janvier 2027" in text
    assert receipt.language == "en"


def test_the_etudes_en_france_paragraph_names_countries_in_french(client, applicant):
    complete_profile(applicant, moroccan_in_morocco=True)
    client.cookies["django_language"] = "fr"
    client.force_login(applicant)

    page = text_of(client.get("/me/profile/"))

    assert "(Maroc)" in page
    assert "Morocco" not in page
