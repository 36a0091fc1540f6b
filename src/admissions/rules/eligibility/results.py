"""What an evaluation returns: statuses, outcomes and the explained result of each criterion."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from admissions.rules.eligibility import messages

# ---------------------------------------------------------------------------------------------
# Statuses and outcomes


class Status(StrEnum):
    MET = "met"
    UNMET = "unmet"
    UNKNOWN = "unknown"
    PENDING = "pending"
    REVIEW = "review"

    @property
    def strength(self) -> int:
        return _STRENGTH[self]


# The order that all_of (minimum) and any_of (maximum) use; see "Statuses and outcome" in
# docs/programmes.md.
_BY_STRENGTH: tuple[Status, ...] = (
    Status.UNMET,
    Status.UNKNOWN,
    Status.PENDING,
    Status.REVIEW,
    Status.MET,
)
_STRENGTH: dict[Status, int] = {status: rank for rank, status in enumerate(_BY_STRENGTH)}
_UNMET, _UNKNOWN, _PENDING, _REVIEW, _MET = range(5)


class Outcome(StrEnum):
    NOT_ELIGIBLE = "not_eligible"
    INCOMPLETE = "incomplete"
    NEEDS_REVIEW = "needs_review"
    ELIGIBLE = "eligible"

    @property
    def rank(self) -> int:
        """Higher is better for the applicant: eligible > needs_review > incomplete >
        not_eligible (docs/programmes.md, "Statuses and outcome", says why review ranks above
        incomplete)."""
        return _OUTCOME_RANK[self]


_OUTCOME_RANK: dict[Outcome, int] = {outcome: rank for rank, outcome in enumerate(Outcome)}
_OUTCOME_OF_STRENGTH: tuple[Outcome, ...] = (
    Outcome.NOT_ELIGIBLE,
    Outcome.INCOMPLETE,
    Outcome.INCOMPLETE,
    Outcome.NEEDS_REVIEW,
    Outcome.ELIGIBLE,
)


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion (a leaf, or a group that has a code) and how the profile fares.

    The sentences are rendered on demand from `key` and `params` (JSON-safe, read-only: they
    may be shared between results), so evaluating many profiles builds no strings.
    """

    code: str
    type: str  # degree | experience | language | certification | review | all_of | any_of
    status: Status
    key: str
    params: Mapping[str, Any]
    depth: int = 0
    label_en: str | None = None
    label_fr: str | None = None

    @property
    def message_en(self) -> str:
        return messages.render(self.key, self.params, "en")

    @property
    def message_fr(self) -> str:
        return messages.render(self.key, self.params, "fr")

    def message(self, lang: str = "en", voice: str = messages.APPLICANT) -> str:
        """The sentence in ``lang``, to the applicant or (``voice="staff"``) about them."""
        return messages.render(self.key, self.params, lang, voice)

    def label(self, lang: str = "en") -> str | None:
        return self.label_en if lang == "en" else self.label_fr


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    status: Status  # the root's status: tells "incomplete, only pending" from "information missing"
    criteria: tuple[CriterionResult, ...]
    rules_version: str
    evaluated_on: date

    def message(self, lang: str = "en", voice: str = messages.APPLICANT) -> str:
        return messages.outcome_message(self.outcome_key, lang, voice)

    @property
    def outcome_key(self) -> str:
        """The key of the outcome's sentence: the outcome, or "incomplete.pending"."""
        if self.status is Status.PENDING:
            return "incomplete.pending"
        return str(self.outcome)

    def get(self, code: str) -> CriterionResult:
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise KeyError(code)

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """What a page or the API shows, in one language."""
        return {
            "outcome": str(self.outcome),
            "status": str(self.status),
            "message": self.message(lang),
            "rules_version": self.rules_version,
            "criteria": [
                {
                    "code": criterion.code,
                    "type": criterion.type,
                    "status": str(criterion.status),
                    "message": criterion.message(lang),
                    "label": criterion.label(lang),
                    "depth": criterion.depth,
                }
                for criterion in self.criteria
            ],
        }

    def to_snapshot(self) -> dict[str, Any]:
        """Everything needed to show this result again later, in either language."""
        return {
            "outcome": str(self.outcome),
            "status": str(self.status),
            "rules_version": self.rules_version,
            "evaluated_on": self.evaluated_on.isoformat(),
            "message_en": self.message("en"),
            "message_fr": self.message("fr"),
            "criteria": [
                {
                    "code": criterion.code,
                    "type": criterion.type,
                    "status": str(criterion.status),
                    "depth": criterion.depth,
                    "key": criterion.key,
                    "params": json.loads(json.dumps(criterion.params)),
                    "message_en": criterion.message_en,
                    "message_fr": criterion.message_fr,
                    "label_en": criterion.label_en,
                    "label_fr": criterion.label_fr,
                }
                for criterion in self.criteria
            ],
        }
