"""A programme's review settings and rubric, read from its configuration.

The YAML gives the criteria (``review_criteria``: code, label, description, weight) and, in
``settings.review``, everything else; every key has a default, so a programme that says
nothing reviews with 3 reviewers per application on a 0–5 scale::

    settings:
      review:
        reviewers_per_application: 3
        scale: {min: 0, max: 5}
        levels:                      # what each score means, shown beside the rubric
          - {score: 0, en: "Insufficient", fr: "Insuffisant"}
          - ...
        disagreement_spread: 2       # a spread of scores at least this wide is flagged
        blind: false                 # reviewers do not see who the applicant is
        review_days: 14              # a review is due this long after publication
      interview:
        booking_cutoff_hours: 24     # applicants book, move or cancel until then
        prerequisites: [analysis, algebra, optimisation, statistics, probability, java,
                        python, unix]

Every reader of these settings goes through ``rubric_of`` and ``interview_settings_of`` so
the defaults live in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language

from admissions.catalogue.models import Programme

DEFAULT_REVIEWERS = 3
DEFAULT_SCALE = (0, 5)
DEFAULT_DISAGREEMENT_SPREAD = Decimal(2)
DEFAULT_REVIEW_DAYS = 14
DEFAULT_BOOKING_CUTOFF_HOURS = 24


@dataclass(frozen=True)
class Criterion:
    code: str
    label_en: str
    label_fr: str
    description_en: str
    description_fr: str
    weight: int

    def label(self, language: str | None = None) -> str:
        return _bilingual(self.label_en, self.label_fr, language)

    def description(self, language: str | None = None) -> str:
        return _bilingual(self.description_en, self.description_fr, language)


@dataclass(frozen=True)
class Level:
    score: int
    text_en: str
    text_fr: str

    def text(self, language: str | None = None) -> str:
        return _bilingual(self.text_en, self.text_fr, language)


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    scale_min: int
    scale_max: int
    levels: tuple[Level, ...] = field(default_factory=tuple)
    reviewers_per_application: int = DEFAULT_REVIEWERS
    disagreement_spread: Decimal = DEFAULT_DISAGREEMENT_SPREAD
    blind: bool = False
    review_days: int = DEFAULT_REVIEW_DAYS

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(criterion.code for criterion in self.criteria)

    @property
    def total_weight(self) -> int:
        return sum(criterion.weight for criterion in self.criteria)

    def weighted_mean(self, scores: dict[str, Any]) -> Decimal | None:
        """The weighted mean of ``scores`` over every criterion, or None when one is
        missing (a draft)."""
        if not self.criteria or any(scores.get(code) is None for code in self.codes):
            return None
        total = sum(Decimal(str(scores[c.code])) * c.weight for c in self.criteria)
        return (total / self.total_weight).quantize(Decimal("0.001"))


@dataclass(frozen=True)
class InterviewSettings:
    booking_cutoff_hours: int
    prerequisites: tuple[str, ...]
    modes: tuple[str, ...]


def rubric_of(programme: Programme) -> Rubric:
    """The programme's rubric (criteria in their order) and review settings."""
    settings = (programme.settings or {}).get("review") or {}
    scale = settings.get("scale") or {}
    criteria = tuple(
        Criterion(
            code=row.code,
            label_en=row.label_en,
            label_fr=row.label_fr,
            description_en=row.description_en,
            description_fr=row.description_fr,
            weight=row.weight,
        )
        for row in sorted(programme.review_criteria.all(), key=lambda row: (row.position, row.code))
    )
    levels = tuple(
        Level(score=int(item["score"]), text_en=item.get("en", ""), text_fr=item.get("fr", ""))
        for item in settings.get("levels") or ()
    )
    return Rubric(
        criteria=criteria,
        scale_min=int(scale.get("min", DEFAULT_SCALE[0])),
        scale_max=int(scale.get("max", DEFAULT_SCALE[1])),
        levels=levels,
        reviewers_per_application=int(settings.get("reviewers_per_application", DEFAULT_REVIEWERS)),
        disagreement_spread=Decimal(
            str(settings.get("disagreement_spread", DEFAULT_DISAGREEMENT_SPREAD))
        ),
        blind=bool(settings.get("blind", False)),
        review_days=int(settings.get("review_days", DEFAULT_REVIEW_DAYS)),
    )


def interview_settings_of(programme: Programme) -> InterviewSettings:
    settings = programme.settings or {}
    interview = settings.get("interview") or {}
    return InterviewSettings(
        booking_cutoff_hours=int(
            interview.get("booking_cutoff_hours", DEFAULT_BOOKING_CUTOFF_HOURS)
        ),
        prerequisites=tuple(interview.get("prerequisites") or ()),
        modes=tuple(settings.get("interview_modes") or ()),
    )


def _bilingual(english: str, french: str, language: str | None) -> str:
    if (language or get_language() or "en").startswith("fr") and french:
        return french
    return english
