"""Each reason a submission is refused, with where to fix it."""

import pytest

from admissions.applicants.models import Profile
from admissions.applications.states import Status
from admissions.workflows import submission
from admissions.workflows.submission import MissingItem, SubmissionRefused, submit_application
from tests.calendar import IN_ROUND_1, paris


def refusal(application, now=IN_ROUND_1):
    with pytest.raises(SubmissionRefused) as caught:
        submit_application(application=application, actor=application.applicant, now=now)
    return caught.value


def codes(error):
    return [item.code for item in error.items]


def test_before_the_first_round_opens_it_says_when_it_opens(ready_draft):
    error = refusal(ready_draft, now=paris(2026, 10, 20, 12))
    assert codes(error) == ["round.not_open"]
    item = error.items[0]
    assert "2 November 2026 at 00:00 (Paris time)" in item.message_en
    assert "2 novembre 2026 à 00:00 (heure de Paris)" in item.message_fr


def test_between_rounds_it_says_which_deadline_passed_and_when_the_next_round_opens(ready_draft):
    error = refusal(ready_draft, now=paris(2027, 2, 5, 12))
    assert codes(error) == ["round.deadline_passed"]
    assert error.items[0].message_en == (
        "The deadline of round 1 passed on 3 February 2027 at 23:59:59 (Paris time). "
        "Round 2 opens on 10 February 2027 at 00:00 (Paris time): submit then."
    )


def test_after_the_last_deadline_it_says_no_other_round_is_planned(ready_draft):
    error = refusal(ready_draft, now=paris(2027, 9, 20, 12))
    assert "No other round is planned" in error.items[0].message_en


def test_each_profile_gap_is_listed_with_its_field(ready_draft):
    Profile.objects.filter(user=ready_draft.applicant).update(
        given_names="", date_of_birth=None, nationalities=[], native_languages=[]
    )
    ready_draft.applicant.applicant_profile.degrees.all().delete()
    error = refusal(ready_draft)
    assert codes(error) == [
        "profile.given_names",
        "profile.date_of_birth",
        "profile.nationalities",
        "profile.native_languages",
        "profile.degrees",
    ]
    assert {item.step for item in error.items} == {"profile"}


def test_without_a_profile_every_identity_item_is_missing(ready_draft):
    Profile.objects.filter(user=ready_draft.applicant).delete()
    assert len(refusal(ready_draft).items) == 7


def test_an_unanswered_career_plan_is_missing(ready_draft):
    ready_draft.answers = {"career_plan": "   "}
    ready_draft.save()
    error = refusal(ready_draft)
    assert error.items == [
        MissingItem(
            "answers.career_plan",
            "Describe your career plan in the programme questions.",
            "Décrivez votre projet professionnel dans les questions du programme.",
            "questions",
            "career_plan",
        )
    ]


def test_a_check_added_to_the_tuple_adds_its_items(ready_draft, monkeypatch):
    def fee_not_paid(application, now):
        return [
            MissingItem(
                "fee.unpaid",
                "Pay the €150 application fee.",
                "Payez les frais de candidature de 150 €.",
                step="fee",
            )
        ]

    monkeypatch.setattr(
        submission, "SUBMISSION_CHECKS", (*submission.SUBMISSION_CHECKS, fee_not_paid)
    )
    error = refusal(ready_draft)
    assert codes(error) == ["fee.unpaid"]
    assert error.items[0].message("fr") == "Payez les frais de candidature de 150 €."


def test_several_reasons_are_all_listed_and_nothing_changes(ready_draft):
    ready_draft.answers = {}
    ready_draft.save()
    error = refusal(ready_draft, now=paris(2027, 2, 5, 12))
    assert codes(error) == ["round.deadline_passed", "answers.career_plan"]
    assert "2 items" in str(error)
    ready_draft.refresh_from_db()
    assert (ready_draft.status, ready_draft.round, ready_draft.submitted_at) == (
        Status.DRAFT,
        None,
        None,
    )
