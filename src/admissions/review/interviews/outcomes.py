"""The outcome of an interview: the sheet, the prerequisite check, and what follows.

The sheet is scored on the programme's rubric (``rubric_of``: the same criteria, weights
and scale as the committee's reviews) and, where the programme lists prerequisites (the
Post-Master's: analysis, algebra, optimisation, statistics, probability, Java, Python,
Unix), says of each whether it is met, not met or not assessed. Then:

- **pass**: a Post-Master's application goes ``interview → ready_for_panel`` (its panel);
  an MSc application keeps its status, and the sheet's weighted score is stored for the
  committee's ranking, where it counts as one more review.
- **fail**: an outcome on the sheet, visible to staff only. No refusal is sent and the
  application stays in ``interview``: a refusal is a decision, held until its release
  like every decision (the decisions app).
- **undecided**: recorded; the sheet may be completed later.
- **no-show**: the interview is marked so and the applicant told; the head may invite
  them once more (a new attempt).

A pass is final here (it moved the application); a fail or undecided sheet may be revised.
Concurrent recorders are told: the caller passes the sheet's ``version`` it read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from admissions.applications import services as application_services
from admissions.applications.states import Status
from admissions.catalogue.models import Stage
from admissions.core import audit, clock
from admissions.review.interviews import access, mail
from admissions.review.interviews.errors import (
    BAD_PREREQUISITE_VALUE,
    CANNOT_RECORD,
    NOT_YET_HELD,
    OUTCOME_REQUIRED,
    PASS_IS_FINAL,
    SCORE_MISSING,
    SCORE_OUT_OF_SCALE,
    STALE_SHEET,
    UNKNOWN_CRITERION,
    UNKNOWN_PREREQUISITE,
    InterviewError,
    StaleInterview,
)
from admissions.review.models import (
    Interview,
    InterviewOutcome,
    InterviewStatus,
    PrerequisiteCheck,
)
from admissions.review.rubric import Rubric, interview_settings_of, rubric_of

EVENT_RECORDED = "interview_recorded"
EVENT_NO_SHOW = "interview_no_show"


class SheetErrors(InterviewError):
    """Several fields of the sheet are wrong: ``errors`` lists (field, message)."""

    def __init__(self, errors: list[tuple[str, Any]]):
        super().__init__(errors[0][1], field=errors[0][0])
        self.errors = errors


def goes_to_panel_on_pass(programme: Any) -> bool:
    """Whether a pass sends the application to the panel: a programme whose interview is
    its selection (no committee review: the Post-Master's). With a committee review (the
    MSc), the interview adds to the committee's scores instead."""
    return Stage.COMMITTEE_REVIEW not in (programme.pipeline or [])


def _check_scores(
    rubric: Rubric, scores: Mapping[str, Any], outcome: str
) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    errors: list[tuple[str, Any]] = []
    clean: dict[str, Any] = {}
    labels = {criterion.code: criterion.label() for criterion in rubric.criteria}
    for code, value in scores.items():
        if code not in labels:
            errors.append((f"score_{code}", UNKNOWN_CRITERION % {"criterion": code}))
            continue
        if value in (None, ""):
            continue
        try:
            number = Decimal(str(value))
        except (InvalidOperation, ValueError):
            number = Decimal(rubric.scale_min - 1)
        if not rubric.scale_min <= number <= rubric.scale_max:
            errors.append(
                (
                    f"score_{code}",
                    SCORE_OUT_OF_SCALE
                    % {"criterion": labels[code], "min": rubric.scale_min, "max": rubric.scale_max},
                )
            )
            continue
        clean[code] = int(number) if number == number.to_integral_value() else float(number)
    if outcome in (InterviewOutcome.PASS, InterviewOutcome.FAIL):
        for criterion in rubric.criteria:
            if criterion.code not in clean and not any(
                field == f"score_{criterion.code}" for field, _m in errors
            ):
                errors.append(
                    (f"score_{criterion.code}", SCORE_MISSING % {"criterion": criterion.label()})
                )
    return clean, errors


def _check_prerequisites(
    expected: tuple[str, ...], given: Mapping[str, Any]
) -> tuple[dict[str, str], list[tuple[str, Any]]]:
    errors: list[tuple[str, Any]] = []
    clean: dict[str, str] = {}
    for code, value in given.items():
        if code not in expected:
            errors.append((f"prerequisite_{code}", UNKNOWN_PREREQUISITE % {"prerequisite": code}))
        elif value not in PrerequisiteCheck.values:
            errors.append((f"prerequisite_{code}", BAD_PREREQUISITE_VALUE % {"prerequisite": code}))
        else:
            clean[code] = str(value)
    for code in expected:
        clean.setdefault(code, PrerequisiteCheck.NOT_ASSESSED)
    return {code: clean[code] for code in expected}, errors


def _lock(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__programme", "application__applicant", "slot")
        .get(pk=interview.pk)
    )


