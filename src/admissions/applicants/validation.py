"""The checks on what an applicant types, each with a message tied to its field.

The messages say what is wrong and what to do; they are module-level constants so the tests
(and the pages) reuse them. Every check takes ``today`` (the applicant's calendar day on the
server clock) rather than reading the clock itself, so a test moves time by passing a date.

Score scales come from ``rules.cefr.TESTS`` (the publishers' scales the rules engine
uses): one table for both, so a score the profile accepts is a score the engine can read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from admissions.applicants.languages import is_language_code

# rules/cefr.py is pure data and functions (no Django, no database): the one table of test scales.
from admissions.rules import cefr

MIN_AGE_YEARS = 15
MAX_AGE_YEARS = 100

BIRTH_DATE_IN_FUTURE = _("The date of birth is in the future. Check the year, then save again.")
BIRTH_DATE_TOO_RECENT = _(
    "This date of birth makes you younger than 15. Check the year (it should be the one on your "
    "passport), then save again."
)
BIRTH_DATE_TOO_OLD = _(
    "This date of birth is more than 100 years ago. Check the year (it should be the one on "
    "your passport), then save again."
)
UNKNOWN_COUNTRY = _("“%(value)s” is not a country code we know. Choose the country from the list.")
UNKNOWN_LANGUAGE = _(
    "“%(value)s” is not a language code we know (ISO 639-1, two letters such as en or fr). "
    "Choose the language from the list."
)
DUPLICATE_VALUE = _("“%(value)s” is listed twice. Keep it once.")
INVALID_PHONE = _(
    "Enter the phone number with its country code, digits only, e.g. +33 1 23 45 67 89."
)
INVALID_EEF_NUMBER = _(
    "An Études en France file number has letters, digits and dashes only, "
    "e.g. MA24-012345. Copy it from your Études en France account."
)
END_BEFORE_START = _("The end date is before the start date. Check both dates, then save again.")
START_IN_FUTURE = _("The start date is in the future. Check the date, then save again.")
COMPLETED_DEGREE_ENDS_IN_FUTURE = _(
    "A completed degree cannot end in the future. If you are still studying for it, mark it "
    "“in progress” and give the expected end date."
)
COMPLETED_DEGREE_NEEDS_END = _("Give the date you completed this degree.")
EXPERIENCE_ENDS_IN_FUTURE = _(
    "The end date is in the future. If you still hold this job, leave the end date empty: it "
    "counts as ongoing."
)
ECTS_OUT_OF_RANGE = _("ECTS credits are between 0 and 600. Check the number on your transcript.")
YEARS_OUT_OF_RANGE = _("Years of study are between 0 and 15. Check the number, then save again.")
UNKNOWN_TEST = _("Choose the language test from the list.")
SCORE_OUT_OF_RANGE = _("A %(test)s score is %(scale)s: %(score)s is outside the scale.")
SCORE_NOT_ON_SCALE = _("A %(test)s score is %(scale)s: %(score)s is not a possible score.")
SCORE_REQUIRED_FOR_PAST_TEST = _(
    "Give the score of this %(test)s, or leave both the score and the level empty if you are "
    "still waiting for the result."
)
DIPLOMA_NEEDS_LEVEL = _("Give the level the %(test)s diploma certifies (%(levels)s).")
DIPLOMA_LEVEL_IMPOSSIBLE = _("A %(test)s certifies level %(levels)s, not %(level)s.")
RESULT_DATED_IN_FUTURE = _(
    "A result cannot be dated in the future. If you have booked the test, leave the score "
    "and level empty until you have the result."
)
SUB_SCORES_NOT_A_MAPPING = _("Sub-scores are a list of section names with their scores.")
UNKNOWN_SUB_SCORE = _("%(test)s has no section “%(section)s”. Its sections are: %(sections)s.")
NO_SUB_SCORES = _("%(test)s has no section scores to give.")
SUB_SCORE_OUT_OF_RANGE = _(
    "A %(test)s %(section)s score is between %(low)s and %(high)s: %(score)s is outside the scale."
)
TOEIC_TOTAL_MISMATCH = _(
    "A TOEIC total is the sum of its listening and reading scores (%(sum)s), not %(score)s. "
    "Check the three numbers on your score report."
)
UNKNOWN_CORRESPONDENCE_LANGUAGE = _("Choose English (en) or French (fr).")
TOO_MANY_ITEMS = _("Give at most %(max)s: keep those that matter for your application.")
TOO_MANY_ROWS = _("A profile lists at most %(max)s of these. Keep the most relevant ones.")

# Bounds on what a person may type, the same in the models, the forms and the API.
MAX_ADDRESS_LENGTH = 300
MAX_SPECIAL_NEEDS_LENGTH = 2000
MAX_LIST_ITEMS = 10  # nationalities, native languages, languages of study
MAX_ROWS = 20  # degrees, jobs, language tests, certifications
_SHOWN_LENGTH = 20
LEVEL_UNKNOWN = _("Choose a level among A1, A2, B1, B2, C1 and C2.")

_PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{4,24}$")
_EEF_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{2,39}$")

# Section scores by test: (low, high, step). The publishers' score reports print these.
SUB_SCORES: Mapping[str, Mapping[str, tuple[float, float, float]]] = {
    "TOEIC_LR": {"listening": (5, 495, 5), "reading": (5, 495, 5)},
    "TOEFL_IBT": {s: (0, 30, 1) for s in ("reading", "listening", "speaking", "writing")},
    "TOEFL_PBT": {"listening": (31, 68, 1), "structure": (31, 68, 1), "reading": (31, 67, 1)},
    "TOEFL_ITP": {"listening": (31, 68, 1), "structure": (31, 68, 1), "reading": (31, 67, 1)},
    "IELTS": {s: (0, 9, 0.5) for s in ("listening", "reading", "writing", "speaking")},
    "CAMBRIDGE": {
        s: (80, 230, 1) for s in ("reading", "use_of_english", "writing", "listening", "speaking")
    },
    "DELF": {s: (0, 25, 0.5) for s in ("listening", "reading", "writing", "speaking")},
    "DALF": {s: (0, 25, 0.5) for s in ("listening", "reading", "writing", "speaking")},
}


def years_between(earlier: dt.date, later: dt.date) -> int:
    """Whole years from ``earlier`` to ``later`` (an age on a birthday counts the new year)."""
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


def check_birth_date(born_on: dt.date | None, today: dt.date) -> None:
    if born_on is None:
        return
    if born_on > today:
        raise ValidationError(BIRTH_DATE_IN_FUTURE, code="birth_date_in_future")
    age = years_between(born_on, today)
    if age < MIN_AGE_YEARS:
        raise ValidationError(BIRTH_DATE_TOO_RECENT, code="birth_date_too_recent")
    if age > MAX_AGE_YEARS:
        raise ValidationError(BIRTH_DATE_TOO_OLD, code="birth_date_too_old")


def check_country(code: str) -> None:
    if code and code not in countries:
        raise ValidationError(
            UNKNOWN_COUNTRY, code="unknown_country", params={"value": _shown(code)}
        )


def check_countries(codes: Any) -> None:
    _check_code_list(codes, check_country)


def check_language(code: Any) -> None:
    if not is_language_code(code):
        raise ValidationError(
            UNKNOWN_LANGUAGE, code="unknown_language", params={"value": _shown(code)}
        )


def check_languages(codes: Any) -> None:
    _check_code_list(codes, check_language)


def _shown(value: Any) -> Any:
    """A value quoted in a message, cut short: an error never echoes a whole payload."""
    if isinstance(value, str) and len(value) > _SHOWN_LENGTH:
        return value[:_SHOWN_LENGTH] + "…"
    return value


def _check_code_list(codes: Any, check_one: Any) -> None:
    if not isinstance(codes, list):
        raise ValidationError(_("Expected a list of codes."), code="not_a_list")
    if len(codes) > MAX_LIST_ITEMS:
        raise ValidationError(TOO_MANY_ITEMS, code="too_many", params={"max": MAX_LIST_ITEMS})
    seen: set[str] = set()
    errors: list[ValidationError] = []
    for code in codes:
        try:
            if not isinstance(code, str) or not code:
                raise ValidationError(
                    UNKNOWN_COUNTRY if check_one is check_country else UNKNOWN_LANGUAGE,
                    code="unknown_code",
                    params={"value": _shown(code)},
                )
            check_one(code)
        except ValidationError as error:
            errors.append(error)
            continue
        if code in seen:
            errors.append(
                ValidationError(DUPLICATE_VALUE, code="duplicate", params={"value": code})
            )
        seen.add(code)
    if errors:
        raise ValidationError(errors)


def check_phone(phone: str) -> None:
    if not phone:
        return
    digits = sum(ch.isdigit() for ch in phone)
    if not _PHONE.match(phone) or not 6 <= digits <= 17:
        raise ValidationError(INVALID_PHONE, code="invalid_phone")


def check_eef_number(number: str) -> None:
    if number and not _EEF_NUMBER.match(number):
        raise ValidationError(INVALID_EEF_NUMBER, code="invalid_eef_number")


def check_period(
    started_on: dt.date | None, ended_on: dt.date | None, today: dt.date
) -> dict[str, ValidationError]:
    """Errors by field for a start and an optional end date."""
    errors: dict[str, ValidationError] = {}
    if started_on is not None and started_on > today:
        errors["started_on"] = ValidationError(START_IN_FUTURE, code="start_in_future")
    if started_on is not None and ended_on is not None and ended_on < started_on:
        errors["ended_on"] = ValidationError(END_BEFORE_START, code="end_before_start")
    return errors


def _is_score_test(spec: cefr.ExamSpec) -> bool:
    """A test whose score decides the level (TOEIC, IELTS…), as opposed to a diploma or an
    attestation that states a level."""
    return str(spec.kind) == "score"


def _number(value: Decimal | float | int) -> float:
    return float(value)


def _scale_text(low: float, high: float, step: float) -> str:
    text = f"between {low:g} and {high:g}"
    if step != 1:
        text += f", in steps of {step:g}"
    return text


def check_language_test(
    *,
    test: str,
    score: Decimal | float | None,
    level: str,
    taken_on: dt.date | None,
    sub_scores: Any,
    today: dt.date,
) -> dict[str, ValidationError]:
    """Errors by field for one language test result.

    A test with neither score nor level is a booked test whose result is awaited: it may be
    dated in the future. A result (a score or a level) cannot be.
    """
    errors: dict[str, ValidationError] = {}
    spec = cefr.TESTS.get(test)
    if spec is None:
        return {"test": ValidationError(UNKNOWN_TEST, code="unknown_test")}
    awaited = score is None and not level
    if taken_on is not None and taken_on > today and not awaited:
        errors["taken_on"] = ValidationError(RESULT_DATED_IN_FUTURE, code="result_in_future")
    if level:
        try:
            cefr.parse_level(level)
        except cefr.CefrError:
            errors["level"] = ValidationError(LEVEL_UNKNOWN, code="unknown_level")
    if score is not None:
        if not spec.has_score:
            errors["score"] = ValidationError(
                _("%(test)s has no score: give its level instead."),
                code="no_score",
                params={"test": spec.name},
            )
        else:
            error = _check_score(spec, _number(score))
            if error is not None:
                errors["score"] = error
    if not _is_score_test(spec) and "level" not in errors:
        levels = ", ".join(spec.levels)
        if not level and not awaited:
            errors["level"] = ValidationError(
                DIPLOMA_NEEDS_LEVEL,
                code="level_required",
                params={"test": spec.name, "levels": levels},
            )
        elif level:
            try:
                cefr.validate_declared_level(spec, level)
            except cefr.CefrError:
                errors["level"] = ValidationError(
                    DIPLOMA_LEVEL_IMPOSSIBLE,
                    code="impossible_level",
                    params={"test": spec.name, "levels": levels, "level": level},
                )
    if (
        _is_score_test(spec)
        and score is None
        and level
        and "level" not in errors
        and taken_on is not None
        and taken_on <= today
    ):
        # A score test is judged by its score: a level alone is not a result.
        errors["score"] = ValidationError(
            SCORE_REQUIRED_FOR_PAST_TEST, code="score_required", params={"test": spec.name}
        )
    sub_error = _check_sub_scores(test, spec, score, sub_scores)
    if sub_error is not None:
        errors["sub_scores"] = sub_error
    return errors


def _check_score(spec: cefr.ExamSpec, score: float) -> ValidationError | None:
    assert spec.min_score is not None and spec.max_score is not None and spec.step is not None  # nosec B101  # narrows the type: score specs have bounds
    params = {
        "test": spec.name,
        "scale": _scale_text(spec.min_score, spec.max_score, spec.step),
        "score": f"{score:g}",
    }
    if not math.isfinite(score) or not spec.min_score <= score <= spec.max_score:
        return ValidationError(SCORE_OUT_OF_RANGE, code="score_out_of_range", params=params)
    try:
        cefr.validate_score(spec, score)
    except cefr.ScoreError:
        return ValidationError(SCORE_NOT_ON_SCALE, code="score_not_on_scale", params=params)
    return None


def _check_sub_scores(
    test: str, spec: cefr.ExamSpec, score: Decimal | float | None, sub_scores: Any
) -> ValidationError | None:
    if sub_scores in (None, {}):
        return None
    if not isinstance(sub_scores, Mapping):
        return ValidationError(SUB_SCORES_NOT_A_MAPPING, code="sub_scores_not_a_mapping")
    sections = SUB_SCORES.get(test)
    if not sections:
        return ValidationError(NO_SUB_SCORES, code="no_sub_scores", params={"test": spec.name})
    if len(sub_scores) > MAX_LIST_ITEMS:
        return ValidationError(TOO_MANY_ITEMS, code="too_many", params={"max": MAX_LIST_ITEMS})
    problems: list[ValidationError] = []
    for section, value in sub_scores.items():
        if section not in sections:
            problems.append(
                ValidationError(
                    UNKNOWN_SUB_SCORE,
                    code="unknown_sub_score",
                    params={
                        "test": spec.name,
                        "section": _shown(section),
                        "sections": ", ".join(sections),
                    },
                )
            )
            continue
        low, high, step = sections[section]
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        on_scale = (
            number is not None
            and math.isfinite(number)
            and low <= number <= high
            and abs((number - low) / step - round((number - low) / step)) < 1e-9
        )
        if not on_scale:
            problems.append(
                ValidationError(
                    SUB_SCORE_OUT_OF_RANGE,
                    code="sub_score_out_of_range",
                    params={
                        "test": spec.name,
                        "section": section.replace("_", " "),
                        "low": f"{low:g}",
                        "high": f"{high:g}",
                        "score": str(value),
                    },
                )
            )
    if (
        not problems
        and test == "TOEIC_LR"
        and score is not None
        and {"listening", "reading"} <= set(sub_scores)
    ):
        total = sub_scores["listening"] + sub_scores["reading"]
        if abs(total - _number(score)) > 1e-9:
            problems.append(
                ValidationError(
                    TOEIC_TOTAL_MISMATCH,
                    code="toeic_total_mismatch",
                    params={"sum": f"{total:g}", "score": f"{_number(score):g}"},
                )
            )
    return ValidationError(problems) if problems else None
