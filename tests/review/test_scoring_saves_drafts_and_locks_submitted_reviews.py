"""A reviewer's draft is saved as they type, partial or not; submitting needs every
criterion and a recommendation, computes the weighted score, and locks the review until the
chair reopens it. Each bad field is named."""

from __future__ import annotations

from decimal import Decimal

import pytest

from admissions.applications.models import TimelineEvent
from admissions.core.audit import AuditEvent
from admissions.core.errors import DomainError, NotFound
from admissions.review.models import AssignmentStatus, Review, ReviewStatus
from admissions.review.scoring import (
    RECOMMENDATION_REQUIRED,
    ReviewInvalid,
    ReviewNotSubmitted,
    ReviewSubmitted,
    StaleReview,
    reopen_review,
    save_review,
)
from tests.people import make_reviewer, make_user
from tests.review.scoring_stories import MSC_SCORES, MSC_WEIGHTED, assign, msc_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


@pytest.fixture
def rita(msc):
    return make_reviewer(msc)


@pytest.fixture
def assignment(msc, rita):
    return assign(msc_application(msc), rita)


def submit(assignment, actor, **overrides):
    fields = {
        "scores": MSC_SCORES,
        "recommendation": "admit",
        "comment": "Strong file.",
        "submit": True,
    }
    fields.update(overrides)
    return save_review(assignment=assignment, actor=actor, **fields)


def test_a_partial_draft_is_saved_without_a_score_or_recommendation(assignment, rita):
    review = save_review(
        assignment=assignment, actor=rita, scores={"career_plan": 3}, comment="Reading…"
    )

    assert review.status == ReviewStatus.DRAFT
    assert review.scores == {"career_plan": 3}
    assert review.weighted_score is None
    assert review.version == 1


def test_each_save_replaces_the_draft_and_counts_a_version(assignment, rita):
    save_review(assignment=assignment, actor=rita, scores={"career_plan": 3})

    review = save_review(
        assignment=assignment, actor=rita, scores={"academic_level": 2}, expected_version=1
    )

    assert review.scores == {"academic_level": 2}
    assert review.version == 2


def test_submitting_computes_the_weighted_mean_and_locks_the_review(assignment, rita):
    review = submit(assignment, rita)

    assert review.status == ReviewStatus.SUBMITTED
    assert review.weighted_score == Decimal(MSC_WEIGHTED)
    assert review.submitted_at is not None
    with pytest.raises(ReviewSubmitted):
        save_review(assignment=assignment, actor=rita, scores={"career_plan": 1})


def test_a_review_submitted_twice_counts_once(assignment, rita):
    submit(assignment, rita)

    with pytest.raises(ReviewSubmitted):
        submit(assignment, rita, scores={**MSC_SCORES, "career_plan": 0})

    review = Review.objects.get(assignment=assignment)
    assert review.scores == MSC_SCORES
    assert AuditEvent.objects.filter(action="review.submitted").count() == 1


def test_submitting_is_audited_and_told_on_the_staff_timeline_only(assignment, rita):
    submit(assignment, rita)

    audit = AuditEvent.objects.get(action="review.submitted")
    assert audit.actor == rita
    assert audit.object_ref == assignment.application.reference
    event = TimelineEvent.objects.get(application=assignment.application, kind="review_submitted")
    assert event.visible_to_applicant is False


def test_a_score_outside_the_scale_is_named_and_nothing_is_saved(assignment, rita):
    with pytest.raises(ReviewInvalid) as caught:
        save_review(assignment=assignment, actor=rita, scores={"academic_level": 6})

    assert list(caught.value.errors) == ["scores.academic_level"]
    assert "between 0 and 5" in str(caught.value.errors["scores.academic_level"])
    assert not Review.objects.filter(assignment=assignment).exists()


def test_an_unknown_criterion_is_named(assignment, rita):
    with pytest.raises(ReviewInvalid) as caught:
        save_review(assignment=assignment, actor=rita, scores={"charisma": 5})

    assert "“charisma” is not a criterion" in str(caught.value.errors["scores.charisma"])


def test_a_score_that_is_no_number_is_named(assignment, rita):
    with pytest.raises(ReviewInvalid) as caught:
        save_review(assignment=assignment, actor=rita, scores={"career_plan": "good"})

    assert list(caught.value.errors) == ["scores.career_plan"]


def test_submitting_names_every_missing_criterion_and_the_recommendation(assignment, rita):
    with pytest.raises(ReviewInvalid) as caught:
        submit(assignment, rita, scores={"career_plan": 3}, recommendation="")

    errors = caught.value.errors
    assert set(errors) == {"scores.academic_level", "scores.transversal_skills", "recommendation"}
    assert errors["recommendation"] == RECOMMENDATION_REQUIRED


def test_a_save_over_a_newer_version_is_refused(assignment, rita):
    save_review(assignment=assignment, actor=rita, scores={"career_plan": 3})
    save_review(assignment=assignment, actor=rita, scores={"career_plan": 4}, expected_version=1)

    with pytest.raises(StaleReview):
        save_review(
            assignment=assignment, actor=rita, scores={"career_plan": 1}, expected_version=1
        )


def test_only_the_assigned_reviewer_saves_and_only_while_assigned(msc, assignment, rita):
    colleague = make_reviewer(msc, "rene.reviewer@example.org", first_name="René")

    with pytest.raises(NotFound):
        save_review(assignment=assignment, actor=colleague, scores={})
    assignment.status = AssignmentStatus.DECLINED
    assignment.save()
    with pytest.raises(NotFound):
        save_review(assignment=assignment, actor=rita, scores={})


def test_the_programme_head_reopens_a_submitted_review_with_a_reason(msc, assignment, rita):
    from admissions.core.roles import Role

    head = make_user("helene.head@example.org", [(Role.PROGRAMME_HEAD, msc)], mfa=True)
    review = submit(assignment, rita)

    reopened = reopen_review(review=review, actor=head, reason="Scores swapped by mistake.")

    assert reopened.status == ReviewStatus.DRAFT
    assert reopened.weighted_score is None
    assert reopened.reopened_by == head
    assert AuditEvent.objects.get(action="review.reopened").data["reason"] == (
        "Scores swapped by mistake."
    )
    again = submit(assignment, rita, scores={**MSC_SCORES, "career_plan": 5})
    assert again.weighted_score == Decimal("4.500")


def test_a_reviewer_cannot_reopen_their_own_review(assignment, rita):
    review = submit(assignment, rita)

    with pytest.raises(NotFound):
        reopen_review(review=review, actor=rita, reason="I changed my mind.")


def test_reopening_needs_a_reason_and_a_submitted_review(msc, assignment, rita):
    from admissions.core.roles import Role

    head = make_user("helene.head@example.org", [(Role.PROGRAMME_HEAD, msc)], mfa=True)
    draft = save_review(assignment=assignment, actor=rita, scores={})

    with pytest.raises(ReviewNotSubmitted):
        reopen_review(review=draft, actor=head, reason="Why not.")
    review = submit(assignment, rita, expected_version=None)
    with pytest.raises(DomainError) as caught:
        reopen_review(review=review, actor=head, reason="  ")
    assert caught.value.field == "reason"
