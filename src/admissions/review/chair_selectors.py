"""What the chair of a committee reads: who may open a committee's dashboard, the progress of
each reviewer, the overdue reviews, the applications with too few reviews, the disagreements
and the ranked list (calibrated and raw scores side by side).

Each function runs a fixed number of queries whatever the committee's size (no N+1): the
committee's assignments come with their reviewer, review and application in one query, the
scores through ``aggregation.application_results``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.core.errors import NotFound
from admissions.core.permissions import has_permission, programme_scope
from admissions.review import aggregation
from admissions.review.models import (
    Assignment,
    AssignmentStatus,
    Committee,
    CommitteeMember,
    Interview,
    InterviewStatus,
    MemberRole,
    Recommendation,
    ReviewStatus,
)
from admissions.review.rubric import rubric_of

CHAIR = "committee.chair"
MANAGE = "committee.manage"

# The statuses in which an application is still waiting for its reviews: once the chair has
# moved it on (or it was withdrawn), a missing review is no longer overdue nor "too few".
REVIEWING = (Status.ELIGIBLE, Status.IN_REVIEW)

COMMITTEE_NOT_FOUND = _("This committee does not exist or you do not chair it.")
APPLICATION_NOT_IN_COMMITTEE = _("This committee does not review that application.")
MEMBER_NOT_FOUND = _("This person does not sit on the committee.")


# --------------------------------------------------------------------------------------------
# Who may chair
# --------------------------------------------------------------------------------------------


def is_chair_of(user: Any, committee: Committee) -> bool:
    """``user`` holds an active chair's seat on ``committee``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return CommitteeMember.objects.filter(
        committee=committee, user=user, role=MemberRole.CHAIR, active=True
    ).exists()


def may_chair(user: Any, committee: Committee) -> bool:
    """The chair's permission (``committee.chair``) on the committee's programme, and either
    the chair's seat on this very committee or the programme's management (the programme
    head): a chair of another committee of the same programme may not."""
    programme_id = committee.intake.programme_id
    if not has_permission(user, CHAIR, programme_id=programme_id):
        return False
    return has_permission(user, MANAGE, programme_id=programme_id) or is_chair_of(user, committee)


def committee_for_chair(*, public_id: Any, user: Any) -> Committee:
    """The committee for its chair's pages; ``NotFound`` when it does not exist or ``user``
    may not chair it (both look the same)."""
    committee = (
        Committee.objects.select_related("intake__programme", "round", "entry_level")
        .filter(public_id=public_id)
        .first()
    )
    if committee is None or not may_chair(user, committee):
        raise NotFound(COMMITTEE_NOT_FOUND)
    return committee


def committees_for(user: Any) -> list[dict[str, Any]]:
    """The committees ``user`` chairs or manages, each with its progress (reviews submitted
    of those assigned) and whether ``user`` may open its chair's dashboard. ``NotFound``
    when the person neither chairs nor manages any committee anywhere."""
    if not (
        has_permission(user, CHAIR, any_programme=True)
        or has_permission(user, MANAGE, any_programme=True)
    ):
        raise NotFound(COMMITTEE_NOT_FOUND)
    managed = programme_scope(user, MANAGE)
    chaired = programme_scope(user, CHAIR)
    seat = Q(members__user=user, members__role=MemberRole.CHAIR, members__active=True)
    if chaired is not None:
        seat &= Q(intake__programme_id__in=chaired)
    if managed is None:
        visible = Q()
    elif managed:
        visible = seat | Q(intake__programme_id__in=managed)
    else:
        visible = seat
    ids = Committee.objects.filter(visible).values("pk")
    committees = (
        Committee.objects.filter(pk__in=ids)
        .select_related("intake__programme", "round", "entry_level")
        .annotate(
            assigned=Count(
                "assignments", filter=Q(assignments__status=AssignmentStatus.ACTIVE), distinct=True
            ),
            submitted=Count(
                "assignments",
                filter=Q(
                    assignments__status=AssignmentStatus.ACTIVE,
                    assignments__review__status=ReviewStatus.SUBMITTED,
                ),
                distinct=True,
            ),
        )
        .order_by("-intake__academic_year", "intake__programme__slug", "name")
    )
    chair_seats = set(
        CommitteeMember.objects.filter(
            user=user, role=MemberRole.CHAIR, active=True, committee__in=ids
        ).values_list("committee_id", flat=True)
    )
    rows = []
    for committee in committees:
        programme_id = committee.intake.programme_id
        can_open = has_permission(user, CHAIR, programme_id=programme_id) and (
            committee.pk in chair_seats or has_permission(user, MANAGE, programme_id=programme_id)
        )
        rows.append(
            {
                "committee": committee,
                "can_open": can_open,
                "can_manage": has_permission(user, MANAGE, programme_id=programme_id),
                "can_assign": has_permission(
                    user, "application.assign_reviewers", programme_id=programme_id
                )
                and (
                    committee.pk in chair_seats
                    or has_permission(user, MANAGE, programme_id=programme_id)
                ),
            }
        )
    return rows


