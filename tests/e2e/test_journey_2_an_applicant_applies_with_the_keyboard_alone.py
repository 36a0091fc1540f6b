"""Journey 2, in a browser and with the keyboard alone (Tab, typing, Space, Enter and the
arrow keys; nothing is clicked): a new applicant fills the profile, applies to the
Post-Master's in AI, uploads the documents (a forged PDF is refused with the reason, then
the real file is accepted), pays the €150 fee on the payment simulator, invites a referee who
writes the reference from the emailed link, and submits before the deadline. Every page
visited is checked again in French on a phone."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from admissions.applications.models import Application
from admissions.applications.states import Status
from tests.applicants.factories import UserFactory
from tests.calendar import IN_ROUND_1
from tests.documents import filebuilders
from tests.e2e.journeys import KeyboardOnly

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def save(page, keys: KeyboardOnly) -> None:
    keys.press(page.get_by_role("button", name="Save"))
    summary = page.locator("[data-error-summary]")
    assert summary.count() == 0, summary.first.inner_text()


def fill_the_profile(person, keys: KeyboardOnly) -> None:
    page = person.goto("/me/profile/identity/")
    keys.type(page.get_by_label("Given names"), "Amina")
    keys.type(page.get_by_label("Family name"), "Benali")
    keys.date(page.get_by_label("Date of birth"), "1996-04-12")
    keys.select(page.locator('select[name="nationalities"]'), "MA")
    keys.select(page.locator('select[name="residence_country"]'), "FR")
    keys.type(page.get_by_label("Phone"), "+33 6 12 34 56 78")
    keys.type(page.get_by_label("Postal address"), "12 rue de la Paix, 75002 Paris")
    save(page, keys)
    person.screenshot("applicant-profile")

    page = person.goto("/me/profile/languages/")
    keys.select(page.locator('select[name="native_languages"]'), "ar")
    keys.select(page.locator('select[name="instruction_languages"]'), "fr")
    save(page, keys)

    page = person.goto("/me/profile/education/add/")
    keys.select(page.locator('select[name="level"]'), "engineering")
    keys.select(page.locator('select[name="field"]'), "computer_science")
    keys.type(page.get_by_label("Institution"), "École Mohammadia d'Ingénieurs")
    keys.select(page.locator('select[name="country"]'), "MA")
    keys.type(page.get_by_label("ECTS"), "300")
    keys.type(page.get_by_label("Years of study"), "5")
    keys.date(page.locator('input[name="started_on"]'), "2014-09-01")
    keys.date(page.locator('input[name="ended_on"]'), "2019-06-30")
    save(page, keys)

    page = person.goto("/me/profile/language-tests/add/")
    keys.select(page.locator('select[name="test"]'), "TOEIC_LR")
    keys.date(page.locator('input[name="taken_on"]'), "2026-05-01")
    keys.type(page.locator('input[name="score"]'), "820")
    save(page, keys)

    page = person.goto("/me/profile/experience/")
    keys.toggle(page.get_by_label("I have no professional experience"))
    save(page, keys)


def apply_and_answer(person, keys: KeyboardOnly) -> str:
    page = person.goto("/programmes/post-master-ai/")
    keys.press(page.locator('main a[href="/programmes/post-master-ai/apply/"]'))
    keys.press(page.get_by_role("button", name="Start my application"))
    reference = re.search(r"PMAI-\d{4}-\d{5}", page.url).group(0)
    page = person.goto(f"/applications/{reference}/step/questions/")
    keys.type(
        page.locator('textarea[name="career_plan"]'),
        "Lead the machine learning team of an industrial vision company within five years.",
    )
    keys.press(page.get_by_role("button", name="Save and continue"))
    return reference


def upload_the_documents(person, keys: KeyboardOnly, reference: str, tmp_path) -> None:
    page = person.goto(f"/applications/{reference}/documents/")
    forged = tmp_path / "cv.pdf"
    forged.write_bytes(b"This is not a PDF, whatever its name says.\n" * 20)
    keys.upload(page.locator("#file-cv"), str(forged))
    keys.press(page.locator("#item-cv").get_by_role("button", name="Upload"), navigates=False)
    refusal = page.locator("#item-cv .upload-status[role=alert]")
    refusal.wait_for()
    assert "PDF" in refusal.inner_text()

    good = filebuilders.pdf_bytes()
    documents = (
        "cv",
        "motivation_letter",
        "transcripts",
        "diplomas",
        "english_certificate",
        "identity_document",
    )
    for code in documents:
        path = tmp_path / f"{code}.pdf"
        path.write_bytes(good)
        page = person.goto(f"/applications/{reference}/documents/")
        keys.upload(page.locator(f"#file-{code}"), str(path))
        keys.press(page.locator(f"#item-{code}").get_by_role("button", name="Upload"))
        page.locator(f"#item-{code}").get_by_role("link", name=f"{code}.pdf").wait_for()
    person.screenshot("applicant-documents-uploaded")


def invite_a_referee(journey, person, keys: KeyboardOnly, reference: str, tmp_path) -> None:
    from admissions.notifications.services.delivery import deliver_due_messages

    page = person.goto(f"/applications/{reference}/referees/")
    keys.type(page.get_by_label("Name"), "Prof. Jean Dupont")
    keys.type(page.get_by_label("Email"), "jean.dupont@example.edu")
    keys.type(page.get_by_label("Relationship"), "Thesis supervisor")
    keys.type(page.get_by_label("Institution"), "École Mohammadia d'Ingénieurs")
    keys.press(page.get_by_role("button", name="Send the invitation"))

    deliver_due_messages()  # what the worker does
    [invitation] = [m for m in mail.outbox if "jean.dupont@example.edu" in m.to]
    link = re.search(r"https?://[^/\s]+(/references/[^\s>]+/)", invitation.body).group(1)
    referee = journey.person("referee")
    referee_keys = KeyboardOnly(referee.page)
    page = referee.goto(link)
    keys_letter = tmp_path / "letter.pdf"
    keys_letter.write_bytes(filebuilders.pdf_bytes())
    referee_keys.upload(page.get_by_label("Your letter (PDF, JPEG or PNG)"), str(keys_letter))
    referee_keys.press(page.get_by_role("button", name="Send the letter"))
    assert "Thank" in page.locator("main").inner_text()


def pay_the_fee(person, keys: KeyboardOnly, reference: str) -> None:
    page = person.goto(f"/applications/{reference}/fee/")
    keys.press(page.get_by_role("button", name="Pay €150 by card"))
    keys.press(page.get_by_role("button", name="Pay €150"))
    assert page.locator("#payment-state").inner_text() == "Paid"


def test_an_applicant_applies_to_the_post_masters_with_the_keyboard_alone(
    journey, seed_programmes, settings, tmp_path
):
    settings.CLOCK_FROZEN_AT = IN_ROUND_1
    user = UserFactory(email="amina.benali@example.org")
    person = journey.person("applicant", user)
    keys = KeyboardOnly(person.page)

    fill_the_profile(person, keys)
    reference = apply_and_answer(person, keys)
    upload_the_documents(person, keys, reference, tmp_path)
    invite_a_referee(journey, person, keys, reference, tmp_path)
    pay_the_fee(person, keys, reference)

    page = person.goto(f"/applications/{reference}/step/review/")
    person.screenshot("applicant-review")
    keys.press(page.get_by_role("button", name="Submit my application"))
    assert page.url.endswith(f"/applications/{reference}/submitted/")
    assert Application.objects.get(reference=reference).status == Status.SUBMITTED

    journey.check_every_visited_page()
