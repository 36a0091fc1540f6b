"""Arrangements of the assignment tests: a committee of the MSc's intake, its members
(named people with a seat, a capacity, expertise and an institution) and eligible
applications whose applicant holds a degree from a given institution."""

from __future__ import annotations

from admissions.accounts.models import User
from admissions.catalogue.models import Programme
from admissions.core.roles import Role
from admissions.review.models import Committee, CommitteeMember, MemberRole
from tests.applications.factories import ApplicationFactory
from tests.catalogue.factories import IntakeFactory, RoundFactory
from tests.people import make_user


def committee_of(programme: Programme, *, per_application: int = 2, **fields) -> Committee:
    intake = IntakeFactory(programme=programme)
    RoundFactory(intake=intake, number=1)
    return Committee.objects.create(
        intake=intake,
        name=fields.pop("name", "Academic committee"),
        reviewers_per_application=per_application,
        **fields,
    )


def seat(
    committee: Committee,
    email: str,
    *,
    role: str = MemberRole.INTERNAL,
    capacity: int = 10,
    expertise: tuple[str, ...] = (),
    institution: str = "",
    user: User | None = None,
) -> CommitteeMember:
    programme = committee.intake.programme
    if user is None:
        first = email.split("@")[0].split(".")[0].title()
        staff_role = Role.COMMITTEE_CHAIR if role == MemberRole.CHAIR else Role.REVIEWER
        user = make_user(email, [(staff_role, programme)], mfa=True, first_name=first)
    return CommitteeMember.objects.create(
        committee=committee,
        user=user,
        role=role,
        capacity=capacity,
        expertise=list(expertise),
        institution=institution,
    )


def eligible_application(
    committee: Committee,
    *,
    institution: str = "Université Paris Cité",
    field: str = "computer_science",
    **kw,
):
    intake = committee.intake
    kw.setdefault("status", "eligible")
    return ApplicationFactory(
        intake=intake,
        programme=intake.programme,
        round=intake.rounds.get(number=1),
        submitted=True,
        profile__degree__institution=institution,
        profile__degree__field=field,
        **kw,
    )
