# ruff: noqa: F401, F811  (the story fixtures are imported by name, then asked for by name)
"""Two applicants book the last place of a slot at the same moment: one gets it, the other
is told the time was just taken. Real concurrency needs PostgreSQL's row locks."""

from __future__ import annotations

import pytest
from django.db import connection

from admissions.review.interviews import booking, errors, selection
from admissions.review.models import Interview, InterviewSlot, InterviewStatus
from tests.concurrency import at_once
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

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent bookings need real row locks: run with DATABASE_URL=postgres://…",
    ),
]


def test_of_two_applicants_booking_the_last_place_at_once_one_wins_and_the_other_is_told(
    pm_intake, head, slot
):
    invited = [
        selection.invite(application=eligible_application(pm_intake), actor=head, now=NOW)
        for _ in range(2)
    ]

    def book(index: int) -> object:
        interview = Interview.objects.select_related("application__applicant").get(
            pk=invited[index].pk
        )
        return booking.book(
            interview=interview,
            slot=InterviewSlot.objects.get(pk=slot.pk),
            actor=interview.application.applicant,
            now=NOW,
        )

    results = at_once(2, book)

    won = [r for r in results if isinstance(r, Interview)]
    told = [r for r in results if isinstance(r, errors.SlotFull)]
    assert len(won) == 1 and len(told) == 1, results
    assert str(told[0]) == str(errors.SLOT_IS_FULL)
    assert Interview.objects.filter(slot=slot, status=InterviewStatus.BOOKED).count() == 1
