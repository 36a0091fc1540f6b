"""The compiled criteria (groups and leaves) and how they judge a profile."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from datetime import date
from typing import Any

from admissions.rules.cefr import ExamKind, is_expired, parse_level
from admissions.rules.eligibility import messages
from admissions.rules.eligibility.profile import (
    CertificationStatus,
    Degree,
    DegreeLevel,
    LanguageTest,
    Profile,
)
from admissions.rules.eligibility.results import (
    _BY_STRENGTH,
    _MET,
    _PENDING,
    _REVIEW,
    _UNKNOWN,
    _UNMET,
    CriterionResult,
)

# ---------------------------------------------------------------------------------------------
# Compiled rules. Each node's run() appends its results to `out` in tree order (a group before
# its children) and returns its strength (an index into _BY_STRENGTH); ints keep the hot loop
# cheap.

_Out = list[CriterionResult | None]


class _Node(ABC):
    __slots__ = ("code", "label_en", "label_fr", "type")

    def __init__(self, code: str | None, label_en: str | None, label_fr: str | None, kind: str):
        self.code = code
        self.label_en = label_en
        self.label_fr = label_fr
        self.type = kind

    @abstractmethod
    def run(self, profile: Profile, today: date, out: _Out, depth: int) -> int:
        """Append this node's results to ``out``; return its status strength."""

    def emit(
        self, out: _Out, strength: int, key: str, params: Mapping[str, Any], depth: int
    ) -> int:
        assert self.code is not None  # nosec B101  # narrows the type: compiled criteria have a code
        out.append(
            CriterionResult(
                self.code,
                self.type,
                _BY_STRENGTH[strength],
                key,
                params,
                depth,
                self.label_en,
                self.label_fr,
            )
        )
        return strength


class _Group(_Node):
    __slots__ = ("children", "params")

    def __init__(self, kind: str, children: tuple[_Node, ...], **common: Any) -> None:
        super().__init__(kind=kind, **common)
        self.children = children
        self.params = {"label_en": self.label_en, "label_fr": self.label_fr}

    def run(self, profile: Profile, today: date, out: _Out, depth: int) -> int:
        slot = -1
        if self.code is not None:
            slot = len(out)
            out.append(None)  # the group's own result goes before its children's
        # No short-circuit: every leaf is reported, so the applicant sees everything at once.
        if self.type == "any_of":
            strength = max(child.run(profile, today, out, depth + 1) for child in self.children)
        else:
            strength = min(child.run(profile, today, out, depth + 1) for child in self.children)
        if slot >= 0:
            assert self.code is not None  # nosec B101  # narrows the type: compiled criteria have a code
            out[slot] = CriterionResult(
                self.code,
                self.type,
                _BY_STRENGTH[strength],
                f"group.{self.type}.{_BY_STRENGTH[strength]}",
                self.params,
                depth,
                self.label_en,
                self.label_fr,
            )
        return strength


_DEGREE_ORDER = {level: messages.DEGREE_RANK[str(level)] for level in DegreeLevel}


