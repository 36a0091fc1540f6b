"""Staff pages under French show labels, never raw choice values or codes (document states
such as ``expected_later``, document codes such as ``mooc_certificate``), and speak to staff
about the applicant, never to the applicant ("vous avez 87 mois…")."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from admissions.applicants.models import DegreeLevel, FieldOfStudy, TestCode
from admissions.applications.states import Status
from admissions.catalogue.models import DocumentType
from admissions.documents import selectors as document_selectors
from admissions.documents import services as document_services
from admissions.documents.models import DocumentStatus
from admissions.eligibility import services as eligibility_services
from admissions.eligibility.models import CriterionStatus, Outcome
from admissions.finance.models import FeeStatus
from admissions.rules.eligibility import messages
from tests.applicants.factories import ExperienceFactory, LanguageTestFactory
from tests.conftest import pay_fee
from tests.documents.stories import application_for, upload
from tests.pages import text_of

pytestmark = pytest.mark.django_db

# Degree levels that are also French words ("un master") are not leaks.
FRENCH_WORDS = {"master"}


@pytest.fixture(autouse=True)
def back_to_the_default_language():
    """The French requests leave French active in this thread; the next test must not read
    its messages in French."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def raw_values() -> set[str]:
    """Every code a page might leak: choice values whose label differs from the value, the
    documents checklist's states and the document types' codes."""
    values = {
        value
        for choices in (
            Status,
            DocumentStatus,
            FeeStatus,
            Outcome,
            CriterionStatus,
            DegreeLevel,
            FieldOfStudy,
            TestCode,
        )
        for value, label in choices.choices
        if str(value) != str(label)
    }
    values |= set(document_selectors.STATE_LABELS)
    values |= set(DocumentType.objects.values_list("code", flat=True))
    return values - FRENCH_WORDS


def applicant_sentences(application) -> set[str]:
    """What the applicant reads about their eligibility and their documents, where staff
    read something else."""
    sentences = set()
    for criterion in application.eligibility_snapshot["criteria"]:
        if criterion["type"] == "review":
            continue  # the programme's own words, the same for everyone
        staff = messages.render(criterion["key"], criterion["params"], "fr", voice="staff")
        if staff != criterion["message_fr"]:
            sentences.add(criterion["message_fr"])
    for item in document_selectors.checklist_items(application):
        if item.reason_fr and item.reason_fr != item.staff_reason_fr:
            sentences.add(item.reason_fr)
    return sentences


@pytest.fixture
def application(post_master, msc, seed_programmes, officer):
    application = application_for(seed_programmes["post-master-ai"], submitted=True)
    profile = application.applicant.applicant_profile
    ExperienceFactory(profile=profile, started_on=dt.date(2019, 1, 1), ended_on=None)
    LanguageTestFactory(profile=profile, test="TOEIC_LR", score=820)
    application.status = Status.DRAFT
    application.save()
    upload(application, "cv", name="cv.pdf")
    transcripts = upload(application, "transcripts", name="releves.pdf")
    pay_fee(application)
    application.status = Status.SUBMITTED
    application.save()
    eligibility_services.snapshot_on_submission(application)
    document_services.review_document(
        document=transcripts, accepted=True, reason_code="", text="", actor=officer
    )
    return application


def staff_pages(application) -> list[str]:
    reference = application.reference
    return [
        reverse("staff:home"),
        reverse("staff:application", args=[reference]),
        reverse("staff:documents", args=[reference]),
        reverse("staff:documents-waiting"),
        reverse("staff:eligibility", args=[reference]),
    ]


def test_staff_pages_in_french_show_labels_and_speak_about_the_applicant(
    client, officer, application
):
    client.force_login(officer)
    codes = raw_values()
    # A code stands alone: not inside a word, a path or a file name ("cv.pdf").
    pattern = re.compile(r"(?<![\w/.-])(" + "|".join(map(re.escape, codes)) + r")(?![\w/.-])")
    to_the_applicant = applicant_sentences(application)
    assert to_the_applicant  # the story has sentences that differ for staff

    found = {}
    pages = {}
    for url in staff_pages(application):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 200, url
        pages[url] = text = text_of(response)
        leaks = sorted(set(pattern.findall(text)))
        voice = sorted(sentence for sentence in to_the_applicant if sentence in text)
        if leaks or voice:
            found[url] = {"codes": leaks, "to the applicant": voice}

    assert found == {}
    eligibility = pages[reverse("staff:eligibility", args=[application.reference])]
    assert "Le candidat a " in eligibility
    assert "mois d'expérience professionnelle" in eligibility
