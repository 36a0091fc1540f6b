"""The applicant data the rules read (Profile) and its strict reader (Profile.from_dict)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from admissions.rules.cefr import (
    TESTS,
    CefrError,
    ExamSpec,
    Level,
    level_for,
    validate_declared_level,
    validate_score,
)

# ---------------------------------------------------------------------------------------------
# Errors


class ProfileError(ValueError):
    """The applicant data cannot be read; `errors` lists (field path, message) pairs."""

    def __init__(self, errors: Sequence[tuple[str, str]]) -> None:
        self.errors: list[tuple[str, str]] = list(errors)
        super().__init__("; ".join(f"{path}: {message}" for path, message in self.errors))


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
        assert isinstance(value, int | float)  # nosec B101  # narrows the type: checked on the line above
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
