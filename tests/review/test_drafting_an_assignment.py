"""A chair prepares a committee's assignment as a draft: N distinct reviewers for each
eligible application, conflicts found from the members' institutions, earlier drafts
replaced, published assignments kept, and nothing saved when the constraints cannot be met."""

from __future__ import annotations

import pytest

from admissions.core.errors import NotFound
from admissions.review.assignment.services import draft_assignment
from admissions.review.assignment.solver import CAPACITY, CONFLICTS
from admissions.review.models import Assignment, AssignmentStatus, Conflict, MemberRole
from tests.review.assignment_stories import committee_of, eligible_application, seat

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(msc):
    return committee_of(msc, per_application=2)


def _live(committee, status=AssignmentStatus.DRAFT):
    return list(Assignment.objects.filter(committee=committee, status=status))


def test_each_eligible_application_gets_two_distinct_reviewers_in_a_draft(
    committee, officer_of_other_programme
):
    # The MSc's admissions officer may draft too; here the chair does.
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR)
    seat(committee, "ivan.internal@example.org")
    seat(committee, "eve.external@example.org", role=MemberRole.EXTERNAL)
    applications = [eligible_application(committee) for _ in range(3)]
    eligible_application(committee, status="submitted")  # not eligible yet: not assigned

    outcome = draft_assignment(committee=committee, actor=chair.user)

    assert outcome.feasible and outcome.created == 6
    drafts = _live(committee)
    for application in applications:
        members = [d.member_id for d in drafts if d.application_id == application.pk]
        assert len(members) == len(set(members)) == 2
    assert sorted(
        sum(1 for d in drafts if d.member_id == m) for m in {d.member_id for d in drafts}
    ) == [2, 2, 2]


def test_a_member_from_the_applicants_university_is_never_assigned_whatever_its_spelling(
    committee,
):
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR)
    paris = seat(committee, "pierre.paris@example.org", institution="universite paris-cite ")
    seat(committee, "ivan.internal@example.org", institution="INSA Lyon")
    application = eligible_application(committee, institution="Université Paris Cité")

    draft_assignment(committee=committee, actor=chair.user)

    conflict = Conflict.objects.get(member=paris, application=application)
    assert conflict.derived and conflict.kind == "institution"
    assert not Assignment.objects.filter(member=paris, application=application).exists()


def test_preparing_again_supersedes_the_draft_and_keeps_published_assignments(committee):
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR)
    ivan = seat(committee, "ivan.internal@example.org")
    seat(committee, "eve.external@example.org")
    published = eligible_application(committee, status="in_review")
    Assignment.objects.create(
        committee=committee, member=ivan, application=published, status=AssignmentStatus.ACTIVE
    )
    eligible_application(committee)
    first = draft_assignment(committee=committee, actor=chair.user)

    second = draft_assignment(committee=committee, actor=chair.user)

    assert (first.created, first.kept) == (3, 1)  # the published one needs one more
    assert (second.created, second.superseded, second.kept) == (3, 3, 1)
    assert len(_live(committee, AssignmentStatus.SUPERSEDED)) == 3
    assert Assignment.objects.get(member=ivan, application=published).status == "active"


def test_when_the_constraints_cannot_be_met_the_short_applications_are_named_and_nothing_is_saved(
    committee,
):
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR, capacity=1)
    ivan = seat(committee, "ivan.internal@example.org", capacity=1)
    seat(committee, "eve.external@example.org", capacity=2, institution="Sorbonne Université")
    tied = eligible_application(committee, institution="Sorbonne Université")
    eligible_application(committee)
    eligible_application(committee)
    earlier = Assignment.objects.create(
        committee=committee, member=ivan, application=tied, status=AssignmentStatus.DRAFT
    )

    outcome = draft_assignment(committee=committee, actor=chair.user)

    assert not outcome.feasible
    reasons = {short.reference: short.reason for short in outcome.short}
    assert reasons.get(tied.reference, CONFLICTS) in (CONFLICTS, CAPACITY)
    assert sum(s.needed - s.found for s in outcome.short) >= 2  # 6 needed, 4 places
    assert outcome.short[0].explanation
    earlier.refresh_from_db()
    assert earlier.status == AssignmentStatus.DRAFT  # the earlier draft is untouched
    assert Assignment.objects.filter(committee=committee).count() == 1


def test_a_chair_of_another_committee_or_an_officer_elsewhere_cannot_draft(committee, msc, officer):
    # ``officer`` is the Post-Master's officer; the committee is the MSc's.
    other = committee_of(msc, name="Another committee")
    stranger = seat(other, "sam.chair@example.org", role=MemberRole.CHAIR)
    with pytest.raises(NotFound):
        draft_assignment(committee=committee, actor=stranger.user)
    with pytest.raises(NotFound):
        draft_assignment(committee=committee, actor=officer)


def test_reviews_of_applications_that_moved_on_still_count_toward_capacity(committee):
    chair = seat(committee, "clara.chair@example.org", role=MemberRole.CHAIR, capacity=0)
    ivan = seat(committee, "ivan.internal@example.org", capacity=1)
    eve = seat(committee, "eve.external@example.org", capacity=1)
    zoe = seat(committee, "zoe.member@example.org", capacity=1)
    interviewed = eligible_application(committee, status="interview")
    Assignment.objects.create(
        committee=committee, member=ivan, application=interviewed, status="active"
    )
    new = eligible_application(committee)

    outcome = draft_assignment(committee=committee, actor=chair.user)

    assert outcome.feasible
    assert {d.member for d in _live(committee)} == {eve, zoe}
    assert all(d.application == new for d in _live(committee))
