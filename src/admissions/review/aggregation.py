"""A committee's scores per application: the raw mean, the spread, the disagreement flag and
the calibrated score, from the reviewers' weighted scores.

Everything here is arithmetic on plain data (``ScoredReview`` rows in, frozen results out)
except ``application_results``, which loads a committee's submitted reviews and calls it.

**Raw figures.** An application's raw score is the plain mean of the weighted scores of its
submitted reviews (each review's weighted score is already the rubric's weighted mean of its
criteria); its spread is the highest minus the lowest of them; it is flagged as a
disagreement when the spread reaches the programme's ``disagreement_spread`` (2 by default).

**Calibration.** Some reviewers mark harder than others. Each reviewer's weighted scores over
all their submitted reviews in the committee are standardised, ``z = (x − mean_r) / sd_r``,
then put back on the committee's scale, ``committee_mean + z × committee_sd``, where the
committee's mean and standard deviation are taken over every submitted review of the
committee. An application's calibrated score is the mean of its reviews' calibrated scores.
A reviewer with fewer than ``MIN_REVIEWS_TO_CALIBRATE`` (3) submitted reviews, or whose
scores are all equal (no variance to standardise by), keeps their raw scores: those reviews
enter the calibrated mean unchanged and are listed in ``raw_kept`` with the reason, so the
chair sees which figures were not corrected.

Standard deviations are **population** deviations (divide by n, not n − 1): a reviewer's
reviews in the committee are all of their scores there, not a sample from which to estimate
something larger, and with the population deviation a reviewer's calibrated scores have
exactly the committee's mean and standard deviation, which is what "rescale to the
committee" promises.

**Interviews.** An MSc interview adds to the committee's scores: its weighted score (from the
same rubric) is counted as one more review of the application, in the raw mean, the spread,
the disagreement flag and the calibrated mean. An interview is not a reviewer's work, so it
is not standardised and does not enter the committee's mean and deviation: it enters the
calibrated mean as it is (and is named as such, ``INTERVIEW``, in ``raw_kept``).

Numbers are ``Decimal`` throughout, at the default context precision (28 digits); nothing
is rounded here. Pages and exports round for display only (``display``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format

from admissions.review.models import AssignmentStatus, Committee, Review, ReviewStatus
from admissions.review.rubric import rubric_of

MIN_REVIEWS_TO_CALIBRATE = 3
INTERVIEW = "interview"

# Why a reviewer's scores were kept raw.
TOO_FEW_REVIEWS = "too_few_reviews"
NO_VARIANCE = "no_variance"

ZERO = Decimal(0)


@dataclass(frozen=True)
class ScoredReview:
    """One submitted review: who wrote it (a committee member), on which application, its
    weighted score and its recommendation."""

    review_id: Hashable
    reviewer_id: Hashable
    application_id: Hashable
    weighted_score: Decimal
    recommendation: str = ""


@dataclass(frozen=True)
class ReviewerScale:
    """A reviewer's scores in the committee: how many, their mean and population standard
    deviation, and whether they are calibrated (``kept_raw`` says why not)."""

    reviewer_id: Hashable
    count: int
    mean: Decimal
    sd: Decimal
    kept_raw: str = ""

    @property
    def calibrated(self) -> bool:
        return not self.kept_raw


@dataclass(frozen=True)
class CalibratedReview:
    review: ScoredReview
    z: Decimal | None  # None when the reviewer's scores are kept raw
    calibrated: Decimal


@dataclass(frozen=True)
class ApplicationResult:
    """An application's figures. ``scores`` are the raw weighted scores counted (reviews,
    then the interview's if any); ``raw_kept`` maps each review kept raw (or ``INTERVIEW``)
    to the reason."""

    application_id: Hashable
    reviews: int
    scores: tuple[Decimal, ...]
    raw_mean: Decimal | None
    spread: Decimal | None
    disagreement: bool
    calibrated: Decimal | None
    raw_kept: Mapping[Hashable, str] = field(default_factory=dict)
    interview_score: Decimal | None = None
    recommendations: Mapping[str, int] = field(default_factory=dict)

    @property
    def has_raw_kept(self) -> bool:
        return bool(self.raw_kept)


@dataclass(frozen=True)
class CommitteeResults:
    """Every application's result, every reviewer's scale, and the committee's scale."""

    applications: Mapping[Hashable, ApplicationResult]
    reviewers: Mapping[Hashable, ReviewerScale]
    mean: Decimal | None
    sd: Decimal | None
    reviews: Mapping[Hashable, CalibratedReview] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Arithmetic
# --------------------------------------------------------------------------------------------


def mean(values: Iterable[Decimal]) -> Decimal | None:
    items = [Decimal(value) for value in values]
    if not items:
        return None
    return sum(items, ZERO) / len(items)


def population_sd(values: Iterable[Decimal]) -> Decimal | None:
    """The population standard deviation (divide by n): see the module's docstring."""
    items = [Decimal(value) for value in values]
    centre = mean(items)
    if centre is None:
        return None
    variance = sum(((value - centre) ** 2 for value in items), ZERO) / len(items)
    return variance.sqrt()


def reviewer_scales(reviews: Iterable[ScoredReview]) -> dict[Hashable, ReviewerScale]:
    by_reviewer: dict[Hashable, list[Decimal]] = defaultdict(list)
    for review in reviews:
        by_reviewer[review.reviewer_id].append(Decimal(review.weighted_score))
    scales = {}
    for reviewer_id, scores in by_reviewer.items():
        centre = mean(scores) or ZERO
        sd = population_sd(scores) or ZERO
        if len(scores) < MIN_REVIEWS_TO_CALIBRATE:
            kept_raw = TOO_FEW_REVIEWS
        elif sd == ZERO:
            kept_raw = NO_VARIANCE
        else:
            kept_raw = ""
        scales[reviewer_id] = ReviewerScale(reviewer_id, len(scores), centre, sd, kept_raw)
    return scales


