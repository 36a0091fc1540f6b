"""A conflict recorded about an application is the applicant's data: their export shows what
was recorded and when (not which member), and erasing the application blanks its note."""

from __future__ import annotations

import pytest

from admissions.core import clock
from admissions.core.roles import Role
from admissions.review import committees
from admissions.review.models import Conflict, ConflictKind, MemberRole
from admissions.workflows.privacy.erasure import erase_application
from admissions.workflows.privacy.export import personal_data
from tests.documents.stories import application_for
from tests.people import make_user
from tests.review.committee_stories import committee_of, head_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflict(seed_programmes):
    msc = seed_programmes["msc-cps2-ai-iot"]
    head = head_of(msc)
    committee = committee_of(msc, head)
    tom = make_user("tom.teacher@example.org", [(Role.INTERVIEWER, msc)], mfa=True)
    member = committees.add_member(
        committee=committee, user=tom, role=MemberRole.INTERNAL, capacity=5, actor=head
    )
    return committees.record_conflict(
        member=member,
        application=application_for(msc, submitted=True),
        kind=ConflictKind.PERSONAL,
        note="Former intern of the member's lab",
        actor=head,
    )


def test_the_applicants_export_lists_the_conflict_without_the_member(conflict):
    data, _files = personal_data(conflict.application.applicant, now=clock.now())

    (exported,) = data["applications"][0]["conflicts_of_interest"]
    assert (exported["kind"], exported["note"]) == ("personal", "Former intern of the member's lab")
    assert "tom.teacher@example.org" not in str(data)


def test_erasing_the_application_keeps_the_conflict_without_its_note(conflict):
    erase_application(application=conflict.application, now=clock.now())

    kept = Conflict.objects.get(pk=conflict.pk)
    assert (kept.kind, kept.note) == ("personal", "")
