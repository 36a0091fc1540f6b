"""Two people press "publish" on the same committee at the same moment: the committee row
lock makes them take turns; the first publishes, the second finds nothing left, and each
reviewer is told once. Real concurrency needs PostgreSQL's row locks."""

from __future__ import annotations

import pytest
from django.db import connection

from admissions.core.roles import Role
from admissions.notifications.models import OutboxMessage
from admissions.review.assignment.services import (
    AssignmentError,
    draft_assignment,
    publish_assignment,
)
from admissions.review.models import Assignment, AssignmentStatus, Committee, MemberRole
from tests.concurrency import at_once
from tests.people import make_user
from tests.review.assignment_stories import committee_of, eligible_application, seat

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent publication needs real row locks: run with DATABASE_URL=postgres://…",
    ),
]


def test_of_two_publishes_at_once_one_publishes_and_the_other_finds_nothing(msc):
    committee = committee_of(msc, per_application=2)
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR)
    seat(committee, "ivan.internal@example.org")
    seat(committee, "eve.external@example.org")
    head = make_user("hugo.head@example.org", [(Role.PROGRAMME_HEAD, msc)], mfa=True)
    applications = [eligible_application(committee) for _ in range(4)]
    draft_assignment(committee=committee, actor=chair.user)
    actors = [chair.user, head]

    def publish(index: int):
        return publish_assignment(
            committee=Committee.objects.get(pk=committee.pk), actor=actors[index]
        )

    results = at_once(2, publish)

    published = [r for r in results if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, AssignmentError)]
    assert (len(published), len(refused)) == (1, 1), results
    assert len(published[0]) == 8
    assert Assignment.objects.filter(status=AssignmentStatus.ACTIVE).count() == 8
    assert OutboxMessage.objects.filter(event="review_assigned").count() == 3
    for application in applications:
        application.refresh_from_db()
        assert application.status == "in_review"
