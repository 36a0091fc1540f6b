"""Scoring: a reviewer's draft saved as they type, the submission that locks it, and the
chair's reopening.

A review belongs to one active assignment and only its reviewer writes it. Every save
replaces the scores, recommendation and comment with what the reviewer's form (or the API's
``PUT``) holds; a draft may be partial, a submission may not. Once submitted, a review is
locked (``ReviewSubmitted``, a 409 in the API) until the committee's chair or the
programme head reopens it with a reason. Saves of one review are serialised by a row lock
on its assignment, so two submissions sent at once count once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from admissions.applications.services import record_event
from admissions.core import audit, clock
from admissions.core.errors import DomainError, NotFound
from admissions.core.permissions import check
from admissions.review.access import NOT_ASSIGNED
from admissions.review.models import (
    Assignment,
    AssignmentStatus,
    Recommendation,
    Review,
    ReviewStatus,
)
from admissions.review.rubric import Rubric, rubric_of

MAX_COMMENT_LENGTH = 10_000

REVIEW_INVALID = _("Some of the review needs your attention. Correct it, then save again.")
REVIEW_SUBMITTED = _(
    "This review was submitted and is locked. Ask the committee's chair to reopen it if it "
    "must change."
)
STALE_REVIEW = _(
    "This review was changed in another tab or window since you opened it. Reload the page "
    "to see it, then make your change again."
)
NOT_SUBMITTED = _("Only a submitted review can be reopened; this one is still a draft.")
REASON_REQUIRED = _("Say why the review is reopened: the reviewer and the audit trail see it.")
UNKNOWN_CRITERION = _("“%(code)s” is not a criterion of this programme's rubric.")
SCORE_NOT_A_NUMBER = _("The score of “%(criterion)s” must be a number.")
SCORE_OUT_OF_SCALE = _(
    "The score of “%(criterion)s” must be between %(min)s and %(max)s; %(value)s is outside "
    "the scale."
)
SCORE_REQUIRED = _("Score “%(criterion)s” before submitting.")
RECOMMENDATION_REQUIRED = _("Choose a recommendation before submitting.")
UNKNOWN_RECOMMENDATION = _("Choose a recommendation among: %(choices)s.")
COMMENT_TOO_LONG = _("The comment is %(length)s characters long; the limit is %(limit)s.")

EVENT_SUBMITTED = "review_submitted"
EVENT_REOPENED = "review_reopened"


class ReviewInvalid(DomainError):
    """The review does not validate; ``errors`` maps each field (``scores.<code>``,
    ``recommendation``, ``comment``) to what is wrong with it. Nothing was saved."""

    def __init__(self, errors: Mapping[str, Any]):
        super().__init__(REVIEW_INVALID, code="review_invalid")
        self.errors = dict(errors)


class ReviewSubmitted(DomainError):
    """The review is submitted, hence locked."""

    def __init__(self) -> None:
        super().__init__(REVIEW_SUBMITTED, code="review_submitted")


class StaleReview(DomainError):
    """The review changed since the version the reviewer's page or client last read."""

    def __init__(self) -> None:
        super().__init__(STALE_REVIEW, code="stale_review")


class ReviewNotSubmitted(DomainError):
    def __init__(self) -> None:
        super().__init__(NOT_SUBMITTED, code="review_not_submitted")


