"""Reminders plug in as producers; each reminder goes once per subject and moment."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.core.schedule import run_due_jobs
from admissions.notifications.events import get_event
from admissions.notifications.models import OutboxMessage
from admissions.notifications.reminders import (
    ReminderSpec,
    due_reminder,
    register_producer,
    run_reminders,
    unregister_producer,
)
from tests.calendar import PARIS

DEADLINE = dt.datetime(2027, 2, 15, 23, 59, 59, tzinfo=PARIS)
DRAFTS = [("PMAI-2027-00042", "camille@example.org"), ("PMAI-2027-00043", "jules@example.org")]


def deadline_reminders(now: dt.datetime):
    """What the applications app will do: a reminder for each draft near its deadline."""
    days = due_reminder(deadline=DEADLINE, now=now)
    if days is None:
        return
    for reference, email in DRAFTS:
        yield ReminderSpec(
            key=f"reminder:deadline:{reference}:{days}d",
            recipient_email=email,
            template="deadline_approaching",
            context={
                **get_event("deadline_approaching").sample,
                "application_ref": reference,
                "deadline_at": DEADLINE,
                "days_left": days,
            },
        )


@pytest.fixture
def producer():
    register_producer("tests.deadline", deadline_reminders)
    yield
    unregister_producer("tests.deadline")


def keys() -> list[str]:
    return sorted(OutboxMessage.objects.values_list("idempotency_key", flat=True))


@pytest.mark.django_db
def test_repeated_tick_runs_send_each_reminder_once(producer):
    six_days_before = DEADLINE - dt.timedelta(days=6)

    for minutes in (0, 0, 5, 30, 90):
        run_due_jobs(now=six_days_before + dt.timedelta(minutes=minutes), force=True)

    assert keys() == [
        "reminder:deadline:PMAI-2027-00042:7d",
        "reminder:deadline:PMAI-2027-00043:7d",
    ]


@pytest.mark.django_db
def test_the_next_moment_sends_the_next_reminder_once(producer):
    run_reminders(now=DEADLINE - dt.timedelta(days=6))
    first_day = run_reminders(now=DEADLINE - dt.timedelta(hours=20))
    again = run_reminders(now=DEADLINE - dt.timedelta(hours=2))

    assert (first_day.queued, first_day.already_sent) == (2, 0)
    assert (again.queued, again.already_sent) == (0, 2)
    assert len(keys()) == 4
    assert (
        OutboxMessage.objects.get(idempotency_key="reminder:deadline:PMAI-2027-00042:1d").subject
        == "1 day left to submit your application"
    )


def test_the_due_reminder_is_the_latest_moment_passed_and_never_a_stale_one(settings):
    settings.REMINDER_DAYS_BEFORE_DEADLINE = [7, 1]

    assert due_reminder(deadline=DEADLINE, now=DEADLINE - dt.timedelta(days=8)) is None
    assert due_reminder(deadline=DEADLINE, now=DEADLINE - dt.timedelta(days=7)) == 7
    assert due_reminder(deadline=DEADLINE, now=DEADLINE - dt.timedelta(days=1, seconds=1)) == 7
    assert due_reminder(deadline=DEADLINE, now=DEADLINE - dt.timedelta(hours=12)) == 1
    assert due_reminder(deadline=DEADLINE, now=DEADLINE) is None
    assert (
        due_reminder(deadline=DEADLINE, now=DEADLINE - dt.timedelta(days=2), days_before=[3]) == 3
    )


@pytest.mark.django_db
def test_a_failing_producer_does_not_stop_the_others(producer):
    def broken(now):
        raise RuntimeError("the documents app is down")

    register_producer("tests.aaa_broken", broken)
    try:
        run = run_reminders(now=DEADLINE - dt.timedelta(days=6))
    finally:
        unregister_producer("tests.aaa_broken")

    assert run.by_producer["tests.aaa_broken"] == "failed"
    assert run.queued == 2


@pytest.mark.django_db
def test_a_reminder_with_a_bad_context_is_refused_alone(producer):
    def half_broken(now):
        yield ReminderSpec(
            key="reminder:test:bad",
            recipient_email="a@example.org",
            template="offer_expiring",
            context={},
        )

    register_producer("tests.half_broken", half_broken)
    try:
        run = run_reminders(now=DEADLINE - dt.timedelta(days=6))
    finally:
        unregister_producer("tests.half_broken")

    assert (run.queued, run.failed) == (2, 1)
