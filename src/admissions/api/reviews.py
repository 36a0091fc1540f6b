"""A reviewer's assignments and reviews, under ``/staff/reviews``.

``GET /staff/reviews``: the caller's active assignments, ``[{"id", "application", "status",
"due"}]``, where ``id`` is the assignment's public id and ``status`` is ``assigned`` (no
review saved yet), ``draft`` or ``submitted``.

``GET /staff/reviews/{id}``: the rubric (``criteria``: ``code``, ``weight``, ``min``,
``max``, labels, description) with its level descriptions, and the caller's review so far.

``PUT /staff/reviews/{id}``: ``{"scores": {"<code>": number}, "recommendation": "admit" |
"interview" | "waitlist" | "refuse", "comment": "…", "submit": true | false}`` saves the
review (a draft, or submitted with ``submit``) and answers it as ``GET`` does. ``422`` names
each field in error (``scores.<code>`` out of the scale, unknown, or missing when
submitting; ``recommendation``); ``409`` once the review is submitted.

Staff only, from a session that passed two-factor (the middleware answers 403
``mfa_required`` otherwise). An assignment that is not the caller's answers 404, like one
that does not exist.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field, StrictFloat, StrictInt

from admissions.api.auth import STAFF_AUTH, require_scope
from admissions.api.errors import STAFF_ERRORS
from admissions.api.schemas import In, text
from admissions.review import scoring, selectors
from admissions.review.models import Assignment
from admissions.review.rubric import Rubric, rubric_of

# A signed-in staff session that passed two-factor, or an API token with the reviews scopes.
router = Router(tags=["reviews"], auth=STAFF_AUTH)

# More criteria than any rubric has: bounds what a client may send.
MAX_SCORES = 50

Score = Annotated[StrictInt | StrictFloat, Field(allow_inf_nan=False)] | None


class ReviewIn(In):
    scores: Annotated[dict[text(60), Score], Field(max_length=MAX_SCORES)] = {}  # type: ignore[valid-type]
    recommendation: Literal["admit", "interview", "waitlist", "refuse"] | None = None
    comment: text(scoring.MAX_COMMENT_LENGTH) = ""  # type: ignore[valid-type]
    submit: bool = False


class AssignmentOut(Schema):
    id: uuid.UUID
    application: str
    status: Literal["assigned", "draft", "submitted"]
    due: dt.datetime | None


class RubricLevelOut(Schema):
    score: int
    label: str
    label_en: str
    label_fr: str


class RubricCriterionOut(Schema):
    code: str
    label: str
    label_en: str
    label_fr: str
    description: str
    weight: int
    min: int
    max: int


class ReviewOut(Schema):
    id: uuid.UUID
    application: str
    programme: str
    status: Literal["assigned", "draft", "submitted"]
    due: dt.datetime | None
    criteria: list[RubricCriterionOut]
    levels: list[RubricLevelOut]
    scores: dict[str, int | float]
    recommendation: str | None
    comment: str
    weighted_score: Decimal | None
    version: int
    submitted_at: dt.datetime | None


def _caller(request: HttpRequest) -> Any:
    if not selectors.may_review(request.user):
        raise Http404
    return request.user


def _rubric_out(rubric: Rubric) -> dict[str, Any]:
    return {
        "criteria": [
            {
                "code": c.code,
                "label": c.label(),
                "label_en": c.label_en,
                "label_fr": c.label_fr,
                "description": c.description(),
                "weight": c.weight,
                "min": rubric.scale_min,
                "max": rubric.scale_max,
            }
            for c in rubric.criteria
        ],
        "levels": [
            {"score": lv.score, "label": lv.text(), "label_en": lv.text_en, "label_fr": lv.text_fr}
            for lv in rubric.levels
        ],
    }


def _review_out(assignment: Assignment) -> dict[str, Any]:
    review = selectors.review_of(assignment)
    application = assignment.application
    return {
        "id": assignment.public_id,
        "application": application.reference,
        "programme": application.programme.slug,
        "status": selectors.state_of(assignment),
        "due": assignment.due_at,
        **_rubric_out(rubric_of(application.programme)),
        "scores": dict(review.scores or {}) if review else {},
        "recommendation": (review.recommendation or None) if review else None,
        "comment": review.comment if review else "",
        "weighted_score": review.weighted_score if review else None,
        "version": review.version if review else 0,
        "submitted_at": review.submitted_at if review else None,
    }


@router.get("", response={200: list[AssignmentOut], **STAFF_ERRORS}, url_name="staff_reviews")
def list_reviews(request: HttpRequest) -> list[dict[str, Any]]:
    """The caller's active assignments, the soonest due first."""
    require_scope(request, "reviews:read")
    user = _caller(request)
    return [
        {
            "id": row.public_id,
            "application": row.application.reference,
            "status": row.state,
            "due": row.due_at,
        }
        for row in selectors.assignments_of(user)
    ]


@router.get("/{id}", response={200: ReviewOut, **STAFF_ERRORS}, url_name="staff_review")
def get_review(request: HttpRequest, id: str) -> dict[str, Any]:
    """The rubric and the caller's review of assignment ``id`` so far."""
    require_scope(request, "reviews:read")
    user = _caller(request)
    return _review_out(selectors.assignment_of(user, _uuid(id)))


@router.put("/{id}", response={200: ReviewOut, **STAFF_ERRORS}, url_name="staff_review_save")
def put_review(request: HttpRequest, id: str, payload: ReviewIn) -> dict[str, Any]:
    """Save the caller's review of assignment ``id``: a draft, or submitted (locked) with
    ``submit``."""
    require_scope(request, "reviews:write")
    user = _caller(request)
    assignment = selectors.assignment_of(user, _uuid(id))
    scoring.save_review(
        assignment=assignment,
        actor=user,
        scores=payload.scores,
        recommendation=payload.recommendation or "",
        comment=payload.comment,
        submit=payload.submit,
    )
    return _review_out(selectors.assignment_of(user, assignment.public_id))


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None