def _number(value: Any) -> int | float | None:
    """A score as stored: a whole number when it is one; None when it is no number."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def validate_review(
    *,
    rubric: Rubric,
    scores: Mapping[str, Any],
    recommendation: str,
    comment: str,
    submit: bool,
) -> tuple[dict[str, int | float], dict[str, Any]]:
    """The scores as stored (empty ones dropped) and the errors by field. A draft may leave
    criteria and the recommendation empty; a submission may not."""
    errors: dict[str, Any] = {}
    labels = {criterion.code: criterion.label() for criterion in rubric.criteria}
    clean: dict[str, int | float] = {}
    for code, value in scores.items():
        field = f"scores.{code}"
        if code not in labels:
            errors[field] = UNKNOWN_CRITERION % {"code": code}
            continue
        if value is None or value == "":
            continue
        number = _number(value)
        if number is None:
            errors[field] = SCORE_NOT_A_NUMBER % {"criterion": labels[code]}
        elif not rubric.scale_min <= number <= rubric.scale_max:
            errors[field] = SCORE_OUT_OF_SCALE % {
                "criterion": labels[code],
                "min": rubric.scale_min,
                "max": rubric.scale_max,
                "value": number,
            }
        else:
            clean[code] = number
    if recommendation and recommendation not in Recommendation.values:
        errors["recommendation"] = UNKNOWN_RECOMMENDATION % {
            "choices": ", ".join(Recommendation.values)
        }
    if len(comment) > MAX_COMMENT_LENGTH:
        errors["comment"] = COMMENT_TOO_LONG % {
            "length": len(comment),
            "limit": MAX_COMMENT_LENGTH,
        }
    if submit:
        for code, label in labels.items():
            field = f"scores.{code}"
            if code not in clean and field not in errors:
                errors[field] = SCORE_REQUIRED % {"criterion": label}
        if not recommendation:
            errors["recommendation"] = RECOMMENDATION_REQUIRED
    return clean, errors


def save_review(
    *,
    assignment: Assignment,
    actor: Any,
    scores: Mapping[str, Any],
    recommendation: str = "",
    comment: str = "",
    submit: bool = False,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Review:
    """Save ``actor``'s review of ``assignment`` as a draft, or submit it (``submit``).

    ``expected_version`` is the version the reviewer's page read (0 before the first save):
    a save over a newer version is refused (``StaleReview``) rather than lost. A submission
    computes the weighted score, records the audit event and a staff-only timeline event.
    """
    now = now or clock.now()
    recommendation = recommendation or ""
    comment = (comment or "").strip()
    with transaction.atomic():
        # The assignment's row lock serialises every save of its one review, the first one
        # (which creates it) included: a double submission counts once.
        locked = (
            Assignment.objects.select_for_update(of=("self",))
            .select_related("member", "application__programme")
            .filter(pk=assignment.pk)
            .first()
        )
        if (
            locked is None
            or locked.status != AssignmentStatus.ACTIVE
            or not locked.member.active
            or actor is None
            or locked.member.user_id != getattr(actor, "pk", None)
        ):
            raise NotFound(NOT_ASSIGNED)
        review = Review.objects.select_for_update(of=("self",)).filter(assignment=locked).first()
        if review is not None and review.status == ReviewStatus.SUBMITTED:
            raise ReviewSubmitted()
        if review is not None and review.status == ReviewStatus.WITHDRAWN:
            raise NotFound(NOT_ASSIGNED)
        current = review.version if review is not None else 0
        if expected_version is not None and expected_version != current:
            raise StaleReview()
        application = locked.application
        rubric = rubric_of(application.programme)
        clean, errors = validate_review(
            rubric=rubric,
            scores=scores,
            recommendation=recommendation,
            comment=comment,
            submit=submit,
        )
        if errors:
            raise ReviewInvalid(errors)
        if review is None:
            review = Review(assignment=locked, version=1)
        else:
            review.version += 1
        review.scores = clean
        review.recommendation = recommendation
        review.comment = comment
        if submit:
            review.status = ReviewStatus.SUBMITTED
            review.submitted_at = now
            review.weighted_score = rubric.weighted_mean(clean)
        review.save()
        if submit:
            audit.record(
                action="review.submitted",
                actor=actor,
                object_type="application",
                object_ref=application.reference,
                programme_id=application.programme_id,
                data={
                    "assignment": str(locked.public_id),
                    "weighted_score": str(review.weighted_score),
                    "recommendation": recommendation,
                },
            )
            record_event(
                application=application,
                kind=EVENT_SUBMITTED,
                actor=actor,
                message_en="A committee member submitted a review.",
                message_fr="Un membre du comité a remis son évaluation.",
                data={"assignment": str(locked.public_id)},
                visible_to_applicant=False,
                now=now,
            )
    return review


def reopen_review(
    *, review: Review, actor: Any, reason: str, now: dt.datetime | None = None
) -> Review:
    """Unlock a submitted review so its reviewer may change it (the committee's chair or the
    programme head, with a reason). Its weighted score no longer counts until it is
    submitted again."""
    now = now or clock.now()
    reason = (reason or "").strip()
    application = review.assignment.application
    check(actor, "committee.chair", programme_id=application.programme_id)
    if not reason:
        raise DomainError(REASON_REQUIRED, field="reason", code="reason_required")
    with transaction.atomic():
        Assignment.objects.select_for_update(of=("self",)).filter(pk=review.assignment_id).first()
        locked = Review.objects.select_for_update(of=("self",)).get(pk=review.pk)
        if locked.status != ReviewStatus.SUBMITTED:
            raise ReviewNotSubmitted()
        locked.status = ReviewStatus.DRAFT
        locked.weighted_score = None
        locked.submitted_at = None
        locked.reopened_at = now
        locked.reopened_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.version += 1
        locked.save()
        audit.record(
            action="review.reopened",
            actor=actor,
            object_type="application",
            object_ref=application.reference,
            programme_id=application.programme_id,
            data={"assignment": str(review.assignment.public_id), "reason": reason},
        )
        record_event(
            application=application,
            kind=EVENT_REOPENED,
            actor=actor,
            message_en=f"A review was reopened: {reason}",
            message_fr=f"Une évaluation a été rouverte : {reason}",
            data={"assignment": str(review.assignment.public_id)},
            visible_to_applicant=False,
            now=now,
        )
    return locked