def calibrate(
    reviews: Iterable[ScoredReview],
) -> tuple[
    dict[Hashable, CalibratedReview], dict[Hashable, ReviewerScale], Decimal | None, Decimal | None
]:
    """Each review's calibrated score, with the reviewers' scales and the committee's mean
    and standard deviation (over every review given)."""
    items = list(reviews)
    scales = reviewer_scales(items)
    committee_mean = mean(review.weighted_score for review in items)
    committee_sd = population_sd(review.weighted_score for review in items)
    calibrated: dict[Hashable, CalibratedReview] = {}
    for review in items:
        scale = scales[review.reviewer_id]
        raw = Decimal(review.weighted_score)
        if scale.calibrated and committee_mean is not None and committee_sd is not None:
            z = (raw - scale.mean) / scale.sd
            calibrated[review.review_id] = CalibratedReview(
                review, z, committee_mean + z * committee_sd
            )
        else:
            calibrated[review.review_id] = CalibratedReview(review, None, raw)
    return calibrated, scales, committee_mean, committee_sd


def aggregate(
    reviews: Iterable[ScoredReview],
    *,
    disagreement_spread: Decimal,
    interview_scores: Mapping[Any, Decimal] | None = None,
    applications: Iterable[Hashable] = (),
) -> CommitteeResults:
    """The committee's results. ``interview_scores`` maps an application to its interview's
    weighted score (one more review, not calibrated); ``applications`` names applications
    to report even without a score (assigned, nothing submitted yet)."""
    calibrated, scales, committee_mean, committee_sd = calibrate(reviews)
    by_application: dict[Hashable, list[CalibratedReview]] = defaultdict(list)
    for item in calibrated.values():
        by_application[item.review.application_id].append(item)
    interviews = {key: Decimal(value) for key, value in (interview_scores or {}).items()}
    every = list(dict.fromkeys([*applications, *by_application, *interviews]))
    results = {}
    for application_id in every:
        items = by_application.get(application_id, [])
        interview = interviews.get(application_id)
        raw = [Decimal(item.review.weighted_score) for item in items]
        corrected = [item.calibrated for item in items]
        raw_kept: dict[Hashable, str] = {
            item.review.review_id: scales[item.review.reviewer_id].kept_raw
            for item in items
            if item.z is None
        }
        if interview is not None:
            raw.append(interview)
            corrected.append(interview)
            raw_kept[INTERVIEW] = INTERVIEW
        spread = (max(raw) - min(raw)) if raw else None
        results[application_id] = ApplicationResult(
            application_id=application_id,
            reviews=len(items),
            scores=tuple(raw),
            raw_mean=mean(raw),
            spread=spread,
            disagreement=spread is not None
            and len(raw) > 1
            and spread >= Decimal(disagreement_spread),
            calibrated=mean(corrected),
            raw_kept=raw_kept,
            interview_score=interview,
            recommendations=dict(
                Counter(item.review.recommendation for item in items if item.review.recommendation)
            ),
        )
    return CommitteeResults(
        applications=results,
        reviewers=scales,
        mean=committee_mean,
        sd=committee_sd,
        reviews=calibrated,
    )


def rank_key(result: ApplicationResult) -> tuple[Any, ...]:
    """Highest calibrated score first, then highest raw mean; applications without a score
    last."""
    return (
        result.calibrated is None,
        -(result.calibrated or ZERO),
        result.raw_mean is None,
        -(result.raw_mean or ZERO),
    )


def display(value: Decimal | None, places: int = 2) -> str:
    """A score as pages show it: rounded to two decimals, with the decimal separator of the
    active language (1.33, 1,33); an em dash for none."""
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places))
    return number_format(rounded, decimal_pos=places)


# --------------------------------------------------------------------------------------------
# From the database
# --------------------------------------------------------------------------------------------


def submitted_reviews_of(committee: Committee) -> list[ScoredReview]:
    """The committee's submitted reviews on active assignments, as plain rows (one query).
    A review whose weighted score was not stored is weighed with the programme's rubric."""
    rows = list(
        Review.objects.filter(
            status=ReviewStatus.SUBMITTED,
            assignment__committee=committee,
            assignment__status=AssignmentStatus.ACTIVE,
        )
        .values_list(
            "pk",
            "assignment__member_id",
            "assignment__application_id",
            "weighted_score",
            "scores",
            "recommendation",
        )
        .order_by("pk")
    )
    rubric = None
    reviews = []
    for pk, member_id, application_id, weighted, scores, recommendation in rows:
        if weighted is None:
            rubric = rubric or rubric_of(committee.intake.programme)
            weighted = rubric.weighted_mean(scores or {})
            if weighted is None:
                continue
        reviews.append(
            ScoredReview(pk, member_id, application_id, Decimal(weighted), recommendation or "")
        )
    return reviews


def application_results(
    committee: Committee, interview_scores: Mapping[Any, Decimal] | None = None
) -> CommitteeResults:
    """The committee's results from its submitted reviews. ``interview_scores`` maps an
    application's id to its interview's weighted score: each is counted as one more review
    of that application (see the module's docstring); the interviews pass them."""
    rubric = rubric_of(committee.intake.programme)
    assigned = (
        committee.assignments.filter(status=AssignmentStatus.ACTIVE)
        .order_by("application_id")
        .values_list("application_id", flat=True)
        .distinct()
    )
    return aggregate(
        submitted_reviews_of(committee),
        disagreement_spread=rubric.disagreement_spread,
        interview_scores=interview_scores,
        applications=list(assigned),
    )
