"""A seat gives its holder the programme role that goes with it (audited like any grant, so
the staff two-factor rule applies); leaving takes it back, unless the person holds it for
another reason."""

from __future__ import annotations

import pytest

from admissions.accounts.models import RoleAssignment
from admissions.core.audit import AuditEvent
from admissions.core.roles import Role
from admissions.review import committees
from admissions.review.committees import CommitteeRefused
from admissions.review.models import MemberRole
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


def roles_of(user, programme):
    return set(
        RoleAssignment.objects.filter(user=user, programme=programme).values_list("role", flat=True)
    )


def teacher(msc, email="tom.teacher@example.org"):
    """Someone of the programme's staff who reviews for no committee yet (an interviewer)."""
    return make_user(email, [(Role.INTERVIEWER, msc)], mfa=True, first_name="Tom")


def test_an_internal_member_becomes_a_reviewer_of_the_programme_and_it_is_audited(
    msc, head, committee
):
    tom = teacher(msc)

    member = committees.add_member(
        committee=committee,
        user=tom,
        role=MemberRole.INTERNAL,
        capacity=12,
        expertise="Machine learning, IoT, machine learning",
        institution="Université Paris-Saclay",
        actor=head,
    )

    assert member.expertise == ["machine learning", "iot"]
    assert Role.REVIEWER in roles_of(tom, msc)
    granted = AuditEvent.objects.get(action="accounts.role_granted")
    assert (granted.actor, granted.data["role"]) == (head, "reviewer")
    assert AuditEvent.objects.filter(action="review.member_added").count() == 1


def test_the_chair_becomes_committee_chair_of_the_programme(msc, head, committee):
    tom = teacher(msc)

    committees.add_member(
        committee=committee, user=tom, role=MemberRole.CHAIR, capacity=5, actor=head
    )

    assert Role.COMMITTEE_CHAIR in roles_of(tom, msc)


def test_leaving_the_committee_keeps_the_seat_and_takes_the_role_back(msc, head, committee):
    tom = teacher(msc)
    member = committees.add_member(
        committee=committee, user=tom, role=MemberRole.INTERNAL, capacity=12, actor=head
    )

    committees.deactivate_member(member=member, actor=head)

    member.refresh_from_db()
    assert member.active is False
    assert Role.REVIEWER not in roles_of(tom, msc)
    assert Role.INTERVIEWER in roles_of(tom, msc)
    assert AuditEvent.objects.filter(action="accounts.role_revoked").count() == 1
    assert AuditEvent.objects.get(action="review.member_deactivated").data["role_revoked"]


def test_a_reviewer_role_held_before_the_seat_stays_when_the_member_leaves(msc, head, committee):
    rita = make_user("rita@example.org", [(Role.REVIEWER, msc)], mfa=True)
    member = committees.add_member(
        committee=committee, user=rita, role=MemberRole.INTERNAL, capacity=12, actor=head
    )

    committees.deactivate_member(member=member, actor=head)

    assert Role.REVIEWER in roles_of(rita, msc)
    assert not AuditEvent.objects.filter(action="accounts.role_revoked").exists()


def test_the_role_stays_while_another_seat_on_the_programme_needs_it(msc, head, committee):
    tom = teacher(msc)
    intake = msc.intakes.order_by("-academic_year").first()
    second = committees.create_committee(
        intake=intake, round=intake.rounds.first(), name="Round committee", actor=head
    )
    first_seat = committees.add_member(
        committee=committee, user=tom, role=MemberRole.INTERNAL, capacity=12, actor=head
    )
    second_seat = committees.add_member(
        committee=second, user=tom, role=MemberRole.INTERNAL, capacity=12, actor=head
    )

    committees.deactivate_member(member=first_seat, actor=head)
    assert Role.REVIEWER in roles_of(tom, msc)

    committees.deactivate_member(member=second_seat, actor=head)
    assert Role.REVIEWER not in roles_of(tom, msc)


def test_someone_outside_the_programmes_staff_is_not_seated_as_internal_member(
    msc, head, committee
):
    stranger = make_user("stranger@example.org")

    with pytest.raises(CommitteeRefused) as refused:
        committees.add_member(
            committee=committee,
            user=stranger,
            role=MemberRole.INTERNAL,
            capacity=12,
            actor=head,
        )

    assert refused.value.field == "user"
    assert roles_of(stranger, msc) == set()


def test_a_person_sits_once_on_a_committee_and_may_come_back_after_leaving(msc, head, committee):
    tom = teacher(msc)
    member = committees.add_member(
        committee=committee, user=tom, role=MemberRole.INTERNAL, capacity=12, actor=head
    )
    with pytest.raises(CommitteeRefused):
        committees.add_member(
            committee=committee, user=tom, role=MemberRole.CHAIR, capacity=3, actor=head
        )
    committees.deactivate_member(member=member, actor=head)

    back = committees.add_member(
        committee=committee, user=tom, role=MemberRole.CHAIR, capacity=3, actor=head
    )

    assert back.pk == member.pk and back.active and back.role == MemberRole.CHAIR
    assert Role.COMMITTEE_CHAIR in roles_of(tom, msc)


def test_a_reviewer_cannot_seat_anyone(msc, committee):
    from admissions.core.errors import NotFound

    rita = make_user("rita@example.org", [(Role.REVIEWER, msc)], mfa=True)

    with pytest.raises(NotFound):
        committees.add_member(
            committee=committee, user=rita, role=MemberRole.INTERNAL, capacity=3, actor=rita
        )
