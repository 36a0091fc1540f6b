"""A reviewer whose reviews are past due is reminded through the outbox, one message listing
them all, at most once a day, by the hourly job or by the chair's button."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.applications.states import Status
from admissions.core.errors import NotFound
from admissions.core.models import AuditEvent
from admissions.core.schedule import run_due_jobs
from admissions.notifications.models import OutboxMessage
from admissions.review import chair
from admissions.review.models import MemberRole, ReviewStatus
from tests.calendar import paris
from tests.catalogue.factories import EntryLevelFactory
from tests.review.chair_stories import (
    application_in_review,
    assign,
    committee_of,
    review,
    reviewed_programme,
    seat,
)

pytestmark = pytest.mark.django_db

DUE = paris(2027, 3, 1, 18, 0)
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def committee(msc):
    return committee_of(reviewed_programme(msc), name="Commission MSc 2027")


@pytest.fixture
def chair_member(committee):
    return seat(committee, "chloe.chair@example.org", role=MemberRole.CHAIR, first_name="Chloé")


@pytest.fixture
def rita(committee):
    member = seat(committee, "rita@example.org", first_name="Rita", last_name="Reviewer")
    member.user.preferred_language = "fr"
    member.user.save()
    return member


@pytest.fixture
def late(committee, rita):
    """Rita's three applications: one submitted, one drafted, one not started."""
    done, drafted, untouched = (application_in_review(committee) for _ in range(3))
    review(rita, done, 4, due_at=DUE)
    review(rita, drafted, 3, status=ReviewStatus.DRAFT, due_at=DUE)
    assign(rita, untouched, due_at=DUE)
    return done, drafted, untouched


def reminders():
    return list(OutboxMessage.objects.filter(event=chair.REVIEW_OVERDUE).order_by("created_at"))


def test_nothing_is_sent_before_the_due_date(late):
    assert chair.send_overdue_reminders(now=DUE - HOUR) == 0
    assert reminders() == []


def test_one_message_lists_every_unsubmitted_review_in_the_reviewers_language(late, rita):
    done, drafted, untouched = late

    assert chair.send_overdue_reminders(now=DUE + HOUR) == 1

    (message,) = reminders()
    assert message.recipient_email == "rita@example.org"
    assert message.language == "fr"
    assert "Commission MSc 2027" in message.subject
    assert drafted.reference in message.body_text and untouched.reference in message.body_text
    assert done.reference not in message.body_text
    assert "1 mars 2027" in message.body_text


def test_the_job_reminds_once_a_day_however_often_it_runs(late):
    chair.send_overdue_reminders(now=DUE + HOUR)
    chair.send_overdue_reminders(now=DUE + 2 * HOUR)
    chair.send_overdue_reminders(now=DUE + 24 * HOUR)  # 23 hours after the first

    assert len(reminders()) == 1

    chair.send_overdue_reminders(now=DUE + 25 * HOUR)

    assert len(reminders()) == 2


def test_the_tick_runs_the_overdue_reminders(late):
    results = run_due_jobs(now=DUE + HOUR, force=True)

    assert results["review.overdue_reminders"] == "1 overdue-review reminders queued"
    assert len(reminders()) == 1


def test_a_withdrawn_application_or_a_submitted_review_is_not_reminded(committee, rita):
    withdrawn = application_in_review(committee, status=Status.WITHDRAWN)
    assign(rita, withdrawn, due_at=DUE)
    submitted = application_in_review(committee)
    review(rita, submitted, 3, due_at=DUE)

    assert chair.send_overdue_reminders(now=DUE + HOUR) == 0


def test_the_chair_reminds_one_reviewer_now_and_it_is_audited(late, committee, rita, chair_member):
    chair.remind_reviewer(committee=committee, member=rita, actor=chair_member.user, now=DUE + HOUR)

    assert len(reminders()) == 1
    event = AuditEvent.objects.get(action="review.reminder_sent")
    assert event.actor == chair_member.user
    assert event.object_ref == str(committee.public_id)


def test_the_chairs_reminder_counts_for_the_day(late, committee, rita, chair_member):
    chair.remind_reviewer(committee=committee, member=rita, actor=chair_member.user, now=DUE + HOUR)

    with pytest.raises(chair.ReminderTooSoon) as refused:
        chair.remind_reviewer(
            committee=committee, member=rita, actor=chair_member.user, now=DUE + 3 * HOUR
        )
    assert "2027-03-02 19:00" in str(refused.value)
    assert chair.send_overdue_reminders(now=DUE + 12 * HOUR) == 0
    assert len(reminders()) == 1


def test_a_reviewer_with_nothing_overdue_cannot_be_reminded(committee, rita, chair_member):
    assign(rita, application_in_review(committee), due_at=DUE + 48 * HOUR)

    with pytest.raises(chair.NothingOverdue):
        chair.remind_reviewer(
            committee=committee, member=rita, actor=chair_member.user, now=DUE + HOUR
        )


def test_only_the_chair_of_this_committee_may_send_a_reminder(late, committee, rita, msc):
    other = committee_of(msc, name="Other committee", entry_level=EntryLevelFactory(programme=msc))
    other_chair = seat(other, "other.chair@example.org", role=MemberRole.CHAIR)

    with pytest.raises(NotFound):
        chair.remind_reviewer(
            committee=committee, member=rita, actor=other_chair.user, now=DUE + HOUR
        )
    assert reminders() == []


def test_a_review_falling_overdue_after_a_reminder_waits_for_the_next_day(committee, rita):
    first = application_in_review(committee)
    assign(rita, first, due_at=DUE)
    second = application_in_review(committee)
    assign(rita, second, due_at=DUE + 3 * HOUR)

    chair.send_overdue_reminders(now=DUE + HOUR)  # the first only
    review(rita, first, 4)  # submitted: nothing overdue but the second, from DUE + 3h
    chair.send_overdue_reminders(now=DUE + 4 * HOUR)

    assert len(reminders()) == 1
    chair.send_overdue_reminders(now=DUE + 25 * HOUR)
    (_first, latest) = reminders()
    assert second.reference in latest.body_text and first.reference not in latest.body_text


def test_once_the_chair_has_moved_an_application_on_its_missing_review_is_not_chased(
    committee, rita
):
    moved_on = application_in_review(committee, status=Status.READY_FOR_PANEL)
    assign(rita, moved_on, due_at=DUE)

    assert chair.send_overdue_reminders(now=DUE + HOUR) == 0