class _DegreeCriterion(_Node):
    __slots__ = (
        "completed_required",
        "country",
        "cti",
        "fields",
        "foreign_review",
        "levels",
        "min_ects",
        "min_years",
        "requirement",
        "review",
    )

    def __init__(self, spec: Mapping[str, Any], **common: Any) -> None:
        super().__init__(kind="degree", **common)
        self.levels = frozenset(DegreeLevel(level) for level in spec["levels"])
        self.fields = frozenset(spec.get("fields") or ())
        self.min_ects = spec.get("min_ects")
        self.min_years = spec.get("min_years")
        self.cti = bool(spec.get("cti_accredited", False))
        self.country = spec.get("country")
        self.completed_required = spec.get("completed_required", True)
        self.foreign_review = spec.get("foreign_needs_review", False)
        self.review = spec.get("needs_review", False)
        self.requirement = {
            "levels": list(spec["levels"]),
            "fields": list(spec.get("fields") or ()),
            "min_ects": self.min_ects,
            "min_years": self.min_years,
            "country": self.country,
            "cti_accredited": self.cti,
        }

    def judge(self, degree: Degree) -> tuple[int, list[str], list[str], str | None]:
        """(strength, failures, missing information, review reason) for one degree. Within a
        degree every check must pass: failures beat missing information, which beats an
        in-progress degree, which beats review (the all_of order)."""
        failures: list[str] = []
        missing: list[str] = []
        if degree.level is None:
            missing.append("level")
        elif degree.level not in self.levels:
            failures.append("level")
        if self.fields:
            if degree.field is None:
                missing.append("field")
            elif degree.field not in self.fields:
                failures.append("field")
        if self.min_ects is not None or self.min_years is not None:
            known = reached = False
            if self.min_ects is not None and degree.ects is not None:
                known = True
                reached = degree.ects >= self.min_ects
            if self.min_years is not None and degree.years is not None:
                known = True
                reached = reached or degree.years >= self.min_years
            if not known:
                missing.append("length")
            elif not reached:
                by_ects = self.min_ects is not None and degree.ects is not None
                failures.append("ects" if by_ects else "years")
        foreign = None if degree.country is None else degree.country != "FR"
        if self.country is not None:
            if foreign is None:
                missing.append("country")
            elif foreign != (self.country == "foreign"):
                failures.append(f"country_{self.country}")
        # CTI accredits French engineering degrees; a foreign one is a matter of equivalence.
        if (
            self.cti
            and degree.level is DegreeLevel.ENGINEERING
            and degree.cti_accredited is not True
        ):
            if foreign is False and degree.cti_accredited is False:
                failures.append("cti")
            elif foreign is None:
                missing.append("country")
                if degree.cti_accredited is None:
                    missing.append("cti")
            elif foreign is False:
                missing.append("cti")
        in_progress = False
        if self.completed_required:
            if degree.completed is None:
                missing.append("completed")
            elif degree.completed is False:
                in_progress = True
        review: str | None = None
        if self.review:
            review = "review"
        elif self.foreign_review:
            if foreign is None:
                missing.append("country")
            elif foreign:
                review = "review_foreign"
        if failures:
            strength = _UNMET
        elif missing:
            strength = _UNKNOWN
        elif in_progress:
            strength = _PENDING
        elif review is not None:
            strength = _REVIEW
        else:
            strength = _MET
        return strength, failures, list(dict.fromkeys(missing)), review

    def run(self, profile: Profile, today: date, out: _Out, depth: int) -> int:
        degrees = profile.degrees
        params: dict[str, Any] = {"requirement": self.requirement, "degree": None}
        if degrees is None:
            return self.emit(out, _UNKNOWN, "degree.unknown", params, depth)
        if not degrees:
            params["reason"] = "none"
            return self.emit(out, _UNMET, "degree.unmet", params, depth)
        best: tuple[Any, ...] | None = None
        best_degree = degrees[0]
        for degree in degrees:
            strength, failures, missing, review = self.judge(degree)
            # The degree the message talks about: the best status, then the closest miss,
            # then the highest degree.
            rank = (
                strength,
                -len(failures),
                -len(missing),
                _DEGREE_ORDER.get(degree.level, 0) if degree.level else 0,
                degree.ects or 0,
            )
            if best is None or rank > best[0]:
                best = (rank, failures, missing, review)
                best_degree = degree
        assert best is not None  # nosec B101  # narrows the type: the loop ran at least once
        (strength, *_), failures, missing, review = best
        params["degree"] = best_degree.describe()
        if strength == _UNMET:
            reason = failures[0]
            params["reason"] = reason
            if reason == "level":
                highest = max(
                    degrees,
                    key=lambda d: (_DEGREE_ORDER.get(d.level, 0) if d.level else 0, d.ects or 0),
                )
                params["degree"] = highest.describe()
            return self.emit(out, _UNMET, "degree.unmet", params, depth)
        if strength == _UNKNOWN:
            params["missing"] = missing
            return self.emit(out, _UNKNOWN, "degree.unknown", params, depth)
        if strength == _PENDING:
            return self.emit(out, _PENDING, "degree.pending", params, depth)
        if strength == _REVIEW:
            return self.emit(out, _REVIEW, f"degree.{review}", params, depth)
        return self.emit(out, _MET, "degree.met", params, depth)


