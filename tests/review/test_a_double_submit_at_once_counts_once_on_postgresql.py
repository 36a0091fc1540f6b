"""A reviewer's "submit" sent twice at the same moment (a double click, two tabs): one
submission counts, the other is told the review is locked, and one audit record and one
timeline event are written. Real concurrency needs PostgreSQL's row locks; the sequential
story runs everywhere in test_scoring_saves_drafts_and_locks_submitted_reviews.py."""

from __future__ import annotations

import pytest
from django.db import connection

from admissions.applications.models import TimelineEvent
from admissions.core.audit import AuditEvent
from admissions.review.models import Assignment, Review, ReviewStatus
from admissions.review.scoring import ReviewSubmitted, save_review
from tests.concurrency import at_once
from tests.people import make_reviewer
from tests.review.scoring_stories import MSC_SCORES, assign, msc_application

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Concurrent submissions need real row locks: run with DATABASE_URL=postgres://…",
    ),
]


def test_two_submissions_at_once_count_once(seed_programmes):
    msc = seed_programmes["msc-cps2-ai-iot"]
    rita = make_reviewer(msc)
    assignment = assign(msc_application(msc), rita)

    def press_submit(index: int) -> object:
        return save_review(
            assignment=Assignment.objects.get(pk=assignment.pk),
            actor=rita,
            scores=MSC_SCORES,
            recommendation="admit",
            comment=f"tab {index}",
            submit=True,
        )

    outcomes = at_once(2, press_submit)

    kinds = sorted(type(outcome).__name__ for outcome in outcomes)
    assert kinds == sorted(["Review", ReviewSubmitted.__name__]), outcomes
    review = Review.objects.get(assignment=assignment)
    assert review.status == ReviewStatus.SUBMITTED
    assert review.version == 1
    assert AuditEvent.objects.filter(action="review.submitted").count() == 1
    assert TimelineEvent.objects.filter(kind="review_submitted").count() == 1
