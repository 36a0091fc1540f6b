"""Eligibility rules engine: declarative rules, explained results, no database.

Programmes state their eligibility rules as data (a tree in programme YAML, loaded as plain
dicts). compile_rules() validates a tree once and returns a Rule; evaluate() applies a Rule to an
applicant's Profile and returns a Result whose every criterion carries a status and a sentence
in English and French.

RULES FORMAT

A node is a group or a leaf criterion.

  Group:   all_of: [node, ...]   every child is required
           any_of: [node, ...]   one child suffices
           Optional: code, label_en, label_fr. A group with a code is reported in the results.

  Leaf:    code: a stable id (lowercase letters, digits, "-", "_", "."), unique in the tree;
           it names the criterion in results, the API and stored snapshots.
           type: degree | experience | language | certification | review
           Optional: label_en, label_fr (a short human title, shown next to the sentence).

  type: degree (one of the applicant's degrees must match)
    levels                list of bachelor, master1, master, engineering, mba, doctorate, other
    fields                list of fields of study (messages.FIELDS); empty or absent = any field
    min_ects, min_years   length of study counted from the start of higher education (Licence
                          180 / 3, M1 240 / 4, Master 300 / 5). When both are set they are two
                          units for one thing: reaching either suffices (foreign degrees often
                          have no ECTS).
    cti_accredited        true: a French engineering degree must be CTI-accredited. CTI only
                          accredits engineering degrees, so other levels are not affected, and a
                          foreign degree is judged by equivalence instead (foreign_needs_review).
    country               FR | foreign | absent (any)
    completed_required    default true. A matching degree still in progress is "pending":
                          applicants apply during their final year. false: in progress counts.
    foreign_needs_review  a foreign degree that otherwise matches gives "review": the committee
                          judges its equivalence.
    needs_review          any matching degree gives "review" (e.g. an engineering student whose
                          current year the committee compares with an M1).

  type: experience
    min_months            months of professional experience.

  type: language
    language              en | fr
    min_level             CEFR level; any test whose publisher's mapping reaches it counts.
    min_scores            {TEST: score}; a named test is judged by exactly that score, not by the
                          mapping. With min_level too, other tests are judged by the level
                          ("TOEIC 700, TOEFL paper 550 or an equivalent exam"). At least one of
                          min_level and min_scores is required.
    external_exam_required  default false; true refuses levels attested by academic records.
    exempt_if_native      default false; the language is one of the applicant's native ones.
    exempt_if_instruction default false; the applicant studied in that language.
    max_age_years         default 2; a dated test older than this is unmet ("expired"). null: no
                          limit. Diplomas valid for life (DELF, DALF, Cambridge) never expire.
    allow_pending         default false; a test whose result is awaited counts as "pending".

  type: certification
    certification         the certification's id, matching Profile.certifications[].code
    name                  its title as printed ("The Basics of Big Data"); default: the id
    kind                  mooc | certificate | course (default certificate), for the sentence
    may_be_pending        passed = met; pending = pending if true, else unmet; failed = unmet;
                          not declared = unknown.

  type: review
    description_en, description_fr  the sentence telling the applicant what a person judges.
                          A review leaf always yields "review"; put it inside an all_of with the
                          facts it is about, so it only matters when those facts hold.

STATUSES AND OUTCOME

A criterion is met, unmet, unknown (information missing), pending (awaited, may come after
submission) or review (a person decides). They are ordered

    unmet < unknown < pending < review < met

and all_of takes the lowest of its children, any_of the highest. Said as rules: in an all_of,
one unmet child makes it unmet, else missing information makes it unknown, else an awaited
result makes it pending, else a person's judgement makes it review; in an any_of, one met child
makes it met, else review, else pending, else unknown. Taking a minimum or a maximum over one
order is what makes the engine monotone: a better result for one criterion can never make a
group, or the outcome, worse. The root gives the outcome: met = eligible, review =
needs_review, pending or unknown = incomplete, unmet = not_eligible; outcomes are ordered the
same way (eligible > needs_review > incomplete > not_eligible). needs_review ranks above
incomplete because it means every fact is in and a person can decide now; incomplete means the
applicant still owes something.

SEED PROGRAMMES (the same trees are the fixtures of tests/eligibility/test_seed_rules.py)

  MSc in Engineering CPS2: AI and IoT, entry into M1

    all_of:
      - code: degree
        label_en: Degree
        label_fr: Diplôme
        any_of:
          - code: bachelor-or-higher
            type: degree
            levels: [bachelor, master1, master, engineering, mba, doctorate]
            fields: [computer_science, computer_engineering, software_engineering,
                     information_systems, data_science, artificial_intelligence, networks,
                     telecommunications, embedded_systems]
            min_ects: 180
            min_years: 3
            foreign_needs_review: true
          - code: engineering-student
            type: degree
            levels: [engineering]
            fields: (the same list)
            completed_required: false
            needs_review: true
      - code: english
        type: language
        language: en
        min_level: B2
        exempt_if_native: true
        exempt_if_instruction: true
        external_exam_required: false   (academic records may attest the level)

  MSc in Engineering CPS2: AI and IoT, entry into M2: the same with
    m1-or-higher: levels [master1, master, engineering, mba, doctorate], min_ects 240,
    min_years 4, fields: the M1 list plus applied_mathematics, mathematics,
    electrical_engineering, electronics ("or a related scientific field").

  Post-Master's degree in Artificial Intelligence

    all_of:
      - code: degree
        any_of:
          - code: engineering-cs-telecom
            type: degree
            levels: [engineering]
            fields: [computer_science, telecommunications]
            cti_accredited: true
            foreign_needs_review: true
          - code: master-cs-maths
            type: degree
            levels: [master]
            fields: [computer_science, applied_mathematics]
            country: FR
          - code: foreign-five-years
            type: degree
            levels: [master, mba, engineering]
            fields: [computer_science, applied_mathematics]
            country: foreign
            min_ects: 300
            min_years: 5
            foreign_needs_review: true
          - code: m1-and-experience       (the Post-Master framework's third route)
            all_of:
              - code: m1-cs-maths
                type: degree
                levels: [master1, master, engineering, mba, doctorate]
                fields: [computer_science, applied_mathematics, telecommunications]
                foreign_needs_review: true
              - code: three-years-experience
                type: experience
                min_months: 36
              - code: experience-judged-by-school
                type: review
                description_en: The school judges whether your professional experience ...
                description_fr: L'école appréciera si votre expérience professionnelle ...
      - code: english
        type: language
        language: en
        min_scores: {TOEIC_LR: 700, TOEFL_PBT: 550}
        min_level: B2               ("or an equivalent exam": B2, the framework's minimum)
        external_exam_required: true
        exempt_if_native: true
      - code: mooc-big-data
        type: certification
        certification: mooc-big-data-basics
        kind: mooc
        name: The Basics of Big Data
        may_be_pending: true

PROFILE

Profile.from_dict() reads the applicant's data (every key optional: absent = unknown, which is
different from an empty list = "none"):

    {"nationalities": ["FR"], "residence_country": "FR", "native_languages": ["fr"],
     "instruction_languages": ["fr"],
     "degrees": [{"level": "master", "field": "computer_science", "ects": 300, "years": 5,
                  "country": "FR", "cti_accredited": true, "completed": true}],
     "experience_months": 0,
     "language_tests": [{"test": "TOEIC_LR", "score": 720, "level": "B2",
                         "date": "2026-05-01"}],
     "certifications": [{"code": "mooc-big-data-basics", "status": "passed"}]}

Unknown keys are refused, like unknown tests, off-scale scores, non-CEFR levels, negative
numbers, unknown degree levels, bad dates and unknown certification statuses: ProfileError
lists them all with their paths ("degrees[0].ects"). Tests are the codes of cefr.TESTS (ACADEMIC
is a level stated by academic records). For score tests the score decides the level through the
publisher's table; a declared level only counts for DELF/DALF and academic records. A language
test with neither score nor level, or dated after the evaluation day, is a booked test whose
result is awaited.

Pure Python: importable and testable without Django.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from . import messages
from .cefr import (
    TESTS,
    CefrError,
    ExamKind,
    ExamSpec,
    Level,
    is_expired,
    level_for,
    parse_level,
    validate_declared_level,
    validate_score,
)

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


# The order that all_of (minimum) and any_of (maximum) use; see the module docstring.
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
        not_eligible (see the module docstring for why review ranks above incomplete)."""
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
# Errors