# --------------------------------------------------------------------------------------------
# Progress and overdue reviews
# --------------------------------------------------------------------------------------------


def _not_submitted() -> Q:
    return Q(review__isnull=True) | ~Q(review__status=ReviewStatus.SUBMITTED)


def overdue_assignments(
    *, now: dt.datetime, committee: Committee | None = None
) -> QuerySet[Assignment]:
    """Published assignments past their due date whose review is not submitted, on
    applications still waiting for their reviews (``REVIEWING``), of active reviewers."""
    queryset = Assignment.objects.filter(
        status=AssignmentStatus.ACTIVE,
        due_at__lt=now,
        member__active=True,
        application__status__in=REVIEWING,
    ).filter(_not_submitted())
    if committee is not None:
        queryset = queryset.filter(committee=committee)
    return queryset


@dataclass(frozen=True)
class ReviewerProgress:
    member: CommitteeMember
    assigned: int
    submitted: int
    draft: int
    not_started: int
    overdue: int
    last_reminded_at: dt.datetime | None


def reviewer_progress(committee: Committee, *, now: dt.datetime) -> list[ReviewerProgress]:
    """Per active member holding assignments (or a reviewer's seat): assigned, submitted,
    draft, not started, overdue; one query."""
    active = Q(assignments__status=AssignmentStatus.ACTIVE)
    not_submitted = Q(assignments__review__isnull=True) | ~Q(
        assignments__review__status=ReviewStatus.SUBMITTED
    )
    members = (
        CommitteeMember.objects.filter(committee=committee, active=True)
        .select_related("user")
        .annotate(
            n_assigned=Count("assignments", filter=active),
            n_submitted=Count(
                "assignments",
                filter=active & Q(assignments__review__status=ReviewStatus.SUBMITTED),
            ),
            n_draft=Count(
                "assignments", filter=active & Q(assignments__review__status=ReviewStatus.DRAFT)
            ),
            n_not_started=Count("assignments", filter=active & Q(assignments__review__isnull=True)),
            n_overdue=Count(
                "assignments",
                filter=active
                & not_submitted
                & Q(assignments__due_at__lt=now)
                & Q(assignments__application__status__in=REVIEWING),
            ),
            last_reminded=_max_reminded(),
        )
        .order_by("user__last_name", "user__email")
    )
    return [
        ReviewerProgress(
            member=member,
            assigned=member.n_assigned,
            submitted=member.n_submitted,
            draft=member.n_draft,
            not_started=member.n_not_started,
            overdue=member.n_overdue,
            last_reminded_at=member.last_reminded,
        )
        for member in members
        if member.n_assigned or member.role != MemberRole.CHAIR
    ]


def _max_reminded() -> Any:
    return Max(
        "assignments__reminded_at",
        filter=Q(assignments__status=AssignmentStatus.ACTIVE),
    )


def overdue_reviews(committee: Committee, *, now: dt.datetime) -> list[Assignment]:
    """The committee's overdue reviews, oldest due first, with reviewer and application."""
    return list(
        overdue_assignments(now=now, committee=committee)
        .select_related("member__user", "application", "review")
        .order_by("due_at", "pk")
    )


# --------------------------------------------------------------------------------------------
# Scores: the ranked list and what needs the chair's eye
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedApplication:
    """One line of the ranked list: the application, its figures, and what to look at."""

    rank: int
    application: Application
    result: aggregation.ApplicationResult
    required: int
    assigned: int
    recommendations: list[tuple[str, int]] = field(default_factory=list)

    @property
    def too_few(self) -> bool:
        return self.application.status in REVIEWING and self.result.reviews < self.required

    @property
    def calibrated(self) -> str:
        return aggregation.display(self.result.calibrated)

    @property
    def raw_mean(self) -> str:
        return aggregation.display(self.result.raw_mean)

    @property
    def spread(self) -> str:
        return aggregation.display(self.result.spread)

    @property
    def raw_scores(self) -> list[str]:
        return [aggregation.display(score) for score in self.result.scores]

    @property
    def interview_score(self) -> str:
        return aggregation.display(self.result.interview_score)

    @property
    def raw_kept_reviews(self) -> int:
        return sum(1 for key in self.result.raw_kept if key != aggregation.INTERVIEW)

    @property
    def can_advance(self) -> bool:
        return self.application.status == Status.IN_REVIEW


