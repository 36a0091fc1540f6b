# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""The day before an interview the applicant is reminded, once, however often tick runs."""

from __future__ import annotations

import pytest

from admissions.notifications.models import OutboxMessage
from admissions.notifications.reminders import run_reminders
from admissions.review.interviews import booking
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


def reminders():
    return OutboxMessage.objects.filter(event="interview_reminder")


def test_the_applicant_is_reminded_once_the_day_before(booked):
    run_reminders(now=paris(2027, 3, 6, 10))
    assert reminders().count() == 0

    run_reminders(now=paris(2027, 3, 7, 11))
    run_reminders(now=paris(2027, 3, 7, 11, 5))
    run_reminders(now=paris(2027, 3, 8, 8))

    (reminder,) = reminders()
    assert reminder.recipient_email == booked.application.applicant.email
    assert "8 March 2027" in reminder.body_text
    booked.refresh_from_db()
    assert booked.reminded_at == paris(2027, 3, 7, 11)


def test_no_reminder_after_a_cancellation(booked, applicant):
    booking.cancel(interview=booked, actor=applicant, now=NOW)

    run_reminders(now=paris(2027, 3, 7, 11))

    assert reminders().count() == 0


def test_a_moved_interview_is_reminded_for_its_new_time(
    booked, applicant, pm_intake, head, interviewer
):
    run_reminders(now=paris(2027, 3, 7, 9))  # 25 hours before: not yet
    later = open_slot(pm_intake, [interviewer], actor=head, starts_at=paris(2027, 3, 12, 10))
    booking.move(interview=booked, slot=later, actor=applicant, now=paris(2027, 3, 7, 9))

    run_reminders(now=paris(2027, 3, 7, 11))
    assert reminders().count() == 0
    run_reminders(now=paris(2027, 3, 11, 11))

    assert reminders().count() == 1
