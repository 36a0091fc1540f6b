"""The hourly job and the chair's "send a reminder now" at the same moment: the overdue
assignments are locked, so one of them sends and the other sees the reviewer was just
reminded. Real concurrency needs PostgreSQL's row locks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from admissions.notifications.models import OutboxMessage
from admissions.review import chair
from admissions.review.models import MemberRole
from tests.calendar import paris
from tests.concurrency import at_once
from tests.review.chair_stories import (
    application_in_review,
    assign,
    committee_of,
    reviewed_programme,
    seat,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent reminders need real row locks: run with DATABASE_URL=postgres://…",
    ),
]

DUE = paris(2027, 3, 1, 18, 0)


def test_the_job_and_the_chair_at_once_send_one_reminder(msc):
    committee = committee_of(reviewed_programme(msc))
    chloe = seat(committee, "chloe.chair@example.org", role=MemberRole.CHAIR).user
    rita = seat(committee, "rita@example.org")
    for _ in range(3):
        assign(rita, application_in_review(committee), due_at=DUE)
    now = DUE + dt.timedelta(hours=1)

    def work(index: int) -> object:
        if index == 0:
            return chair.send_overdue_reminders(now=now)
        return chair.remind_reviewer(committee=committee, member=rita, actor=chloe, now=now)

    outcomes = at_once(2, work)

    assert OutboxMessage.objects.filter(event=chair.REVIEW_OVERDUE).count() == 1
    unexpected = [
        o for o in outcomes if isinstance(o, Exception) and not isinstance(o, chair.ReminderTooSoon)
    ]
    assert unexpected == []
