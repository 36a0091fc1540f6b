"""Publishing a committee's draft: reviewers see their applications, each is told once by
email with the due date, eligible applications move to "in review", and a second publish
finds nothing left to publish."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.applications.models import TimelineEvent
from admissions.notifications.models import OutboxMessage
from admissions.review.assignment.services import (
    NOTHING_TO_PUBLISH,
    AssignmentError,
    draft_assignment,
    publish_assignment,
)
from admissions.review.models import Assignment, AssignmentStatus, MemberRole
from tests.calendar import paris
from tests.review.assignment_stories import committee_of, eligible_application, seat

pytestmark = pytest.mark.django_db


def test_publishing_activates_the_draft_moves_applications_to_review_and_tells_each_reviewer(msc):
    committee = committee_of(msc, per_application=2, review_days=10)
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR)
    ivan = seat(committee, "ivan.internal@example.org")
    ivan.user.preferred_language = "fr"
    ivan.user.save()
    seat(committee, "eve.external@example.org", role=MemberRole.EXTERNAL)
    applications = [eligible_application(committee) for _ in range(3)]
    draft_assignment(committee=committee, actor=chair.user)
    now = paris(2027, 3, 1, 9, 0)

    published = publish_assignment(committee=committee, actor=chair.user, now=now)

    assert len(published) == 6
    for assignment in Assignment.objects.filter(committee=committee):
        assert assignment.status == AssignmentStatus.ACTIVE
        assert assignment.due_at == now + dt.timedelta(days=10)
    for application in applications:
        application.refresh_from_db()
        assert application.status == "in_review"
        assert TimelineEvent.objects.filter(application=application, to_status="in_review")
    messages = OutboxMessage.objects.filter(event="review_assigned")
    assert messages.count() == 3  # one per reviewer
    french = messages.get(recipient_email="ivan.internal@example.org")
    assert "2 candidatures à évaluer" in french.subject
    assert "11 mars 2027" in french.body_text
    committee.refresh_from_db()
    assert committee.published_at == now and committee.published_by == chair.user


def test_publishing_twice_finds_nothing_left_to_publish(msc):
    committee = committee_of(msc, per_application=1)
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR)
    eligible_application(committee)
    draft_assignment(committee=committee, actor=chair.user)
    publish_assignment(committee=committee, actor=chair.user)

    with pytest.raises(AssignmentError) as refused:
        publish_assignment(committee=committee, actor=chair.user)

    assert refused.value.message == NOTHING_TO_PUBLISH
    assert OutboxMessage.objects.filter(event="review_assigned").count() == 1


def test_a_draft_for_an_application_withdrawn_before_publication_is_not_published(msc):
    committee = committee_of(msc, per_application=1)
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR)
    application = eligible_application(committee)
    draft_assignment(committee=committee, actor=chair.user)
    application.status = "withdrawn"
    application.save()

    published = publish_assignment(committee=committee, actor=chair.user)

    assert published == []
    assignment = Assignment.objects.get(application=application)
    assert assignment.status == AssignmentStatus.SUPERSEDED
    assert not OutboxMessage.objects.filter(event="review_assigned").exists()
