"""Arrangements of the scoring tests: a committee of a seed programme's intake, reviewers
seated on it, and their published (active) assignments."""

from __future__ import annotations

import datetime as dt

from admissions.applications.models import Application
from admissions.core import clock
from admissions.review.models import (
    Assignment,
    AssignmentStatus,
    Committee,
    CommitteeMember,
    MemberRole,
)
from tests.documents.stories import application_for

# A complete MSc review: academic level counts double (weight 2).
MSC_SCORES = {"academic_level": 4, "career_plan": 3, "transversal_skills": 5}
MSC_WEIGHTED = "4.000"  # (4 × 2 + 3 + 5) / 4


def msc_application(programme, **kw) -> Application:
    return application_for(programme, submitted=True, **kw)


def committee_of(application: Application, *, blind: bool = False) -> Committee:
    committee, _ = Committee.objects.get_or_create(
        intake=application.intake,
        round=None,
        entry_level=None,
        defaults={
            "name": "Academic committee",
            "blind": blind,
            "published_at": clock.now(),
        },
    )
    return committee


def assign(
    application: Application,
    user,
    *,
    due_at: dt.datetime | None = None,
    status: str = AssignmentStatus.ACTIVE,
    role: str = MemberRole.INTERNAL,
) -> Assignment:
    committee = committee_of(application)
    member, _ = CommitteeMember.objects.get_or_create(
        committee=committee, user=user, defaults={"role": role}
    )
    return Assignment.objects.create(
        committee=committee,
        member=member,
        application=application,
        status=status,
        due_at=due_at if due_at is not None else clock.now() + dt.timedelta(days=14),
    )
