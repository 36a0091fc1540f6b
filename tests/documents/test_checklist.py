"""The checklist asks for exactly the seed programmes' documents, changing with the profile."""

from __future__ import annotations

import pytest
from django.utils import translation

from admissions.core import clock
from admissions.documents import selectors
from tests.documents.stories import application_for, upload

pytestmark = pytest.mark.django_db


def codes(application):
    return [item["code"] for item in selectors.checklist(application)]


def test_a_french_graduate_in_france_gets_the_post_masters_list_with_the_english_test(
    seed_programmes,
):
    application = application_for(seed_programmes["post-master-ai"])
    assert codes(application) == [
        "cv",
        "motivation_letter",
        "transcripts",
        "diplomas",
        "english_certificate",
        "mooc_certificate",
        "recommendation",
        "identity_document",
    ]


def test_a_native_english_speaker_is_not_asked_for_the_english_test(seed_programmes):
    application = application_for(
        seed_programmes["post-master-ai"], profile__american_in_the_us=True
    )
    assert "english_certificate" not in codes(application)


def test_an_applicant_under_etudes_en_france_is_asked_for_the_attestation(seed_programmes):
    application = application_for(
        seed_programmes["post-master-ai"], profile__moroccan_in_morocco=True
    )
    items = {item["code"]: item for item in selectors.checklist(application)}
    assert items["eef_attestation"]["timing"] == "after_submission"
    assert items["eef_attestation"]["state"] == "expected_later"


def test_the_msc_asks_a_non_french_speaker_for_the_french_test_and_explains_why(
    seed_programmes,
):
    application = application_for(
        seed_programmes["msc-cps2-ai-iot"],
        profile__nationalities=["DE"],
        profile__residence_country="DE",
        profile__native_languages=["de"],
        profile__instruction_languages=["de"],
    )
    items = {item["code"]: item for item in selectors.checklist(application)}
    assert "french_certificate" in items
    assert items["english_certificate"]["reason_en"] == (
        "Asked because English is not your native language nor the language of your "
        "previous studies."
    )
    assert items["french_certificate"]["reason_en"].startswith("Asked because")


def test_a_french_speaker_studying_in_english_gets_neither_language_test_at_the_msc(
    seed_programmes,
):
    application = application_for(
        seed_programmes["msc-cps2-ai-iot"], profile__instruction_languages=["en"]
    )
    assert "english_certificate" not in codes(application)
    assert "french_certificate" not in codes(application)
    assert codes(application)[:2] == ["cv", "motivation_letter"]


def test_the_reason_is_given_in_french_on_a_french_page(seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])
    with translation.override("fr"):
        item = next(
            i for i in selectors.checklist(application) if i["code"] == "english_certificate"
        )
    assert item["reason"].startswith("Demandé car")


def test_each_item_says_its_state_and_lists_its_files(seed_programmes):
    application = application_for(seed_programmes["post-master-ai"])
    document = upload(application, "cv", name="My CV.pdf")
    items = {item["code"]: item for item in selectors.checklist(application)}
    assert items["cv"]["state"] == "uploaded"
    assert items["cv"]["files"][0]["name"] == "My CV.pdf"
    assert items["cv"]["files"][0]["sha256"] == document.sha256
    assert items["motivation_letter"]["state"] == "missing"
    assert items["mooc_certificate"]["state"] == "expected_later"
    assert items["recommendation"]["required"] is False


def test_a_missing_documents_name_keeps_its_capitals_in_the_sentence(seed_programmes):
    """ "English proficiency certificate" and "MOOC certificate" are names: the sentence
    asking for one must not write "english" or "mOOC"."""
    from admissions.documents.submission_checks import documents_are_complete
    from tests.documents.stories import application_for

    application = application_for(seed_programmes["post-master-ai"])
    messages = [item.message_en for item in documents_are_complete(application, clock.now())]

    assert "Upload this document: English proficiency certificate." in messages
    assert not any(" english " in message for message in messages)