class _ExperienceCriterion(_Node):
    __slots__ = ("min_months",)

    def __init__(self, spec: Mapping[str, Any], **common: Any) -> None:
        super().__init__(kind="experience", **common)
        self.min_months = spec["min_months"]

    def run(self, profile: Profile, today: date, out: _Out, depth: int) -> int:
        months = profile.experience_months
        params = {"min_months": self.min_months, "months": months}
        if months is None:
            return self.emit(out, _UNKNOWN, "experience.unknown", params, depth)
        if months >= self.min_months:
            return self.emit(out, _MET, "experience.met", params, depth)
        return self.emit(out, _UNMET, "experience.unmet", params, depth)


class _LanguageCriterion(_Node):
    __slots__ = (
        "allow_pending",
        "exempt_instruction",
        "exempt_native",
        "external_required",
        "language",
        "max_age",
        "min_level",
        "min_scores",
        "requirement",
    )

    def __init__(self, spec: Mapping[str, Any], **common: Any) -> None:
        super().__init__(kind="language", **common)
        self.language: str = spec["language"]
        self.min_level = None if spec.get("min_level") is None else parse_level(spec["min_level"])
        self.min_scores: dict[str, float] = dict(spec.get("min_scores") or {})
        self.external_required = spec.get("external_exam_required", False)
        self.exempt_native = spec.get("exempt_if_native", False)
        self.exempt_instruction = spec.get("exempt_if_instruction", False)
        self.max_age: int | None = spec.get("max_age_years", 2)
        self.allow_pending = spec.get("allow_pending", False)
        self.requirement = {
            "min_level": None if self.min_level is None else str(self.min_level),
            "min_scores": self.min_scores,
            "max_age_years": self.max_age,
        }

    def judge(self, test: LanguageTest, today: date) -> tuple[int, str, dict[str, Any]]:
        """(strength, message reason, params) for one test. Checks combine as an all_of:
        the first unmet check decides; missing information only if nothing fails."""
        spec = test.spec
        params: dict[str, Any] = {
            "test": spec.code,
            "score": test.score,
            "level": None if test.cefr_level is None else str(test.cefr_level),
            "date": None if test.taken_on is None else test.taken_on.isoformat(),
        }
        if self.external_required and not spec.external:
            return _UNMET, "not_external", params
        minimum = self.min_scores.get(spec.code)
        if minimum is None and self.min_level is None:
            return _UNMET, "not_accepted", params
        if test.awaited or (test.taken_on is not None and test.taken_on > today):
            if self.allow_pending:
                return _PENDING, "pending", params
            return _UNMET, "pending_not_allowed", params
        date_missing = False
        if spec.validity_years is not None and self.max_age is not None:
            if test.taken_on is None:
                date_missing = True
            elif is_expired(test.taken_on, today, self.max_age):
                return _UNMET, "expired", params
        if minimum is not None:
            params["min_score"] = minimum
            if test.score is None:
                return _UNKNOWN, "score_missing", params
            if test.score < minimum:
                return _UNMET, "score_below", params
            strength, reason = _MET, "score_met"
        else:
            assert self.min_level is not None  # nosec B101  # narrows the type: level criteria have a level
            level = test.cefr_level
            if level is None:
                if spec.kind is ExamKind.SCORE and test.score is None:
                    return _UNKNOWN, "score_missing", params
                if spec.kind is not ExamKind.SCORE and test.level is None:
                    return _UNKNOWN, "level_missing", params
                return _UNMET, "level_none_score", params
            scored = spec.kind is ExamKind.SCORE
            if level < self.min_level:
                return _UNMET, "level_below_score" if scored else "level_below", params
            strength, reason = _MET, "level_met_score" if scored else "level_met"
        if date_missing:
            return _UNKNOWN, "date_missing", params
        return strength, reason, params

    def run(self, profile: Profile, today: date, out: _Out, depth: int) -> int:
        language = self.language
        base = {"language": language, "requirement": self.requirement}
        hints: list[str] = []
        if self.exempt_native:
            native = profile.native_languages
            if native is None:
                hints.append("native")
            elif language in native:
                return self.emit(out, _MET, "language.exempt_native", base, depth)
        if self.exempt_instruction:
            instruction = profile.instruction_languages
            if instruction is None:
                hints.append("instruction")
            elif language in instruction:
                return self.emit(out, _MET, "language.exempt_instruction", base, depth)
        # The best test decides (any_of); among equals, the most recent one is reported.
        best: tuple[int, date] | None = None
        best_reason = ""
        best_params: dict[str, Any] = {}
        tests = profile.language_tests
        for test in tests or ():
            if test.spec.language != language:
                continue
            strength, reason, params = self.judge(test, today)
            rank = (strength, test.taken_on or date.min)
            if best is None or rank > best:
                best, best_reason, best_params = rank, reason, params
        unknown = tests is None or bool(hints)
        if best is not None and (best[0] >= _UNKNOWN or not unknown):
            # A test-specific sentence ("give your score") beats the generic "add your results".
            return self.emit(out, best[0], f"language.{best_reason}", base | best_params, depth)
        if unknown:
            return self.emit(out, _UNKNOWN, "language.unknown", base | {"hints": hints}, depth)
        return self.emit(out, _UNMET, "language.no_test", base, depth)


