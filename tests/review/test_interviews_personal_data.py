# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""Interviews in the applicant's personal data: the export lists them (the sheet once the
application is decided, never before its release), the erasure removes what was written
about the person."""

from __future__ import annotations

import pytest

from admissions.review.interviews.outcomes import record_outcome
from admissions.review.models import Interview, InterviewOutcome
from admissions.workflows.privacy.erasure import erase_person
from admissions.workflows.privacy.export import personal_data
from tests.calendar import paris
from tests.review.interview_stories import (
    NOW,
    PREREQUISITES,
    booked,
    eligible,
    head,
    interviewer,
    invited,
    pm,
    pm_intake,
    slot,
)

pytestmark = pytest.mark.django_db

AFTER = paris(2027, 3, 8, 11)


def fail(interview, actor):
    return record_outcome(
        interview=interview,
        actor=actor,
        outcome=InterviewOutcome.FAIL,
        scores={"career_goals": 1, "motivation": 2, "fit": 1},
        prerequisites={"java": "not_met"},
        notes="Hesitant on linear algebra.",
        expected_version=interview.version,
        now=AFTER,
    )


def test_the_export_lists_the_interview_but_holds_the_sheet_until_the_decision(
    booked, interviewer, applicant
):
    fail(booked, interviewer)

    data, _files = personal_data(applicant, now=AFTER)

    (row,) = data["applications"][0]["interviews"]
    assert row["status"] == "completed"
    assert row["starts_at"] == paris(2027, 3, 8, 10)
    assert "outcome" not in row
    assert "notes" not in row


def test_the_export_shows_the_sheet_once_the_application_is_decided(booked, interviewer, applicant):
    fail(booked, interviewer)
    application = booked.application
    application.status = "refused"
    application.save()

    data, _files = personal_data(applicant, now=AFTER)

    (row,) = data["applications"][0]["interviews"]
    assert row["outcome"] == "fail"
    assert row["notes"] == "Hesitant on linear algebra."


def test_erasure_removes_the_sheet_and_keeps_the_interview_row(booked, interviewer, applicant):
    fail(booked, interviewer)

    erase_person(user=applicant, now=AFTER, reason="request")

    interview = Interview.objects.get(pk=booked.pk)
    assert interview.notes == ""
    assert interview.scores == {}
    assert interview.prerequisites == {}
