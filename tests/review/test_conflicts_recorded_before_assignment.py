"""The programme's staff, or the committee's chair, record a conflict they know of (a
personal tie, the applicant's institution) before assignment: a row and its audit."""

from __future__ import annotations

import pytest

from admissions.core.audit import AuditEvent
from admissions.core.errors import NotFound
from admissions.core.roles import Role
from admissions.review import committees
from admissions.review.committees import CommitteeRefused
from admissions.review.models import Conflict, ConflictKind, MemberRole
from tests.documents.stories import application_for
from tests.people import make_user
from tests.review.committee_stories import committee_of, head_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


@pytest.fixture
def head(msc):
    return head_of(msc)


@pytest.fixture
def committee(msc, head):
    return committee_of(msc, head)


@pytest.fixture
def tom(msc, committee, head):
    user = make_user("tom.teacher@example.org", [(Role.INTERVIEWER, msc)], mfa=True)
    return committees.add_member(
        committee=committee, user=user, role=MemberRole.INTERNAL, capacity=10, actor=head
    )


def test_the_head_records_a_personal_tie(msc, head, tom):
    application = application_for(msc, submitted=True)

    conflict = committees.record_conflict(
        member=tom,
        application=application,
        kind=ConflictKind.PERSONAL,
        note="Cousin of the applicant",
        actor=head,
    )

    assert (conflict.kind, conflict.derived, conflict.declared_by) == ("personal", False, head)
    event = AuditEvent.objects.get(action="review.conflict_recorded")
    assert event.data["application"] == application.reference
    assert "Cousin" not in str(event.data)


def test_the_chair_of_the_committee_records_one_too(msc, head, committee, tom):
    chair_user = make_user("clara.chair@example.org", [(Role.INTERVIEWER, msc)], mfa=True)
    committees.add_member(
        committee=committee, user=chair_user, role=MemberRole.CHAIR, capacity=5, actor=head
    )
    application = application_for(msc, submitted=True)

    committees.record_conflict(
        member=tom, application=application, kind=ConflictKind.INSTITUTION, actor=chair_user
    )

    assert Conflict.objects.filter(member=tom, application=application).exists()


def test_a_member_cannot_record_conflicts_for_others(msc, tom):
    application = application_for(msc, submitted=True)

    with pytest.raises(NotFound):
        committees.record_conflict(
            member=tom, application=application, kind=ConflictKind.PERSONAL, actor=tom.user
        )


def test_the_same_conflict_is_recorded_once(msc, head, tom):
    application = application_for(msc, submitted=True)
    committees.record_conflict(
        member=tom, application=application, kind=ConflictKind.PERSONAL, actor=head
    )

    with pytest.raises(CommitteeRefused) as refused:
        committees.record_conflict(
            member=tom, application=application, kind=ConflictKind.INSTITUTION, actor=head
        )

    assert refused.value.message == committees.CONFLICT_ALREADY_RECORDED


def test_an_application_of_another_programme_is_refused(seed_programmes, head, tom):
    elsewhere = application_for(seed_programmes["post-master-ai"], submitted=True)

    with pytest.raises(CommitteeRefused) as refused:
        committees.record_conflict(
            member=tom, application=elsewhere, kind=ConflictKind.PERSONAL, actor=head
        )

    assert refused.value.field == "application"


def test_a_declared_conflict_is_the_members_own(msc, head, tom):
    application = application_for(msc, submitted=True)

    with pytest.raises(CommitteeRefused) as refused:
        committees.record_conflict(
            member=tom, application=application, kind=ConflictKind.DECLARED, actor=head
        )

    assert refused.value.field == "kind"
