"""What reviewers read: their assignments, and the reviewer's screen of one of them.

A reviewer reaches an application only through an active assignment of theirs
(``review.access``); anything else is not found. The other reviews of an application are
shown to a reviewer only once their own is submitted, so that nobody anchors on a
colleague's scores.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from admissions.applications import selectors as application_selectors
from admissions.applications.models import Application
from admissions.catalogue.standard_types import is_identity_type
from admissions.core import clock
from admissions.core.errors import NotFound
from admissions.core.permissions import has_permission
from admissions.documents import selectors as document_selectors
from admissions.documents.models import MergedFile, MergedFileStatus
from admissions.eligibility import selectors as eligibility_selectors
from admissions.review.access import NOT_ASSIGNED, active_assignment
from admissions.review.blind import reads_blind
from admissions.review.models import (
    Assignment,
    AssignmentStatus,
    CommitteeMember,
    Review,
    ReviewStatus,
)
from admissions.review.rubric import Rubric, rubric_of

# What a reviewer's list and the API call each state of an assignment.
ASSIGNED, DRAFT, SUBMITTED = "assigned", "draft", "submitted"


def may_review(user: Any) -> bool:
    """Whether ``user`` has a reviewer's list at all: a reviewing role somewhere or a seat
    on a committee."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if has_permission(user, "application.review", any_programme=True):
        return True
    return CommitteeMember.objects.filter(user=user, active=True).exists()


def _mine(user: Any) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(
            member__user=user, member__active=True, status=AssignmentStatus.ACTIVE
        )
        .select_related("application__programme", "application__intake", "review")
        .order_by("due_at", "created_at", "pk")
    )


def review_of(assignment: Assignment) -> Review | None:
    try:
        return assignment.review  # type: ignore[attr-defined]
    except Review.DoesNotExist:
        return None


def state_of(assignment: Assignment) -> str:
    review = review_of(assignment)
    if review is None:
        return ASSIGNED
    return SUBMITTED if review.status == ReviewStatus.SUBMITTED else DRAFT


@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    application: Application
    state: str
    due_at: dt.datetime | None
    overdue: bool

    @property
    def public_id(self) -> Any:
        return self.assignment.public_id


def assignments_of(user: Any, *, now: dt.datetime | None = None) -> list[AssignmentRow]:
    """``user``'s active assignments, the soonest due first (one query)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    now = now or clock.now()
    rows = []
    for assignment in _mine(user):
        state = state_of(assignment)
        rows.append(
            AssignmentRow(
                assignment=assignment,
                application=assignment.application,
                state=state,
                due_at=assignment.due_at,
                overdue=state != SUBMITTED
                and assignment.due_at is not None
                and assignment.due_at < now,
            )
        )
    return rows


def assignment_of(user: Any, public_id: Any) -> Assignment:
    """``user``'s active assignment ``public_id``; ``NotFound`` for anyone else's."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotFound(NOT_ASSIGNED)
    assignment = (
        _mine(user)
        .select_related(
            "committee",
            "member",
            "application__entry_level",
            "application__round",
            "application__applicant",
        )
        .filter(public_id=public_id)
        .first()
    )
    if assignment is None:
        raise NotFound(NOT_ASSIGNED)
    return assignment


def next_assignment(user: Any, *, after: Assignment | None = None) -> Assignment | None:
    """The next of ``user``'s assignments still to submit, after ``after`` in the list's
    order (coming round to the first), never ``after`` itself."""
    rows = assignments_of(user)
    order = [row.assignment.pk for row in rows]
    waiting = [row.assignment for row in rows if row.state != SUBMITTED]
    if after is None:
        return waiting[0] if waiting else None
    others = [assignment for assignment in waiting if assignment.pk != after.pk]
    if not others:
        return None
    position = order.index(after.pk) if after.pk in order else -1
    later = [a for a in others if order.index(a.pk) > position]
    return (later or others)[0]


@dataclass(frozen=True)
class OtherReview:
    reviewer: str
    scores: dict[str, Any]
    recommendation: str
    recommendation_label: str
    comment: str
    weighted_score: Any
    submitted_at: dt.datetime | None


def other_reviews(assignment: Assignment) -> list[OtherReview]:
    """The submitted reviews of the same application by the other reviewers."""
    reviews = (
        Review.objects.filter(
            assignment__application_id=assignment.application_id,
            status=ReviewStatus.SUBMITTED,
        )
        .exclude(assignment=assignment)
        .select_related("assignment__member__user")
        .order_by("submitted_at", "pk")
    )
    return [
        OtherReview(
            reviewer=review.assignment.member.user.get_full_name()
            or review.assignment.member.user.email,
            scores=dict(review.scores or {}),
            recommendation=review.recommendation,
            recommendation_label=review.get_recommendation_display(),
            comment=review.comment,
            weighted_score=review.weighted_score,
            submitted_at=review.submitted_at,
        )
        for review in reviews
    ]


@dataclass
class ReviewScreen:
    assignment: Assignment
    application: Application
    file: Any
    items: list[Any]
    eligibility: Any
    rubric: Rubric
    review: Review | None
    blind: bool
    state: str
    others: list[OtherReview] = field(default_factory=list)
    next: Assignment | None = None
    merged: MergedFile | None = None

    @property
    def submitted(self) -> bool:
        return self.state == SUBMITTED


def review_screen(user: Any, public_id: Any) -> ReviewScreen:
    """Everything the reviewer's screen shows of assignment ``public_id``: the file, the
    documents (a blind reviewer's without identity documents), the eligibility outcome,
    the rubric, the reviewer's own review and, once it is submitted, the others'."""
    assignment = assignment_of(user, public_id)
    application = assignment.application
    blind = reads_blind(user, application)
    items = document_selectors.checklist_items(application)
    if blind:
        items = [item for item in items if not is_identity_type(item.code)]
    review = review_of(assignment)
    state = state_of(assignment)
    # A blind reader's merged PDF is the one built blind (review.blind).
    merged = (
        MergedFile.objects.filter(
            application=application, status=MergedFileStatus.READY, blind=blind
        )
        .order_by("-requested_at", "-pk")
        .first()
    )
    return ReviewScreen(
        assignment=assignment,
        application=application,
        file=application_selectors.application_file(application),
        items=items,
        eligibility=eligibility_selectors.effective_outcome(application),
        rubric=rubric_of(application.programme),
        review=review,
        blind=blind,
        state=state,
        others=other_reviews(assignment) if state == SUBMITTED else [],
        next=next_assignment(user, after=assignment),
        merged=merged,
    )


def application_for_reader(
    *, reference: str, user: Any, action: str = "application.view"
) -> Application:
    """The application for a staff page that an assigned reviewer may also read (its
    documents, its merged PDF): staff holding ``action`` on its programme, or a reviewer
    with an active assignment on it. Anyone else: the same ``NotFound`` as a reference
    that does not exist."""
    try:
        return application_selectors.application_for_staff(
            reference=reference, user=user, action=action
        )
    except NotFound:
        application = (
            Application.objects.filter(reference=reference)
            .select_related("programme", "intake", "entry_level", "round", "applicant")
            .first()
        )
        if application is None or active_assignment(user=user, application=application) is None:
            raise
        return application


def reads_by_assignment(*, user: Any, application: Application) -> bool:
    """Whether ``user`` reads ``application`` only as an assigned reviewer (not as staff of
    its programme)."""
    return not has_permission(user, "application.view", programme_id=application.programme_id)
