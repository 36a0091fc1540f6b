"""The committee's figures come from its submitted reviews only: drafts, withdrawn reviews
and assignments that ended do not count; the weighted score is the rubric's; the spread
threshold is the programme's; completed interviews count as one more review."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admissions.core import clock
from admissions.review import aggregation, chair_selectors
from admissions.review.models import AssignmentStatus, Interview, InterviewStatus, ReviewStatus
from tests.review.chair_stories import (
    application_in_review,
    assign,
    committee_of,
    review,
    reviewed_programme,
    seat,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(msc):
    return committee_of(reviewed_programme(msc))


def test_only_submitted_reviews_on_live_assignments_count(committee):
    ana, ben, cleo, dan = (
        seat(committee, f"{name}@example.org") for name in ("ana", "ben", "cleo", "dan")
    )
    application = application_in_review(committee)
    review(ana, application, 4)
    review(ben, application, 2, 5)  # (2×2 + 5) / 3 = 3
    review(cleo, application, 0, status=ReviewStatus.DRAFT)
    withdrawn = review(dan, application, 1, status=ReviewStatus.WITHDRAWN)
    withdrawn.assignment.status = AssignmentStatus.WITHDRAWN
    withdrawn.assignment.save()

    result = aggregation.application_results(committee).applications[application.pk]

    assert result.reviews == 2
    assert sorted(result.scores) == [Decimal("3"), Decimal("4")]
    assert result.raw_mean == Decimal("3.5")


def test_the_disagreement_threshold_comes_from_the_programmes_review_settings(committee):
    programme = committee.intake.programme
    ana, ben = seat(committee, "ana@example.org"), seat(committee, "ben@example.org")
    application = application_in_review(committee)
    review(ana, application, 4)
    review(ben, application, "2.5")

    assert (
        not aggregation.application_results(committee).applications[application.pk].disagreement
    )  # spread 1.5 < 2 (the default)
    programme.settings = {"review": {"disagreement_spread": 1.5}}
    programme.save()

    assert aggregation.application_results(committee).applications[application.pk].disagreement


def test_an_assigned_application_without_reviews_is_listed_last_with_no_score(committee):
    ana = seat(committee, "ana@example.org")
    scored, waiting = application_in_review(committee), application_in_review(committee)
    review(ana, scored, 3)
    assign(ana, waiting)

    view = chair_selectors.chair_view(committee)

    assert [line.application for line in view.ranked] == [scored, waiting]
    assert view.ranked[1].result.calibrated is None
    assert view.ranked[1].calibrated == "—"
    assert {line.application for line in view.too_few} == {scored, waiting}


def test_a_completed_interview_counts_as_one_more_review(committee):
    ana, ben = seat(committee, "ana@example.org"), seat(committee, "ben@example.org")
    application = application_in_review(committee)
    review(ana, application, 4)
    review(ben, application, 4)
    Interview.objects.create(
        application=application,
        status=InterviewStatus.COMPLETED,
        uid="interview-1@example.org",
        invited_at=clock.now(),
        scores={"academic": 1, "motivation": 4},  # (1×2 + 4) / 3 = 2
    )

    line = chair_selectors.chair_view(committee).ranked[0]

    assert line.result.interview_score == Decimal("2.000")
    assert line.result.raw_mean == Decimal("10") / 3
    assert line.result.disagreement  # 4, 4 and 2: a spread of 2


def test_the_ranked_list_reads_a_fixed_number_of_queries_whatever_its_size(committee):
    members = [seat(committee, f"r{i}@example.org") for i in range(3)]

    def measure():
        with CaptureQueriesContext(connection) as queries:
            view = chair_selectors.chair_view(committee)
            for line in view.ranked:
                str(line.application.applicant.get_full_name())
                line.application.get_status_display()
            chair_selectors.reviewer_progress(committee, now=clock.now())
            chair_selectors.overdue_reviews(committee, now=clock.now())
        return len(queries)

    for _ in range(2):
        application = application_in_review(committee)
        for i, member in enumerate(members):
            review(member, application, i + 1)
    small = measure()
    for _ in range(6):
        application = application_in_review(committee)
        for i, member in enumerate(members):
            review(member, application, i + 2)
    assert measure() == small