_CERTIFICATION_STRENGTH = {
    CertificationStatus.PASSED: 2,
    CertificationStatus.PENDING: 1,
    CertificationStatus.FAILED: 0,
}


class _CertificationCriterion(_Node):
    __slots__ = ("certification", "may_be_pending", "params")

    def __init__(self, spec: Mapping[str, Any], **common: Any) -> None:
        super().__init__(kind="certification", **common)
        self.certification: str = spec["certification"]
        self.may_be_pending = spec.get("may_be_pending", False)
        self.params = {
            "certification": self.certification,
            "name": spec.get("name") or self.certification,
            "kind": spec.get("kind", "certificate"),
        }

    def run(self, profile: Profile, today: date, out: _Out, depth: int) -> int:
        found: CertificationStatus | None = None
        for certification in profile.certifications or ():
            if certification.code == self.certification and (
                found is None
                or _CERTIFICATION_STRENGTH[certification.status] > _CERTIFICATION_STRENGTH[found]
            ):
                found = certification.status
        if found is None:
            # Not declared: the applicant may simply not have filled it in yet.
            return self.emit(out, _UNKNOWN, "certification.unknown", self.params, depth)
        if found is CertificationStatus.PASSED:
            return self.emit(out, _MET, "certification.met", self.params, depth)
        if found is CertificationStatus.PENDING:
            if self.may_be_pending:
                return self.emit(out, _PENDING, "certification.pending", self.params, depth)
            key = "certification.pending_not_allowed"
            return self.emit(out, _UNMET, key, self.params, depth)
        return self.emit(out, _UNMET, "certification.failed", self.params, depth)


class _ReviewCriterion(_Node):
    __slots__ = ("params",)

    def __init__(self, spec: Mapping[str, Any], **common: Any) -> None:
        super().__init__(kind="review", **common)
        self.params = {
            "description_en": spec["description_en"],
            "description_fr": spec["description_fr"],
        }

    def run(self, profile: Profile, today: date, out: _Out, depth: int) -> int:
        return self.emit(out, _REVIEW, "review.review", self.params, depth)
