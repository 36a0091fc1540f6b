"""Who on a committee may see what: the one place pages, PDFs and exports ask.

A reviewer reaches an application only through an active assignment of theirs (anything
else is not found, ARCHITECTURE.md invariant 5). On a blind committee, a reviewer does not
see who the applicant is (``is_blind_for``); the programme's staff (head, officers) always
do.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from admissions.applications.models import Application
from admissions.core.errors import NotFound
from admissions.review.models import Assignment, AssignmentStatus, CommitteeMember, MemberRole

NOT_ASSIGNED = _("This application is not assigned to you.")


def active_assignment(*, user: Any, application: Application) -> Assignment | None:
    """``user``'s active (published) assignment on ``application``, if any."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        Assignment.objects.filter(
            application=application,
            member__user=user,
            member__active=True,
            status=AssignmentStatus.ACTIVE,
        )
        .select_related("committee", "member")
        .first()
    )


def assignment_for_reviewer(*, user: Any, application: Application) -> Assignment:
    """Like ``active_assignment`` but raises ``NotFound`` when there is none."""
    assignment = active_assignment(user=user, application=application)
    if assignment is None:
        raise NotFound(NOT_ASSIGNED)
    return assignment


def is_blind_for(*, user: Any, application: Application) -> bool:
    """Whether ``user`` reads ``application`` blind: they sit on a blind committee that
    reviews it and are not its chair."""
    if user is None or not getattr(user, "is_authenticated", False):
        return True
    seats = CommitteeMember.objects.filter(
        user=user,
        active=True,
        committee__blind=True,
        committee__assignments__application=application,
    ).exclude(role=MemberRole.CHAIR)
    return seats.exists()
