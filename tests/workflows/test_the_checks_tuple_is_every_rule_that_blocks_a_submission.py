"""``SUBMISSION_CHECKS`` is the one list of what can stop a submission: a check added to it
blocks the submission and shows on the review page, its order is the page's order, and
nothing outside it blocks."""

from __future__ import annotations

import pytest
from django.urls import reverse

from admissions.applicants.models import Profile
from admissions.applications.checks import (
    MissingItem,
    Step,
    answers_are_complete,
    profile_is_complete,
    round_is_open,
)
from admissions.applications.states import Status
from admissions.core import clock
from admissions.documents.submission_checks import documents_are_complete
from admissions.finance.submission_checks import fee_is_settled
from admissions.workflows import submission
from tests.calendar import IN_ROUND_1

CHARTER_EN = "Sign the charter of the school."
CHARTER_FR = "Signez la charte de votre école."


def charter_not_signed(application, now):
    return [MissingItem("charter.unsigned", CHARTER_EN, CHARTER_FR, Step.REVIEW)]


def review_page(client, application):
    client.force_login(application.applicant)
    with clock.frozen(IN_ROUND_1):
        response = client.get(reverse("portal:step", args=[application.reference, "review"]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_tuple_lists_every_rule_in_the_order_of_the_stepped_form():
    assert (
        round_is_open,
        profile_is_complete,
        answers_are_complete,
        documents_are_complete,
        fee_is_settled,
    ) == submission.SUBMISSION_CHECKS


def test_a_check_added_to_the_tuple_blocks_the_submission_and_shows_on_the_review_page(
    client, ready_draft, monkeypatch
):
    monkeypatch.setattr(
        submission, "SUBMISSION_CHECKS", (*submission.SUBMISSION_CHECKS, charter_not_signed)
    )

    with pytest.raises(submission.SubmissionRefused) as refused:
        submission.submit_application(
            application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_1
        )

    assert [item.code for item in refused.value.items] == ["charter.unsigned"]
    assert CHARTER_EN in review_page(client, ready_draft)
    ready_draft.refresh_from_db()
    assert ready_draft.status == Status.DRAFT


def test_the_review_page_lists_missing_items_in_the_order_of_the_tuple(
    client, ready_draft, monkeypatch
):
    Profile.objects.filter(user=ready_draft.applicant).update(date_of_birth=None)
    ready_draft.answers = {}
    ready_draft.save()
    profile_gap = "Give your date of birth."
    unanswered = "Describe your career plan in the programme questions."

    page = review_page(client, ready_draft)
    assert page.index(profile_gap) < page.index(unanswered)

    monkeypatch.setattr(
        submission,
        "SUBMISSION_CHECKS",
        (round_is_open, answers_are_complete, profile_is_complete, documents_are_complete),
    )
    page = review_page(client, ready_draft)
    assert page.index(unanswered) < page.index(profile_gap)


def test_nothing_outside_the_tuple_blocks_a_submission(ready_draft, monkeypatch):
    ready_draft.answers = {}
    ready_draft.save()
    assert [item.code for item in submission.missing_items(ready_draft, IN_ROUND_1)] == [
        "answers.career_plan"
    ]
    monkeypatch.setattr(submission, "SUBMISSION_CHECKS", ())

    submitted = submission.submit_application(
        application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_1
    )

    assert submitted.status == Status.SUBMITTED
