"""Reading a committee's assignment for the chair's preview and a reviewer's forms."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext_lazy as _

from admissions.applications.states import Status
from admissions.core.errors import NotFound
from admissions.review.access import NOT_ASSIGNED
from admissions.review.assignment.services import (
    applications_in_scope,
    check_may_assign,
    expertise_of,
)
from admissions.review.models import (
    LIVE_ASSIGNMENT,
    Assignment,
    AssignmentStatus,
    Committee,
    CommitteeMember,
    Conflict,
    MemberRole,
)

NO_COMMITTEE = _("No committee with this reference is in your programmes.")
PER_PAGE = 50


def committee_for_assignment(*, public_id: uuid.UUID, user: Any) -> Committee:
    """The committee, if ``user`` may assign its reviewers; ``NotFound`` otherwise."""
    committee = (
        Committee.objects.select_related("intake__programme", "round", "entry_level")
        .filter(public_id=public_id)
        .first()
    )
    if committee is None:
        raise NotFound(NO_COMMITTEE)
    check_may_assign(user, committee)
    return committee


def assignment_of_member(*, public_id: uuid.UUID, user: Any) -> Assignment:
    """The caller's own published assignment; anyone else's is not found."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotFound(NOT_ASSIGNED)
    assignment = (
        Assignment.objects.select_related(
            "committee__intake__programme", "member__user", "application"
        )
        .filter(
            public_id=public_id,
            member__user=user,
            member__active=True,
            status=AssignmentStatus.ACTIVE,
        )
        .first()
    )
    if assignment is None:
        raise NotFound(NOT_ASSIGNED)
    return assignment


@dataclass
class MemberLoad:
    member: CommitteeMember
    name: str
    role: str
    capacity: int
    active: int
    draft: int
    matches: int
    expertise: list[str]
    conflicts: int

    @property
    def load(self) -> int:
        return self.active + self.draft

    @property
    def percent(self) -> int:
        return round(100 * self.load / self.capacity) if self.capacity else 0


@dataclass
class ReviewerCell:
    name: str
    status: str
    status_label: str
    expertise_match: bool


@dataclass
class ApplicationRow:
    reference: str
    status_label: str
    reviewers: list[ReviewerCell] = field(default_factory=list)


@dataclass
class Preview:
    members: list[MemberLoad]
    page: Page[Any]
    rows: list[ApplicationRow]
    in_scope: int
    drafts: int
    active: int
    needing: int
    matches: int
    conflicts: int


def preview(committee: Committee, *, page: Any = 1) -> Preview:
    """Each member's load (published and draft) against capacity, and, a page at a time,
    each application in scope with its reviewers."""
    members = list(
        CommitteeMember.objects.filter(committee=committee)
        .select_related("user")
        .order_by("-active", "role", "user__last_name", "user__email")
    )
    live = list(
        Assignment.objects.filter(committee=committee, status__in=LIVE_ASSIGNMENT).values_list(
            "member_id", "application_id", "status", "expertise_match"
        )
    )
    active = Counter(m for m, _a, s, _e in live if s == AssignmentStatus.ACTIVE)
    draft = Counter(m for m, _a, s, _e in live if s == AssignmentStatus.DRAFT)
    matches = Counter(m for m, _a, _s, e in live if e)
    conflicts = Counter(
        Conflict.objects.filter(member__committee=committee).values_list("member_id", flat=True)
    )
    loads = [
        MemberLoad(
            member=member,
            name=member.user.get_full_name() or member.user.email,
            role=str(MemberRole(member.role).label),
            capacity=member.capacity,
            active=active[member.pk],
            draft=draft[member.pk],
            matches=matches[member.pk],
            expertise=sorted(expertise_of(member)),
            conflicts=conflicts[member.pk],
        )
        for member in members
    ]
    names = {load.member.pk: load.name for load in loads}
    in_scope = applications_in_scope(committee).order_by("reference")
    reviewers_of: dict[int, int] = Counter(a for _m, a, _s, _e in live)
    per_application = committee.reviewers_per_application
    paginator = Paginator(in_scope.only("pk", "reference", "status"), PER_PAGE)
    current = paginator.get_page(page)
    ids = [application.pk for application in current.object_list]
    cells: dict[int, list[ReviewerCell]] = defaultdict(list)
    for assignment in (
        Assignment.objects.filter(
            committee=committee, status__in=LIVE_ASSIGNMENT, application_id__in=ids
        )
        .order_by("member__user__last_name", "pk")
        .values_list("application_id", "member_id", "status", "expertise_match")
    ):
        application_id, member_id, status, match = assignment
        cells[application_id].append(
            ReviewerCell(
                name=names.get(member_id, ""),
                status=status,
                status_label=str(AssignmentStatus(status).label),
                expertise_match=match,
            )
        )
    rows = [
        ApplicationRow(
            reference=application.reference,
            status_label=str(Status(application.status).label),
            reviewers=cells[application.pk],
        )
        for application in current.object_list
    ]
    scope_ids = list(in_scope.values_list("pk", flat=True))
    return Preview(
        members=loads,
        page=current,
        rows=rows,
        in_scope=len(scope_ids),
        drafts=sum(draft.values()),
        active=sum(active.values()),
        needing=sum(1 for pk in scope_ids if reviewers_of[pk] < per_application),
        matches=sum(matches.values()),
        conflicts=sum(conflicts.values()),
    )