class ProfileError(ValueError):
    """The applicant data cannot be read; `errors` lists (field path, message) pairs."""

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.errors))


class RulesError(ValueError):
    """A rules tree is invalid at `path` (e.g. "all_of[1].any_of[0].min_level")."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


# ---------------------------------------------------------------------------------------------
# Profile


class DegreeLevel(StrEnum):
    BACHELOR = "bachelor"
    MASTER1 = "master1"
    MASTER = "master"
    ENGINEERING = "engineering"
    MBA = "mba"
    DOCTORATE = "doctorate"
    OTHER = "other"


class CertificationStatus(StrEnum):
    PASSED = "passed"
    PENDING = "pending"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Degree:
    level: DegreeLevel | None = None
    field: str | None = None
    ects: float | None = None
    years: float | None = None
    country: str | None = None  # ISO 3166-1 alpha-2, upper case
    cti_accredited: bool | None = None
    completed: bool | None = None

    def describe(self) -> dict[str, Any]:
        """JSON-safe description, for messages and snapshots."""
        return {
            "level": None if self.level is None else str(self.level),
            "field": self.field,
            "ects": self.ects,
            "years": self.years,
            "country": self.country,
        }


@dataclass(frozen=True, slots=True)
class LanguageTest:
    test: str  # a key of cefr.TESTS
    score: float | None = None
    level: Level | None = None  # as declared; only diplomas and attestations rely on it
    taken_on: date | None = None
    # Derived once here rather than at every evaluation: the level does not depend on rules.
    spec: ExamSpec = field(init=False, repr=False, compare=False)
    cefr_level: Level | None = field(init=False, compare=False)

    def __post_init__(self) -> None:
        spec = TESTS[self.test]
        object.__setattr__(self, "spec", spec)
        object.__setattr__(self, "cefr_level", level_for(spec, self.score, self.level))

    @property
    def awaited(self) -> bool:
        return self.score is None and self.level is None


@dataclass(frozen=True, slots=True)
class Certification:
    code: str
    status: CertificationStatus


@dataclass(frozen=True, slots=True)
class Profile:
    nationalities: tuple[str, ...] | None = None
    residence_country: str | None = None
    native_languages: tuple[str, ...] | None = None
    instruction_languages: tuple[str, ...] | None = None
    degrees: tuple[Degree, ...] | None = None
    experience_months: float | None = None
    language_tests: tuple[LanguageTest, ...] | None = None
    certifications: tuple[Certification, ...] | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Read the applicant JSON shape; raise ProfileError listing every problem found."""
        return _ProfileReader().read(data)


