"""After publication, a reviewer declines an application or declares a conflict of
interest: the application goes to another member who is free (told by email), a review
already scored is withdrawn and kept, and the chair is told when nobody is free."""

from __future__ import annotations

import pytest

from admissions.core.errors import NotFound
from admissions.notifications.models import OutboxMessage
from admissions.review.assignment.services import (
    ALREADY_SUBMITTED,
    AssignmentError,
    declare_conflict,
    decline_assignment,
    draft_assignment,
    publish_assignment,
)
from admissions.review.models import (
    Assignment,
    AssignmentStatus,
    Conflict,
    MemberRole,
    Review,
    ReviewStatus,
)
from tests.review.assignment_stories import committee_of, eligible_application, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(msc):
    """One application, reviewed by Ivan (the only member with room until the test says)."""
    committee = committee_of(msc, per_application=1)
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR, capacity=0)
    ivan = seat(committee, "ivan.internal@example.org", capacity=3)
    eve = seat(committee, "eve.external@example.org", role=MemberRole.EXTERNAL, capacity=0)
    application = eligible_application(committee)
    draft_assignment(committee=committee, actor=chair.user)
    publish_assignment(committee=committee, actor=chair.user)
    assignment = Assignment.objects.get(member=ivan, application=application)
    eve.capacity = 3
    eve.save()
    return committee, chair, ivan, eve, application, assignment


def test_a_declined_application_goes_to_another_free_member_who_is_told(story):
    _committee, _chair, ivan, eve, _application, assignment = story

    result = decline_assignment(assignment=assignment, actor=ivan.user, reason="On leave.")

    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.DECLINED
    assert assignment.ended_reason == "On leave."
    assert result.replacement.member == eve
    assert result.replacement.status == AssignmentStatus.ACTIVE
    assert result.replacement.due_at is not None
    assert OutboxMessage.objects.filter(
        event="review_assigned", recipient_email="eve.external@example.org"
    ).exists()


def test_only_the_reviewer_may_decline_and_not_after_submitting(story):
    _committee, _chair, ivan, eve, _application, assignment = story
    with pytest.raises(NotFound):
        decline_assignment(assignment=assignment, actor=eve.user, reason="Not mine.")
    Review.objects.create(assignment=assignment, status=ReviewStatus.SUBMITTED, scores={"a": 3})
    with pytest.raises(AssignmentError) as refused:
        decline_assignment(assignment=assignment, actor=ivan.user, reason="Too late.")
    assert refused.value.message == ALREADY_SUBMITTED


def test_a_conflict_after_scoring_withdraws_the_review_and_reassigns_the_application(story):
    _committee, _chair, ivan, eve, application, assignment = story
    review = Review.objects.create(
        assignment=assignment, status=ReviewStatus.SUBMITTED, scores={"academic_level": 4}
    )

    result = declare_conflict(
        member=ivan,
        application=application,
        kind="personal",
        note="My former student.",
        actor=ivan.user,
    )

    review.refresh_from_db()
    assignment.refresh_from_db()
    assert review.status == ReviewStatus.WITHDRAWN
    assert review.scores == {"academic_level": 4}  # kept, not counted
    assert assignment.status == AssignmentStatus.WITHDRAWN
    assert result.review_withdrawn
    assert result.replacement.member == eve
    conflict = Conflict.objects.get(member=ivan, application=application)
    assert (conflict.kind, conflict.derived, conflict.declared_by) == ("personal", False, ivan.user)


def test_when_nobody_is_free_the_chair_is_told_and_the_application_waits(story):
    _committee, _chair, ivan, eve, application, assignment = story
    Conflict.objects.create(
        member=eve, application=application, kind="personal", declared_at=assignment.created_at
    )

    result = decline_assignment(assignment=assignment, actor=ivan.user, reason="Ill.")

    assert result.replacement is None
    notice = OutboxMessage.objects.get(event="staff_work_item")
    assert notice.recipient_email == "clara.chair@example.org"
    assert application.reference in notice.subject
    assert not Assignment.objects.filter(
        application=application, status=AssignmentStatus.ACTIVE
    ).exists()