def record_outcome(
    *,
    interview: Interview,
    actor: Any,
    expected_version: int,
    scores: Mapping[str, Any] | None = None,
    prerequisites: Mapping[str, Any] | None = None,
    outcome: str = "",
    notes: str = "",
    no_show: bool = False,
    now: dt.datetime | None = None,
) -> Interview:
    """Record ``interview``'s sheet (or, with ``no_show``, that the applicant did not
    come). Raises ``NotFound`` for someone who may not record it, ``StaleInterview`` when
    the sheet changed since ``expected_version``, ``SheetErrors`` naming each wrong field."""
    now = now or clock.now()
    access.check_record(actor, interview)
    with transaction.atomic():
        locked = _lock(interview)
        # The programme as it is now (its pipeline and rubric), not as the caller read it.
        programme = locked.application.programme
        rubric = rubric_of(programme)
        if locked.version != expected_version:
            raise StaleInterview(STALE_SHEET)
        if locked.outcome == InterviewOutcome.PASS:
            raise InterviewError(PASS_IS_FINAL)
        recordable = locked.status == InterviewStatus.BOOKED or (
            locked.status == InterviewStatus.COMPLETED and not no_show
        )
        if not recordable or locked.slot is None:
            raise InterviewError(CANNOT_RECORD % {"status": InterviewStatus(locked.status).label})
        if now < locked.slot.starts_at:
            raise InterviewError(
                NOT_YET_HELD
                % {
                    "starts": clock.local(locked.slot.starts_at, programme.time_zone).strftime(
                        "%Y-%m-%d %H:%M"
                    )
                }
            )
        if no_show:
            return _no_show(locked, actor=actor, notes=notes, now=now)
        if outcome not in InterviewOutcome.values:
            raise SheetErrors([("outcome", OUTCOME_REQUIRED)])
        clean_scores, errors = _check_scores(rubric, scores or {}, outcome)
        clean_prerequisites, prerequisite_errors = _check_prerequisites(
            interview_settings_of(programme).prerequisites, prerequisites or {}
        )
        errors += prerequisite_errors
        if errors:
            raise SheetErrors(errors)
        locked.status = InterviewStatus.COMPLETED
        locked.outcome = outcome
        locked.scores = clean_scores
        locked.prerequisites = clean_prerequisites
        locked.notes = (notes or "").strip()
        locked.weighted_score = rubric.weighted_mean(clean_scores)
        locked.recorded_at = now
        locked.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.version += 1
        locked.save()
        data = {
            "interview": str(locked.public_id),
            "attempt": locked.attempt,
            "outcome": outcome,
            "weighted_score": str(locked.weighted_score)
            if locked.weighted_score is not None
            else None,
        }
        # Staff only: the applicant learns the result through the decision, at its release.
        application_services.record_event(
            application=locked.application,
            kind=EVENT_RECORDED,
            actor=actor,
            message_en=f"Interview outcome recorded: {outcome}.",
            message_fr=f"Résultat de l'entretien enregistré : {_french(outcome)}.",
            data=data,
            visible_to_applicant=False,
            now=now,
        )
        if outcome == InterviewOutcome.PASS and goes_to_panel_on_pass(programme):
            application = locked.application
            if application.status == Status.INTERVIEW:
                application_services.transition(
                    application=application,
                    to=Status.READY_FOR_PANEL,
                    actor=actor,
                    now=now,
                    data=data,
                )
        audit.record(
            action="interview.outcome_recorded",
            actor=actor,
            object_type="application",
            object_ref=locked.application.reference,
            programme_id=programme.pk,
            data={**data, "prerequisites": clean_prerequisites, "scores": clean_scores},
        )
    return locked


def _french(outcome: str) -> str:
    # The timeline keeps its sentence in both languages (message_fr); "pass" is no password.
    french = {"pass": "réussi", "fail": "échoué", "undecided": "à décider"}  # nosec B105
    return french.get(outcome, outcome)


def _no_show(locked: Interview, *, actor: Any, notes: str, now: dt.datetime) -> Interview:
    slot = locked.slot
    assert slot is not None  # nosec B101  # narrows the type; the caller guarantees it
    locked.status = InterviewStatus.NO_SHOW
    locked.notes = (notes or "").strip()
    locked.recorded_at = now
    locked.recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.version += 1
    locked.save()
    data = {"interview": str(locked.public_id), "attempt": locked.attempt}
    application_services.record_event(
        application=locked.application,
        kind=EVENT_NO_SHOW,
        actor=actor,
        message_en="You did not attend the interview.",
        message_fr="Vous ne vous êtes pas présenté(e) à l'entretien.",
        data=data,
        now=now,
    )
    mail.no_show(locked, slot=slot)
    audit.record(
        action="interview.no_show",
        actor=actor,
        object_type="application",
        object_ref=locked.application.reference,
        programme_id=locked.application.programme_id,
        data=data,
    )
    return locked
