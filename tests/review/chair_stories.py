"""The committee of the chair's stories: an MSc intake reviewed on two criteria (academic
level, weight 2; motivation, weight 1; 0–5), its chair Chloé, reviewers, applications in
review, and reviews written straight into the database (the scoring screens are not what
these stories test)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from admissions.applications.states import Status
from admissions.catalogue.models import Programme, ReviewCriterion
from admissions.core.roles import Role
from admissions.review.models import (
    Assignment,
    AssignmentStatus,
    Committee,
    CommitteeMember,
    MemberRole,
    Review,
    ReviewStatus,
)
from admissions.review.rubric import rubric_of
from tests.applications.factories import ApplicationFactory
from tests.catalogue.factories import IntakeFactory, RoundFactory
from tests.people import make_user

MSC_PIPELINE = ["eligibility", "committee_review", "interview"]


def reviewed_programme(programme: Programme, *, pipeline: list[str] | None = None) -> Programme:
    programme.pipeline = MSC_PIPELINE if pipeline is None else pipeline
    programme.save(update_fields=["pipeline"])
    ReviewCriterion.objects.get_or_create(
        programme=programme,
        code="academic",
        defaults={"position": 1, "label_en": "Academic level", "label_fr": "Niveau", "weight": 2},
    )
    ReviewCriterion.objects.get_or_create(
        programme=programme,
        code="motivation",
        defaults={"position": 2, "label_en": "Motivation", "label_fr": "Motivation", "weight": 1},
    )
    return programme


def committee_of(programme: Programme, *, name: str = "MSc committee", **fields) -> Committee:
    intake = programme.intakes.order_by("-academic_year").first() or IntakeFactory(
        programme=programme
    )
    return Committee.objects.create(
        intake=intake, name=name, published_at=fields.pop("published_at", None), **fields
    )


def seat(
    committee: Committee, email: str, *, role: str = MemberRole.INTERNAL, user=None, **names
) -> CommitteeMember:
    programme = committee.intake.programme
    if user is None:
        staff_role = {
            MemberRole.CHAIR: Role.COMMITTEE_CHAIR,
            MemberRole.EXTERNAL: Role.EXTERNAL_REVIEWER,
        }.get(role, Role.REVIEWER)
        user = make_user(email, [(staff_role, programme)], mfa=True, **names)
    return CommitteeMember.objects.create(committee=committee, user=user, role=role)


def application_in_review(committee: Committee, **fields):
    fields.setdefault(
        "round",
        committee.intake.rounds.order_by("number").first()
        or RoundFactory(intake=committee.intake, number=1),
    )
    return ApplicationFactory(
        intake=committee.intake,
        programme=committee.intake.programme,
        submitted=True,
        status=fields.pop("status", Status.IN_REVIEW),
        **fields,
    )


def assign(
    member: CommitteeMember, application, *, due_at: dt.datetime | None = None
) -> Assignment:
    return Assignment.objects.create(
        committee=member.committee,
        member=member,
        application=application,
        status=AssignmentStatus.ACTIVE,
        due_at=due_at,
    )


def review(
    member: CommitteeMember,
    application,
    academic: float | str,
    motivation: float | str | None = None,
    *,
    recommendation: str = "admit",
    status: str = ReviewStatus.SUBMITTED,
    due_at: dt.datetime | None = None,
) -> Review:
    """A review with these scores (motivation defaults to academic, so the weighted score
    is the number given)."""
    assignment = Assignment.objects.filter(
        member=member, application=application, status=AssignmentStatus.ACTIVE
    ).first() or assign(member, application, due_at=due_at)
    scores = {
        "academic": Decimal(str(academic)),
        "motivation": Decimal(str(academic if motivation is None else motivation)),
    }
    weighted = rubric_of(member.committee.intake.programme).weighted_mean(scores)
    return Review.objects.create(
        assignment=assignment,
        status=status,
        scores={code: float(value) for code, value in scores.items()},
        weighted_score=weighted if status == ReviewStatus.SUBMITTED else None,
        recommendation=recommendation,
    )