_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_PROFILE_KEYS = frozenset(
    {
        "nationalities",
        "residence_country",
        "native_languages",
        "instruction_languages",
        "degrees",
        "experience_months",
        "language_tests",
        "certifications",
    }
)
_DEGREE_KEYS = frozenset(
    {"level", "field", "ects", "years", "country", "cti_accredited", "completed"}
)
_TEST_KEYS = frozenset({"test", "score", "level", "date"})
_CERTIFICATION_KEYS = frozenset({"code", "status"})


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _ProfileReader:
    """Collects every problem with a path, so a form can show them all at once."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append((path, message))

    def read(self, data: Mapping[str, Any]) -> Profile:
        if not isinstance(data, Mapping):
            raise ProfileError([("", "The profile must be an object.")])
        for key in sorted(set(data) - _PROFILE_KEYS):
            self.error(key, f"Unknown field {key!r}.")
        profile = Profile(
            nationalities=self.codes(data, "nationalities", _COUNTRY, str.upper, "country"),
            residence_country=self.country(data.get("residence_country"), "residence_country"),
            native_languages=self.codes(data, "native_languages", _LANGUAGE, str.lower, "language"),
            instruction_languages=self.codes(
                data, "instruction_languages", _LANGUAGE, str.lower, "language"
            ),
            degrees=self.items(data, "degrees", self.degree),
            experience_months=self.amount(data.get("experience_months"), "experience_months"),
            language_tests=self.items(data, "language_tests", self.language_test),
            certifications=self.items(data, "certifications", self.certification),
        )
        if self.errors:
            raise ProfileError(self.errors)
        return profile

    def codes(
        self,
        data: Mapping[str, Any],
        key: str,
        pattern: re.Pattern[str],
        normalise: Callable[[str], str],
        what: str,
    ) -> tuple[str, ...] | None:
        values = data.get(key)
        if values is None:
            return None
        if not isinstance(values, list | tuple):
            self.error(key, f"Expected a list of {what} codes.")
            return None
        codes = []
        for index, value in enumerate(values):
            code = normalise(value.strip()) if isinstance(value, str) else None
            if code is None or not pattern.match(code):
                self.error(f"{key}[{index}]", f"{value!r} is not a {what} code.")
            else:
                codes.append(code)
        return tuple(codes)

    def country(self, value: object, path: str) -> str | None:
        if value is None:
            return None
        code = value.strip().upper() if isinstance(value, str) else ""
        if not _COUNTRY.match(code):
            self.error(path, f"{value!r} is not a two-letter country code (ISO 3166).")
            return None
        return code

    def amount(self, value: object, path: str) -> float | None:
        if value is None:
            return None
        if not _is_number(value):
            self.error(path, f"Expected a number, not {value!r}.")
            return None
        assert isinstance(value, int | float)
        if value < 0:
            self.error(path, f"Cannot be negative ({value:g}).")
            return None
        return value

    def flag(self, value: object, path: str) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        self.error(path, f"Expected true or false, not {value!r}.")
        return None

    def items(
        self, data: Mapping[str, Any], key: str, read_one: Callable[[Any, str], Any]
    ) -> tuple[Any, ...] | None:
        values = data.get(key)
        if values is None:
            return None
        if not isinstance(values, list | tuple):
            self.error(key, "Expected a list.")
            return None
        items = []
        for index, value in enumerate(values):
            path = f"{key}[{index}]"
            if not isinstance(value, Mapping):
                self.error(path, "Expected an object.")
                continue
            item = read_one(value, path)
            if item is not None:
                items.append(item)
        return tuple(items)

    def unknown_keys(self, value: Mapping[str, Any], known: frozenset[str], path: str) -> None:
        for key in sorted(set(value) - known):
            self.error(f"{path}.{key}", f"Unknown field {key!r}.")

    def degree(self, value: Mapping[str, Any], path: str) -> Degree:
        self.unknown_keys(value, _DEGREE_KEYS, path)
        level = value.get("level")
        if level is not None:
            try:
                level = DegreeLevel(level)
            except ValueError:
                known = ", ".join(DegreeLevel)
                self.error(f"{path}.level", f"Unknown degree level {level!r}; use one of {known}.")
                level = None
        field_of_study = value.get("field")
        if field_of_study is not None and not isinstance(field_of_study, str):
            self.error(f"{path}.field", f"Expected a field of study, not {field_of_study!r}.")
            field_of_study = None
        return Degree(
            level=level,
            field=field_of_study,
            ects=self.amount(value.get("ects"), f"{path}.ects"),
            years=self.amount(value.get("years"), f"{path}.years"),
            country=self.country(value.get("country"), f"{path}.country"),
            cti_accredited=self.flag(value.get("cti_accredited"), f"{path}.cti_accredited"),
            completed=self.flag(value.get("completed"), f"{path}.completed"),
        )

    def language_test(self, value: Mapping[str, Any], path: str) -> LanguageTest | None:
        self.unknown_keys(value, _TEST_KEYS, path)
        code = value.get("test")
        if not isinstance(code, str) or code not in TESTS:
            known = ", ".join(TESTS)
            self.error(f"{path}.test", f"Unknown language test {code!r}; known tests: {known}.")
            return None
        ok = True
        score = value.get("score")
        if score is not None:
            try:
                validate_score(code, score)
            except CefrError as error:
                self.error(f"{path}.score", str(error))
                ok = False
        level = value.get("level")
        if level is not None:
            try:
                level = validate_declared_level(code, level)
            except CefrError as error:
                self.error(f"{path}.level", str(error))
                ok = False
        taken_on = value.get("date")
        if isinstance(taken_on, datetime):
            taken_on = taken_on.date()
        if taken_on is not None and not isinstance(taken_on, date):
            try:
                taken_on = date.fromisoformat(taken_on) if isinstance(taken_on, str) else None
            except ValueError:
                taken_on = None
            if taken_on is None:
                self.error(f"{path}.date", f"{value.get('date')!r} is not a date (YYYY-MM-DD).")
                ok = False
        if not ok:
            return None
        return LanguageTest(test=code, score=score, level=level, taken_on=taken_on)

    def certification(self, value: Mapping[str, Any], path: str) -> Certification | None:
        self.unknown_keys(value, _CERTIFICATION_KEYS, path)
        code = value.get("code")
        if not isinstance(code, str) or not code.strip():
            self.error(f"{path}.code", "Give the certification's code.")
            code = None
        status = value.get("status")
        try:
            status = CertificationStatus(status if isinstance(status, str) else "")
        except ValueError:
            known = ", ".join(CertificationStatus)
            self.error(f"{path}.status", f"Unknown status {status!r}; use one of {known}.")
            status = None
        if code is None or status is None:
            return None
        return Certification(code=code.strip(), status=status)


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

    def message(self, lang: str = "en") -> str:
        return messages.render(self.key, self.params, lang)

    def label(self, lang: str = "en") -> str | None:
        return self.label_en if lang == "en" else self.label_fr


@dataclass(frozen=True, slots=True)
class Result:
    outcome: Outcome
    status: Status  # the root's status: tells "incomplete, only pending" from "information missing"
    criteria: tuple[CriterionResult, ...]
    rules_version: str
    evaluated_on: date

    def message(self, lang: str = "en") -> str:
        key = str(self.outcome)
        if self.status is Status.PENDING:
            key = "incomplete.pending"
        return messages.OUTCOMES[key][0 if lang == "en" else 1]

    def get(self, code: str) -> CriterionResult:
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise KeyError(code)

    def with_status(self, *statuses: Status) -> list[CriterionResult]:
        return [criterion for criterion in self.criteria if criterion.status in statuses]

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
        assert self.code is not None
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
            assert self.code is not None
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
        assert best is not None
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
            assert self.min_level is not None
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


# ---------------------------------------------------------------------------------------------
# Compiling (validating) a rules tree


@dataclass(frozen=True, slots=True)
class Rule:
    """A validated rules tree, ready to evaluate many profiles."""

    root: _Node
    version: str
    codes: tuple[str, ...]


_CODE = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_COMMON_KEYS = frozenset({"code", "type", "label_en", "label_fr"})
_LEAF_KEYS: Mapping[str, frozenset[str]] = {
    "degree": frozenset(
        {
            "levels",
            "fields",
            "min_ects",
            "min_years",
            "cti_accredited",
            "country",
            "completed_required",
            "foreign_needs_review",
            "needs_review",
        }
    ),
    "experience": frozenset({"min_months"}),
    "language": frozenset(
        {
            "language",
            "min_level",
            "min_scores",
            "external_exam_required",
            "exempt_if_native",
            "exempt_if_instruction",
            "max_age_years",
            "allow_pending",
        }
    ),
    "certification": frozenset({"certification", "name", "kind", "may_be_pending"}),
    "review": frozenset({"description_en", "description_fr"}),
}
_LEAF_CLASSES: Mapping[str, Callable[..., _Node]] = {
    "degree": _DegreeCriterion,
    "experience": _ExperienceCriterion,
    "language": _LanguageCriterion,
    "certification": _CertificationCriterion,
    "review": _ReviewCriterion,
}
_REQUIRED: Mapping[str, tuple[str, ...]] = {
    "degree": ("levels",),
    "experience": ("min_months",),
    "language": ("language",),
    "certification": ("certification",),
    "review": ("description_en", "description_fr"),
}
_BOOLEAN_KEYS = frozenset(
    {
        "cti_accredited",
        "completed_required",
        "foreign_needs_review",
        "needs_review",
        "external_exam_required",
        "exempt_if_native",
        "exempt_if_instruction",
        "allow_pending",
        "may_be_pending",
    }
)
_TEXT_KEYS = frozenset({"label_en", "label_fr", "name", "description_en", "description_fr"})
_AMOUNT_KEYS = frozenset({"min_ects", "min_years", "min_months"})


def _join_path(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Compiler:
    def __init__(self) -> None:
        self.codes: list[str] = []

    def node(self, spec: object, path: str) -> _Node:
        if not isinstance(spec, Mapping):
            raise RulesError(path, "A rule must be an object (a group or a criterion).")
        groups = [key for key in ("all_of", "any_of") if key in spec]
        if len(groups) > 1:
            raise RulesError(path, "A group has either all_of or any_of, not both.")
        common = self.common(spec, path)
        if groups:
            return self.group(spec, groups[0], path, common)
        return self.leaf(spec, path, common)

    def common(self, spec: Mapping[str, Any], path: str) -> dict[str, Any]:
        code = spec.get("code")
        if code is not None:
            if not isinstance(code, str) or not _CODE.match(code):
                raise RulesError(
                    _join_path(path, "code"),
                    f"{code!r} is not a valid code: use lowercase letters, digits, '-', '_' "
                    "or '.'.",
                )
            if code in self.codes:
                raise RulesError(_join_path(path, "code"), f"Duplicate code {code!r}.")
            self.codes.append(code)
        for key in ("label_en", "label_fr"):
            self.text(spec, key, path, required=False)
        return {"code": code, "label_en": spec.get("label_en"), "label_fr": spec.get("label_fr")}

    def group(self, spec: Mapping[str, Any], kind: str, path: str, common: dict[str, Any]) -> _Node:
        for key in spec:
            if key not in {kind, "code", "label_en", "label_fr"}:
                raise RulesError(
                    _join_path(path, key),
                    f"Unknown key {key!r} for a group; a group has {kind}, code, label_en and "
                    "label_fr.",
                )
        children = spec[kind]
        if not isinstance(children, list) or not children:
            raise RulesError(_join_path(path, kind), f"{kind} must be a non-empty list of rules.")
        nodes = tuple(
            self.node(child, f"{_join_path(path, kind)}[{index}]")
            for index, child in enumerate(children)
        )
        return _Group(kind, nodes, **common)

    def leaf(self, spec: Mapping[str, Any], path: str, common: dict[str, Any]) -> _Node:
        kind = spec.get("type")
        if not isinstance(kind, str) or kind not in _LEAF_KEYS:
            known = ", ".join(_LEAF_KEYS)
            raise RulesError(
                _join_path(path, "type"),
                f"Unknown criterion type {kind!r}; use all_of, any_of or a criterion of type "
                f"{known}.",
            )
        if common["code"] is None:
            raise RulesError(_join_path(path, "code"), "Every criterion needs a code.")
        allowed = _LEAF_KEYS[kind]
        for key in spec:
            if key not in allowed and key not in _COMMON_KEYS:
                known = ", ".join(sorted(allowed))
                raise RulesError(
                    _join_path(path, key),
                    f"Unknown key {key!r} for a {kind} criterion; known keys: {known}.",
                )
        for key in _REQUIRED[kind]:
            if spec.get(key) is None:
                raise RulesError(_join_path(path, key), f"A {kind} criterion needs {key}.")
        for key in spec:
            key_path = _join_path(path, key)
            if key in _BOOLEAN_KEYS and not isinstance(spec[key], bool):
                raise RulesError(key_path, f"Expected true or false, not {spec[key]!r}.")
            if key in _AMOUNT_KEYS:
                self.amount(spec[key], key_path)
            if key in _TEXT_KEYS:
                self.text(spec, key, path, required=False)
        getattr(self, f"check_{kind}")(spec, path)
        return _LEAF_CLASSES[kind](spec, **common)

    @staticmethod
    def amount(value: object, path: str) -> None:
        if not _is_number(value):
            raise RulesError(path, f"Expected a number, not {value!r}.")
        assert isinstance(value, int | float)
        if value < 0:
            raise RulesError(path, f"A threshold cannot be negative ({value:g}).")

    @staticmethod
    def text(spec: Mapping[str, Any], key: str, path: str, required: bool) -> None:
        value = spec.get(key)
        if value is None and not required:
            return
        if not isinstance(value, str) or not value.strip():
            raise RulesError(_join_path(path, key), f"Expected a non-empty text, not {value!r}.")

    @staticmethod
    def names(value: object, path: str, known: Sequence[str], what: str) -> None:
        if not isinstance(value, list):
            raise RulesError(path, f"Expected a list of {what}.")
        for index, item in enumerate(value):
            if item not in known:
                raise RulesError(
                    f"{path}[{index}]",
                    f"Unknown {what[:-1]} {item!r}; known: {', '.join(known)}.",
                )
        if len(set(value)) != len(value):
            raise RulesError(path, f"A {what[:-1]} is listed twice.")

    def check_degree(self, spec: Mapping[str, Any], path: str) -> None:
        levels = spec["levels"]
        self.names(levels, _join_path(path, "levels"), list(DegreeLevel), "levels")
        if not levels:
            raise RulesError(_join_path(path, "levels"), "List at least one degree level.")
        if spec.get("fields") is not None:
            fields = list(messages.known_fields())
            self.names(spec["fields"], _join_path(path, "fields"), fields, "fields")
        if spec.get("country") not in (None, "FR", "foreign"):
            raise RulesError(
                _join_path(path, "country"),
                f"country is FR, foreign or absent, not {spec['country']!r}.",
            )

    def check_experience(self, spec: Mapping[str, Any], path: str) -> None:
        pass  # min_months is checked with the other amounts

    def check_language(self, spec: Mapping[str, Any], path: str) -> None:
        language = spec["language"]
        if not isinstance(language, str) or language not in messages.LANGUAGE_NAMES:
            known = ", ".join(messages.LANGUAGE_NAMES)
            raise RulesError(
                _join_path(path, "language"), f"Unknown language {language!r}; use {known}."
            )
        if spec.get("min_level") is None and not spec.get("min_scores"):
            raise RulesError(path, "A language criterion needs min_level, min_scores or both.")
        if spec.get("min_level") is not None:
            try:
                parse_level(spec["min_level"])
            except CefrError as error:
                raise RulesError(_join_path(path, "min_level"), str(error)) from None
        scores = spec.get("min_scores")
        if scores is not None:
            scores_path = _join_path(path, "min_scores")
            if not isinstance(scores, Mapping):
                raise RulesError(scores_path, "Expected {TEST: score, ...}.")
            for test, minimum in scores.items():
                test_path = f"{scores_path}.{test}"
                spec_of_test = TESTS.get(test)
                if spec_of_test is None:
                    known = ", ".join(TESTS)
                    raise RulesError(test_path, f"Unknown language test {test!r}; known: {known}.")
                if spec_of_test.language != language:
                    raise RulesError(test_path, f"{test} does not test the language {language!r}.")
                if spec_of_test.kind is not ExamKind.SCORE:
                    raise RulesError(
                        test_path,
                        f"{test} certifies a level, not a score: require it with min_level.",
                    )
                try:
                    validate_score(spec_of_test, minimum)
                except CefrError as error:
                    raise RulesError(test_path, str(error)) from None
        max_age = spec.get("max_age_years", 2)
        if max_age is not None and (
            not isinstance(max_age, int) or isinstance(max_age, bool) or max_age < 1
        ):
            raise RulesError(
                _join_path(path, "max_age_years"),
                f"Expected a whole number of years (1 or more) or null, not {max_age!r}.",
            )

    def check_certification(self, spec: Mapping[str, Any], path: str) -> None:
        certification = spec["certification"]
        if not isinstance(certification, str) or not certification.strip():
            raise RulesError(
                _join_path(path, "certification"), "Give the certification's code as a text."
            )
        kind = spec.get("kind", "certificate")
        if not isinstance(kind, str) or kind not in messages.CERTIFICATION_KINDS:
            known = ", ".join(messages.CERTIFICATION_KINDS)
            raise RulesError(_join_path(path, "kind"), f"Unknown kind {kind!r}; use {known}.")

    def check_review(self, spec: Mapping[str, Any], path: str) -> None:
        for key in ("description_en", "description_fr"):
            self.text(spec, key, path, required=True)


def rules_version(tree: Mapping[str, Any]) -> str:
    """A stable fingerprint of a rules tree: sha256 of its canonical JSON (sorted keys, no
    spaces). Stored with each result, it tells which rules produced it."""
    canonical = json.dumps(tree, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def compile_rules(tree: Mapping[str, Any]) -> Rule:
    """Validate `tree` and prepare it for evaluation; raise RulesError naming the bad path."""
    compiler = _Compiler()
    root = compiler.node(tree, "")
    return Rule(root=root, version=rules_version(tree), codes=tuple(compiler.codes))


def evaluate(rule: Rule, profile: Profile, *, today: date) -> Result:
    """Apply `rule` to `profile`. `today` is the day test validity is judged on (the caller may
    pass a round's deadline instead of the current date)."""
    out: _Out = []
    strength = rule.root.run(profile, today, out, 0)
    criteria = tuple(criterion for criterion in out if criterion is not None)
    return Result(
        outcome=_OUTCOME_OF_STRENGTH[strength],
        status=_BY_STRENGTH[strength],
        criteria=criteria,
        rules_version=rule.version,
        evaluated_on=today,
    )
