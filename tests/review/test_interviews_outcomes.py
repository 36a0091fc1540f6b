# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""The outcome sheet: a pass sends a Post-Master's application to the panel, a fail is an
outcome staff see and nothing the applicant is told, a no-show allows a second invitation,
and an MSc interview's weighted score is kept for the committee."""

from __future__ import annotations

from decimal import Decimal

import pytest

from admissions.applications.models import TimelineEvent
from admissions.applications.selectors import timeline_for_applicant
from admissions.applications.states import Status
from admissions.core.errors import NotFound
from admissions.notifications.models import OutboxMessage
from admissions.review.interviews import errors, outcomes, selection
from admissions.review.interviews.outcomes import SheetErrors, record_outcome
from admissions.review.models import InterviewOutcome, InterviewStatus
from tests.calendar import paris
from tests.review.interview_stories import (
    NOW,
    PREREQUISITES,
    booked,
    eligible,
    eligible_application,
    head,
    interviewer,
    invited,
    open_slot,
    pm,
    pm_intake,
    slot,
)

pytestmark = pytest.mark.django_db

AFTER = paris(2027, 3, 8, 10, 45)
SCORES = {"career_goals": 4, "motivation": 5, "fit": 3}


def sheet(**kw):
    return {
        "scores": SCORES,
        "prerequisites": {code: "met" for code in PREREQUISITES},
        "notes": "Clear plan.",
        "now": AFTER,
        **kw,
    }


def test_a_pass_sends_a_post_masters_application_to_the_panel(booked, interviewer):
    interview = record_outcome(
        interview=booked,
        actor=interviewer,
        outcome=InterviewOutcome.PASS,
        expected_version=booked.version,
        **sheet(),
    )

    application = interview.application
    application.refresh_from_db()
    assert application.status == Status.READY_FOR_PANEL
    assert interview.status == InterviewStatus.COMPLETED
    assert interview.weighted_score == Decimal("4.200")
    assert interview.prerequisites["python"] == "met"


def test_a_fail_is_an_outcome_for_staff_and_no_refusal_for_the_applicant(booked, interviewer):
    before = set(OutboxMessage.objects.values_list("pk", flat=True))

    interview = record_outcome(
        interview=booked,
        actor=interviewer,
        outcome=InterviewOutcome.FAIL,
        expected_version=booked.version,
        **sheet(prerequisites={"java": "not_met"}),
    )

    application = interview.application
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW
    assert interview.outcome == InterviewOutcome.FAIL
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == before
    seen = [event.kind for event in timeline_for_applicant(application)]
    assert "interview_recorded" not in seen
    assert not any(event.to_status == Status.REFUSED for event in application.timeline.all())
    assert TimelineEvent.objects.filter(
        application=application, kind="interview_recorded", visible_to_applicant=False
    ).exists()
    assert interview.prerequisites["java"] == "not_met"
    assert interview.prerequisites["unix"] == "not_assessed"


def test_a_no_show_is_told_and_allows_a_second_invitation(booked, interviewer, head):
    record_outcome(
        interview=booked,
        actor=interviewer,
        no_show=True,
        expected_version=booked.version,
        now=AFTER,
    )

    booked.refresh_from_db()
    assert booked.status == InterviewStatus.NO_SHOW
    assert OutboxMessage.objects.filter(event="interview_no_show").count() == 1
    second = selection.invite(application=booked.application, actor=head, now=AFTER)
    assert second.attempt == 2
    assert second.uid != booked.uid
    assert second.status == InterviewStatus.INVITED


def test_a_held_interview_does_not_allow_a_second_invitation(booked, interviewer, head):
    record_outcome(
        interview=booked,
        actor=interviewer,
        outcome=InterviewOutcome.UNDECIDED,
        expected_version=booked.version,
        **sheet(),
    )

    with pytest.raises(errors.InterviewError):
        selection.invite(application=booked.application, actor=head, now=AFTER)


def test_a_pass_or_fail_needs_every_criterion_scored_and_on_the_scale(booked, interviewer):
    with pytest.raises(SheetErrors) as refused:
        record_outcome(
            interview=booked,
            actor=interviewer,
            outcome=InterviewOutcome.PASS,
            expected_version=booked.version,
            **sheet(scores={"career_goals": 9, "motivation": 4}),
        )

    fields = [field for field, _message in refused.value.errors]
    assert fields == ["score_career_goals", "score_fit"]


def test_an_outcome_cannot_be_recorded_before_the_interview(booked, interviewer):
    with pytest.raises(errors.InterviewError):
        record_outcome(
            interview=booked,
            actor=interviewer,
            outcome=InterviewOutcome.PASS,
            expected_version=booked.version,
            **sheet(now=NOW),
        )


def test_a_sheet_recorded_meanwhile_is_not_overwritten(booked, interviewer, head):
    version = booked.version
    record_outcome(
        interview=booked,
        actor=head,
        outcome=InterviewOutcome.UNDECIDED,
        expected_version=version,
        **sheet(),
    )

    with pytest.raises(errors.StaleInterview):
        record_outcome(
            interview=booked,
            actor=interviewer,
            outcome=InterviewOutcome.FAIL,
            expected_version=version,
            **sheet(),
        )


def test_an_interviewer_who_does_not_sit_on_the_slot_cannot_record_it(booked, pm):
    from admissions.core.roles import Role
    from tests.people import make_user

    stranger = make_user("ivan.other@example.org", [(Role.INTERVIEWER, pm)], mfa=True)

    with pytest.raises(NotFound):
        record_outcome(
            interview=booked,
            actor=stranger,
            outcome=InterviewOutcome.PASS,
            expected_version=booked.version,
            **sheet(),
        )


def test_an_msc_interview_keeps_its_weighted_score_and_its_status(booked, interviewer, pm):
    pm.pipeline = ["eligibility", "committee_review", "interview"]
    pm.save()

    interview = record_outcome(
        interview=booked,
        actor=interviewer,
        outcome=InterviewOutcome.PASS,
        expected_version=booked.version,
        **sheet(),
    )

    interview.application.refresh_from_db()
    assert interview.application.status == Status.INTERVIEW
    assert interview.weighted_score == Decimal("4.200")
    assert outcomes.goes_to_panel_on_pass(pm) is False
