"""A chair swaps a reviewer in the draft by hand: the solver's hard constraints still hold."""

from __future__ import annotations

import pytest

from admissions.review.assignment.services import (
    AssignmentError,
    draft_assignment,
    publish_assignment,
    swap_assignment,
)
from admissions.review.models import Assignment, AssignmentStatus, Conflict, MemberRole
from tests.calendar import paris
from tests.review.assignment_stories import committee_of, eligible_application, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(msc):
    committee = committee_of(msc, per_application=1)
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR, capacity=0)
    ivan = seat(committee, "ivan.internal@example.org")
    eve = seat(committee, "eve.external@example.org", capacity=0)
    application = eligible_application(committee)
    draft_assignment(committee=committee, actor=chair.user)
    return committee, chair, ivan, eve, application


def test_a_swap_to_a_member_with_room_replaces_the_draft(story):
    _committee, chair, _ivan, eve, application = story
    eve.capacity = 5
    eve.save()
    draft = Assignment.objects.get(application=application, status=AssignmentStatus.DRAFT)

    replacement = swap_assignment(assignment=draft, member=eve, actor=chair.user)

    draft.refresh_from_db()
    assert draft.status == AssignmentStatus.SUPERSEDED
    assert (replacement.member, replacement.status) == (eve, AssignmentStatus.DRAFT)


def test_a_swap_to_a_member_with_a_conflict_is_refused_and_changes_nothing(story):
    _committee, chair, ivan, eve, application = story
    eve.capacity = 5
    eve.save()
    Conflict.objects.create(
        member=eve, application=application, kind="personal", declared_at=paris(2027, 3, 1)
    )
    draft = Assignment.objects.get(application=application, status=AssignmentStatus.DRAFT)

    with pytest.raises(AssignmentError) as refused:
        swap_assignment(assignment=draft, member=eve, actor=chair.user)

    assert "conflict of interest" in str(refused.value)
    assert refused.value.field == "member"
    draft.refresh_from_db()
    assert draft.status == AssignmentStatus.DRAFT and draft.member == ivan


def test_a_swap_to_a_member_without_room_is_refused(story):
    _committee, chair, _ivan, eve, application = story
    draft = Assignment.objects.get(application=application, status=AssignmentStatus.DRAFT)
    with pytest.raises(AssignmentError) as refused:
        swap_assignment(assignment=draft, member=eve, actor=chair.user)
    assert "no capacity left" in str(refused.value)


def test_a_published_assignment_cannot_be_swapped(story):
    committee, chair, _ivan, eve, application = story
    eve.capacity = 5
    eve.save()
    publish_assignment(committee=committee, actor=chair.user)
    active = Assignment.objects.get(application=application, status=AssignmentStatus.ACTIVE)
    with pytest.raises(AssignmentError):
        swap_assignment(assignment=active, member=eve, actor=chair.user)
