"""The dashboard's next step for each application, in plain words."""

from admissions.applications.services import withdraw_application
from admissions.workflows.submission import next_step, submit_application
from tests.calendar import IN_ROUND_1, paris


def test_a_draft_missing_something_points_to_the_first_fix(ready_draft):
    ready_draft.answers = {}
    step = next_step(ready_draft, IN_ROUND_1)
    assert (step.code, step.step) == ("answers.career_plan", "questions")


def test_a_complete_draft_is_told_to_submit_before_the_deadline(ready_draft):
    step = next_step(ready_draft, IN_ROUND_1)
    assert step.code == "submit"
    assert "3 February 2027 at 23:59:59 (Paris time)" in step.message_en
    assert "3 février 2027 à 23:59:59 (heure de Paris)" in step.message("fr")


def test_a_submitted_application_waits_for_its_rounds_results_date(ready_draft):
    submit_application(application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_1)
    step = next_step(ready_draft, paris(2027, 2, 20))
    assert step.code == "wait_for_results"
    assert "3 March 2027 at 09:00 (Paris time)" in step.message_en
    assert "3 mars 2027 à 09:00 (heure de Paris)" in step.message("fr")


def test_a_withdrawn_application_has_nothing_left_to_do(ready_draft):
    withdraw_application(application=ready_draft, actor=ready_draft.applicant, now=IN_ROUND_1)
    assert next_step(ready_draft, IN_ROUND_1) is None
