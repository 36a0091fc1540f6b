"""Every page a person reads (public, applicant, staff) reads in French under French: no
English sentence of the catalogue left untranslated, no English written outside it, and no
raw choice value ("pole_emploi", "expected_later") where a label belongs.

The checks are heuristics on the page's visible text:

- a sentence of the French catalogue (three words or more, translated differently) appears in
  its English form: the page rendered it without translating it;
- an English word no French sentence uses ("the", "your", "please"…) appears outside the
  proper names below: English was written outside the catalogue;
- a value of one of our ``TextChoices`` with an underscore appears as a word, or the English
  label of a choice that French labels otherwise: a code or an untranslated label.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from django.db import models
from django.urls import reverse
from django.utils import translation

from admissions.core import clock
from admissions.documents.selectors import STATE_LABELS
from admissions.notifications.events import get_event
from admissions.notifications.services import queue_message
from tests.applicants.factories import LanguageTestFactory
from tests.calendar import IN_ROUND_1
from tests.pages import text_of
from tests.people import make_finance_officer
from tests.portal.test_applicant_support import (
    complete_profile,
    make_submitted,
    start_application,
)
from tests.test_translations import PO, parse_po

pytestmark = pytest.mark.django_db

# Names that stay as they are in French pages: tests, MOOCs, the school's data.
PROPER_NAMES = (
    "The Basics of Big Data",
    "Use of English",  # a section of the Cambridge English exams
    "TOEIC Listening & Reading",
    "Listening & Reading",
)
# Codes that are also French words: "un master", "un bachelor".
FRENCH_WORDS = {"master", "bachelor"}
ENGLISH_WORDS = re.compile(
    r"\b(the|your|you|please|with|which|should|must|yet|there|these|those)\b", re.IGNORECASE
)


@cache
def english_sentences() -> tuple[str, ...]:
    sentences = []
    for entry in parse_po(PO):
        english, french = entry.msgid, entry.msgstr.get(0, "")
        if entry.is_header or "%" in english or "{" in english or english == french:
            continue
        if len(english.split()) >= 3:
            sentences.append(english)
    return tuple(sentences)


def _choice_classes(base=models.TextChoices):
    for cls in base.__subclasses__():
        if cls.__module__.startswith("admissions."):
            yield cls
        yield from _choice_classes(cls)


@cache
def choice_codes_and_english_labels() -> tuple[frozenset[str], frozenset[str]]:
    # The checklist's states are codes too, though not a TextChoices.
    codes, labels = {state for state in STATE_LABELS if "_" in state}, set()
    for cls in _choice_classes():
        for choice in cls:
            # A code is snake_case ("pole_emploi") or a lowercase English word ("submitted").
            if "_" in choice.value or re.fullmatch(r"[a-z]{5,}", choice.value):
                codes.add(choice.value)
            with translation.override("en"):
                english = str(choice.label)
            with translation.override("fr"):
                french = str(choice.label)
            # "English" is how the language switch and the correspondence choice name English.
            if english != french and len(english) > 3 and english != "English":
                labels.add(english)
    return frozenset(codes - FRENCH_WORDS), frozenset(labels)


def problems_in(text: str) -> list[str]:
    for name in PROPER_NAMES:
        text = text.replace(name, " ")
    found = [f"English sentence: {s!r}" for s in english_sentences() if s in text]
    found += [f"English word: {w!r}" for w in sorted(set(ENGLISH_WORDS.findall(text)))]
    codes, labels = choice_codes_and_english_labels()
    found += [
        f"choice value: {c!r}"
        for c in sorted(codes)
        if re.search(rf"(?<![\w.-]){c}(?![\w.-])", text)
    ]
    found += [
        f"English label: {label!r}"
        for label in sorted(labels)
        if re.search(rf"(?<![\w'’-]){re.escape(label)}(?![\w'’-])", text)
    ]
    return found


@pytest.fixture
def story(seed_programmes, applicant, administrator):
    """Ada, a Moroccan living in Morocco, with a submitted Post-Master's application, an MSc
    draft, a language test and an English message in her inbox; Adèle administers the school."""
    with clock.frozen(IN_ROUND_1):
        complete_profile(applicant, moroccan_in_morocco=True)
        LanguageTestFactory(profile=applicant.applicant_profile)
        submitted = make_submitted(applicant, seed_programmes["post-master-ai"], IN_ROUND_1)
        draft = start_application(applicant, seed_programmes["msc-cps2-ai-iot"], IN_ROUND_1)
    message = queue_message(
        recipient_email=applicant.email,
        template="application_submitted",
        context={**get_event("application_submitted").sample, "application_ref": "X"},
        language="en",
        idempotency_key="submitted-copy",
        user=applicant,
    )
    return {"submitted": submitted, "draft": draft, "message": message}


def public_pages(story) -> list[str]:
    return [
        "/",
        "/programmes/",
        "/programmes/post-master-ai/",
        "/programmes/msc-cps2-ai-iot/",
        "/eligibility/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
    ]


def applicant_pages(story) -> list[str]:
    submitted, draft = story["submitted"].reference, story["draft"].reference
    pages = [
        "/me/",
        "/me/profile/",
        "/inbox/",
        reverse("portal:inbox-message", args=[story["message"].public_id]),
        "/programmes/msc-cps2-ai-iot/apply/",
    ]
    for section in (
        "identity",
        "languages",
        "special-needs",
        "etudes-en-france",
        "education",
        "experience",
        "language-tests",
        "certifications",
    ):
        pages.append(f"/me/profile/{section}/")
    for kind in ("education", "experience", "language-tests", "certifications"):
        pages.append(f"/me/profile/{kind}/add/")
    for reference in (submitted, draft):
        pages += [
            f"/applications/{reference}/",
            f"/applications/{reference}/documents/",
            f"/applications/{reference}/fee/",
            f"/applications/{reference}/withdraw/",
        ]
    pages.append(f"/applications/{submitted}/submitted/")
    pages += [
        f"/applications/{submitted}/quotes/",
        f"/applications/{submitted}/fee/waiver/",
    ]
    for step in ("programme", "profile", "etudes_en_france", "questions", "funding", "review"):
        pages.append(f"/applications/{draft}/step/{step}/")
    pages.append(f"/applications/{draft}/referees/")
    return pages


def staff_pages(story) -> list[str]:
    reference = story["submitted"].reference
    return [
        "/staff/",
        "/staff/documents/waiting/",
        f"/staff/documents/{reference}/",
        f"/staff/eligibility/applications/{reference}/",
        "/staff/notifications/",
        "/staff/notifications/templates/",
        "/staff/notifications/templates/application_submitted/fr/",
        "/staff/api-tokens/",
        "/staff/api-tokens/new/",
    ]


def finance_pages(story) -> list[str]:
    reference = story["submitted"].reference
    return [
        "/staff/finance/",
        f"/staff/finance/applications/{reference}/",
        "/staff/finance/quotes/",
        "/staff/finance/reports/",
        "/staff/finance/statements/",
        "/staff/finance/waivers/",
    ]


def read_in_french(client, url) -> list[str]:
    with clock.frozen(IN_ROUND_1):
        response = client.get(url, follow=False)
    if response.status_code != 200:
        return [f"answered {response.status_code}"]
    html = response.content
    # The language switch names each language in itself ("English", "Français"); text marked
    # as another language (a message's body as it was sent) and code are what they are.
    html = re.sub(rb'<select[^>]*id="language-switch".*?</select>', b"", html, flags=re.S)
    html = re.sub(rb'<(\w+)\b[^>]*\slang="en"[^>]*>.*?</\1>', b"", html, flags=re.S)
    html = re.sub(rb"<code>.*?</code>", b"", html, flags=re.S)
    response.content = html
    return problems_in(text_of(response))


def assert_french(client, urls):
    client.cookies["django_language"] = "fr"
    failures = {url: found for url in urls if (found := read_in_french(client, url))}
    assert not failures, "\n".join(f"{url}: {found}" for url, found in failures.items())


def test_public_pages_read_in_french(client, story):
    assert_french(client, public_pages(story))


def test_applicant_pages_read_in_french(client, story, applicant):
    client.force_login(applicant)
    assert_french(client, applicant_pages(story))


def test_staff_pages_read_in_french(client, story, administrator):
    client.force_login(administrator)
    assert_french(client, staff_pages(story))


def test_finance_pages_read_in_french(client, story, seed_programmes):
    client.force_login(make_finance_officer(seed_programmes["post-master-ai"]))
    assert_french(client, finance_pages(story))


def test_the_heuristic_catches_english_and_codes():
    assert problems_in("Your application is saved.")
    assert problems_in("Financement : pole_emploi")
    assert not problems_in("Votre candidature est enregistrée. Anglais : TOEIC")
