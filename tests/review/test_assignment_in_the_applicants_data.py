"""The applicant's data export shows how their application's review was organised and the
conflicts recorded about them; erasing the application removes what people wrote about it
and keeps the committee's record."""

from __future__ import annotations

import pytest

from admissions.core import clock
from admissions.review.assignment.services import declare_conflict
from admissions.review.models import Assignment, AssignmentStatus, Conflict
from admissions.workflows.privacy.erasure import erase_application
from admissions.workflows.privacy.export import personal_data
from tests.review.assignment_stories import committee_of, eligible_application, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(msc):
    committee = committee_of(msc, per_application=1)
    ivan = seat(committee, "ivan.internal@example.org")
    eve = seat(committee, "eve.external@example.org")
    application = eligible_application(committee, status="in_review")
    Assignment.objects.create(
        committee=committee, member=ivan, application=application, status=AssignmentStatus.ACTIVE
    )
    declare_conflict(
        member=ivan,
        application=application,
        kind="personal",
        note="A former intern of mine.",
        actor=ivan.user,
    )
    return application, ivan, eve


def test_the_export_lists_assignments_and_conflicts_without_naming_reviewers(reviewed):
    application, ivan, _eve = reviewed

    data, _files = personal_data(application.applicant, now=clock.now())

    [exported] = data["applications"]
    review = exported["review_assignment"]
    assert [a["status"] for a in review["assignments"]] == ["withdrawn", "active"]
    assert review["conflicts_of_interest"][0]["note"] == "A former intern of mine."
    assert ivan.user.email not in str(data)


def test_erasure_keeps_the_committees_record_without_what_people_wrote(reviewed):
    application, _ivan, _eve = reviewed

    erase_application(application=application, now=clock.now())

    conflict = Conflict.objects.get(application=application)
    assert conflict.note == ""
    assert Assignment.objects.filter(application=application).count() == 2
    assert set(Assignment.objects.values_list("ended_reason", flat=True)) == {""}