@dataclass(frozen=True)
class ChairView:
    """Everything the dashboard shows about scores."""

    results: aggregation.CommitteeResults
    ranked: list[RankedApplication]

    @property
    def disagreements(self) -> list[RankedApplication]:
        return [row for row in self.ranked if row.result.disagreement]

    @property
    def too_few(self) -> list[RankedApplication]:
        return [row for row in self.ranked if row.too_few]

    @property
    def committee_mean(self) -> str:
        return aggregation.display(self.results.mean)

    @property
    def committee_sd(self) -> str:
        return aggregation.display(self.results.sd)

    @property
    def raw_kept_reviewers(self) -> list[aggregation.ReviewerScale]:
        return [scale for scale in self.results.reviewers.values() if scale.kept_raw]


def interview_scores_of(committee: Committee) -> dict[int, Decimal]:
    """The weighted score of each completed interview with scores, of the applications the
    committee reviews (the latest attempt counts): what ``application_results`` adds as one
    more review."""
    rubric = rubric_of(committee.intake.programme)
    interviews = (
        Interview.objects.filter(
            status=InterviewStatus.COMPLETED,
            application__review_assignments__committee=committee,
            application__review_assignments__status=AssignmentStatus.ACTIVE,
        )
        .distinct()
        .order_by("application_id", "attempt")
        .values_list("application_id", "scores")
    )
    scores: dict[int, Decimal] = {}
    for application_id, sheet in interviews:
        weighted = rubric.weighted_mean(sheet or {})
        if weighted is not None:
            scores[application_id] = weighted
    return scores


def chair_view(
    committee: Committee, *, interview_scores: Mapping[Any, Decimal] | None = None
) -> ChairView:
    """The committee's results and its ranked list: highest calibrated score first, then
    highest raw mean, then reference; applications without a submitted review last."""
    if interview_scores is None:
        interview_scores = interview_scores_of(committee)
    results = aggregation.application_results(committee, interview_scores)
    assigned_counts: dict[Any, int] = dict(
        committee.assignments.filter(status=AssignmentStatus.ACTIVE)
        .order_by()
        .values_list("application_id")
        .annotate(n=Count("pk"))
        .values_list("application_id", "n")
    )
    applications: dict[Any, Application] = {
        application.pk: application
        for application in Application.objects.filter(pk__in=list(results.applications))
        .select_related("applicant", "programme", "entry_level")
        .only(
            "pk",
            "reference",
            "status",
            "programme__pipeline",
            "programme__slug",
            "entry_level__code",
            "entry_level__name_en",
            "entry_level__name_fr",
            "applicant__first_name",
            "applicant__last_name",
            "applicant__email",
        )
    }
    labels = dict(Recommendation.choices)
    ordered = sorted(
        (result for key, result in results.applications.items() if key in applications),
        key=lambda result: (
            aggregation.rank_key(result),
            applications[result.application_id].reference,
        ),
    )
    ranked = [
        RankedApplication(
            rank=position,
            application=applications[result.application_id],
            result=result,
            required=committee.reviewers_per_application,
            assigned=assigned_counts.get(result.application_id, 0),
            recommendations=[
                (str(labels[code]), result.recommendations[code])
                for code in Recommendation.values
                if result.recommendations.get(code)
            ],
        )
        for position, result in enumerate(ordered, start=1)
    ]
    return ChairView(results=results, ranked=ranked)


def application_in_committee(*, committee: Committee, reference: str) -> Application:
    """An application the committee reviews (an active assignment), by reference;
    ``NotFound`` otherwise."""
    application = (
        Application.objects.filter(
            reference=reference,
            review_assignments__committee=committee,
            review_assignments__status=AssignmentStatus.ACTIVE,
        )
        .select_related("programme", "intake", "applicant")
        .distinct()
        .first()
    )
    if application is None:
        raise NotFound(APPLICATION_NOT_IN_COMMITTEE)
    return application


def member_of(*, committee: Committee, member_id: Any) -> CommitteeMember:
    member = (
        CommitteeMember.objects.filter(committee=committee, pk=member_id, active=True)
        .select_related("user")
        .first()
        if str(member_id).isdigit()
        else None
    )
    if member is None:
        raise NotFound(MEMBER_NOT_FOUND)
    return member
