# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""Staff open interview slots: every interviewer must be free, and the mode needs its
number, link or room."""

from __future__ import annotations

import pytest

from admissions.core.errors import NotFound
from admissions.review.interviews import errors, slots
from admissions.review.models import InterviewMode
from tests.calendar import paris
from tests.review.interview_stories import (
    NOW,
    head,
    interviewer,
    open_slot,
    pm,
    pm_intake,
    slot,
)

pytestmark = pytest.mark.django_db


def test_an_interviewer_cannot_sit_on_two_overlapping_slots(pm_intake, head, interviewer, slot):
    with pytest.raises(errors.InterviewError) as refused:
        open_slot(pm_intake, [interviewer], actor=head, starts_at=paris(2027, 3, 8, 10, 15))

    assert refused.value.field == "interviewers"
    assert "Inès Interviewer already sits on another interview slot" in str(refused.value)


def test_a_slot_right_after_another_is_fine(pm_intake, head, interviewer, slot):
    after = open_slot(pm_intake, [interviewer], actor=head, starts_at=paris(2027, 3, 8, 10, 30))

    assert after.interviewers.get() == interviewer


def test_a_cancelled_slot_no_longer_holds_its_interviewers(pm_intake, head, interviewer, slot):
    slots.cancel_slot(slot=slot, actor=head, now=NOW)

    again = open_slot(pm_intake, [interviewer], actor=head)

    assert again.cancelled_at is None


def test_a_phone_slot_needs_the_number_to_call(pm_intake, head):
    with pytest.raises(errors.InterviewError) as refused:
        slots.create_slot(
            intake=pm_intake,
            starts_at=paris(2027, 3, 8, 10),
            duration_minutes=30,
            mode=InterviewMode.PHONE,
            interviewers=[head],
            actor=head,
            now=NOW,
        )

    assert refused.value.field == "phone_number"


def test_a_mode_the_programme_does_not_offer_is_refused(pm_intake, head):
    with pytest.raises(errors.InterviewError) as refused:
        open_slot(pm_intake, [head], actor=head, mode=InterviewMode.IN_PERSON)

    assert refused.value.field == "mode"


def test_a_slot_in_the_past_is_refused(pm_intake, head):
    with pytest.raises(errors.InterviewError) as refused:
        open_slot(pm_intake, [head], actor=head, starts_at=paris(2027, 2, 1, 10))

    assert refused.value.field == "starts_at"


def test_someone_who_does_not_interview_for_the_programme_cannot_sit_on_a_slot(
    pm_intake, head, reviewer
):
    with pytest.raises(errors.InterviewError) as refused:
        open_slot(pm_intake, [reviewer], actor=head)

    assert refused.value.field == "interviewers"


def test_only_the_programme_staff_who_manage_interviews_open_slots(pm_intake, interviewer):
    with pytest.raises(NotFound):
        open_slot(pm_intake, [interviewer], actor=interviewer)


def test_an_admissions_officer_opens_slots(pm_intake, officer, interviewer):
    created = open_slot(pm_intake, [interviewer], actor=officer)

    assert created.created_by == officer
