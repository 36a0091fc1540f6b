"""Rejecting a document tells the applicant, in their correspondence language, why and where
to replace the file (an email and an inbox message through the outbox); the timeline says
the reason."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.urls import resolve, reverse

from admissions.applications.models import TimelineEvent
from admissions.applications.states import Status
from admissions.documents import services
from admissions.notifications.models import OutboxMessage
from tests.documents.stories import application_for, upload
from tests.people import make_user

pytestmark = pytest.mark.django_db

SITE = "https://admissions.example.org"


def submitted_with_transcripts(programme, applicant):
    application = application_for(programme, applicant=applicant)
    transcript = upload(application, "transcripts", name="releve-notes.pdf")
    application.status = Status.SUBMITTED
    application.save()
    return application, transcript


def reject_transcripts(transcript, officer):
    return services.review_document(
        document=transcript,
        accepted=False,
        reason_code="incomplete",
        text="Page 2 is missing.",
        actor=officer,
    )


@override_settings(SITE_URL=SITE)
def test_the_applicant_gets_an_email_in_english_with_the_reason_and_the_link_to_replace_it(
    post_master, seed_programmes, officer
):
    ada = make_user("ada.en@example.org", first_name="Ada", preferred_language="en")
    application, transcript = submitted_with_transcripts(seed_programmes["post-master-ai"], ada)

    reject_transcripts(transcript, officer)

    message = OutboxMessage.objects.get(event="document_rejected")
    assert message.recipient_email == ada.email
    assert message.user == ada
    assert message.template_language == "en"
    assert application.reference in message.subject
    assert "Transcripts" in message.subject
    assert "releve-notes.pdf" in message.body_text
    assert "Incomplete" in message.body_text
    assert "Page 2 is missing." in message.body_text
    documents_url = SITE + reverse("portal:documents", args=[application.reference])
    assert f": {documents_url}" in message.body_text
    assert resolve(urlsplit(documents_url).path).view_name == "portal:documents"
    assert f'href="{documents_url}"' in message.body_html


@override_settings(SITE_URL=SITE)
def test_an_applicant_who_corresponds_in_french_gets_it_in_french(
    post_master, seed_programmes, officer
):
    camille = make_user("camille@example.org", first_name="Camille", preferred_language="fr")
    application, transcript = submitted_with_transcripts(seed_programmes["post-master-ai"], camille)

    reject_transcripts(transcript, officer)

    message = OutboxMessage.objects.get(event="document_rejected")
    assert message.template_language == "fr"
    assert message.template_fallback is False
    assert "refusé" in message.subject
    assert "Incomplet" in message.body_text
    assert "Page 2 is missing." in message.body_text
    documents_url = SITE + reverse("portal:documents", args=[application.reference])
    assert f": {documents_url}" in message.body_text
    assert resolve(urlsplit(documents_url).path).view_name == "portal:documents"


def test_the_message_is_in_the_applicants_inbox(client, post_master, seed_programmes, officer):
    ada = make_user("ada.inbox@example.org", first_name="Ada")
    _application, transcript = submitted_with_transcripts(seed_programmes["post-master-ai"], ada)
    reject_transcripts(transcript, officer)
    message = OutboxMessage.objects.get(event="document_rejected")

    client.force_login(ada)
    inbox = client.get(reverse("portal:inbox")).content.decode()

    assert message.subject.replace("'", "&#x27;") in inbox


def test_the_timeline_says_the_reason(post_master, seed_programmes, officer):
    ada = make_user("ada.timeline@example.org", first_name="Ada")
    application, transcript = submitted_with_transcripts(seed_programmes["post-master-ai"], ada)

    reject_transcripts(transcript, officer)

    event = TimelineEvent.objects.filter(application=application).latest("pk")
    assert event.message_en == (
        "Transcripts: rejected — Incomplete: pages or parts are missing. Page 2 is missing."
    )
    assert "Incomplet" in event.message_fr
    assert "Page 2 is missing." in event.message_fr


def test_accepting_a_document_sends_nothing(post_master, seed_programmes, officer):
    ada = make_user("ada.accept@example.org", first_name="Ada")
    _application, transcript = submitted_with_transcripts(seed_programmes["post-master-ai"], ada)

    services.review_document(document=transcript, accepted=True, actor=officer)

    assert not OutboxMessage.objects.filter(event="document_rejected").exists()
