"""Language tests and their CEFR levels (A1 < A2 < B1 < B2 < C1 < C2).

No library converts language-test scores to CEFR levels, so the tables live here, versioned
(TABLES_VERSION), each with the publisher document it comes from. A table lists, for each
level, the minimum score the publisher maps to it; a score below the lowest published minimum
has no level (level_for returns None), because inventing one would be our claim, not theirs.

Three kinds of tests:
- score tests (TOEIC, TOEFL, IELTS, Cambridge English Scale, TCF, TEF): the score decides the
  level through the publisher's table. A level the applicant declares next to a score is
  ignored: the score is the evidence, and using the table keeps every applicant on one scale.
- diplomas (DELF, DALF): the diploma IS a level. The score out of 100 only says whether it was
  awarded (pass mark 50); the level is the one the diploma names.
- attestations (ACADEMIC): a level stated in academic records (a transcript, a university
  language certificate). It is not an external exam, so programmes that require an external
  exam refuse it, and programmes that accept academic records (the MSc CPS2: "attested by
  previous academic records and/or, if necessary, by a standardized test") accept it.

Pure Python: no Django import, so the rules engine and its tests run without settings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

# Bump when a table, a scale or a validity changes: eligibility snapshots store it next to the
# rules version, so an old outcome can be explained with the tables that produced it.
TABLES_VERSION = "2026.1"


class CefrError(ValueError):
    """Base class of the errors this module raises; each carries a readable message."""


class UnknownTestError(CefrError):
    pass


class ScoreError(CefrError):
    pass


class LevelError(CefrError):
    pass


class Level(StrEnum):
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"
    C2 = "C2"

    @property
    def rank(self) -> int:
        return _RANK[self]

    # Comparisons go through the rank, not the string: the alphabetical order happens to match
    # today, but nothing should depend on that accident.
    def __lt__(self, other: object) -> bool:
        if isinstance(other, Level):
            return _RANK[self] < _RANK[other]
        return NotImplemented

    def __le__(self, other: object) -> bool:
        if isinstance(other, Level):
            return _RANK[self] <= _RANK[other]
        return NotImplemented

    def __gt__(self, other: object) -> bool:
        if isinstance(other, Level):
            return _RANK[self] > _RANK[other]
        return NotImplemented

    def __ge__(self, other: object) -> bool:
        if isinstance(other, Level):
            return _RANK[self] >= _RANK[other]
        return NotImplemented


_RANK: dict[Level, int] = {level: index for index, level in enumerate(Level)}
LEVELS: tuple[Level, ...] = tuple(Level)


def parse_level(value: object) -> Level:
    """The CEFR level named by `value` ("B2", " b2 "); anything else raises LevelError."""
    if isinstance(value, Level):
        return value
    if isinstance(value, str):
        try:
            return Level(value.strip().upper())
        except ValueError:
            pass
    raise LevelError(f"{value!r} is not a CEFR level; use one of A1, A2, B1, B2, C1 or C2.")


def meets(level: Level | str | None, minimum: Level | str) -> bool:
    """Whether `level` reaches `minimum`; no level (None) never does."""
    if level is None:
        return False
    return parse_level(level) >= parse_level(minimum)


class ExamKind(StrEnum):
    SCORE = "score"
    DIPLOMA = "diploma"
    ATTESTATION = "attestation"


@dataclass(frozen=True, slots=True)
class ExamSpec:
    """One language test as its publisher defines it.

    (Not named TestSpec: pytest would try to collect a class whose name starts with "Test".)
    """

    code: str
    name: str  # full name, for forms and lists
    short_name_en: str  # as it appears inside a sentence: "TOEIC 690 is below ..."
    short_name_fr: str
    language: str  # ISO 639-1 code of the language the test measures
    kind: ExamKind
    external: bool
    # Publisher's validity in years; None = valid for life (DELF/DALF, Cambridge certificates).
    validity_years: int | None
    source: str
    min_score: float | None = None
    max_score: float | None = None
    step: float | None = None
    # (level, minimum score), highest level first.
    table: tuple[tuple[Level, float], ...] = ()
    # Levels a diploma or attestation can state.
    levels: tuple[Level, ...] = ()
    pass_score: float | None = None

    @property
    def has_score(self) -> bool:
        return self.min_score is not None


def _score_test(
    code: str,
    name: str,
    short_en: str,
    short_fr: str,
    language: str,
    scale: tuple[float, float, float],
    table: dict[Level, float],
    source: str,
    validity_years: int | None = 2,
) -> ExamSpec:
    low, high, step = scale
    return ExamSpec(
        code=code,
        name=name,
        short_name_en=short_en,
        short_name_fr=short_fr,
        language=language,
        kind=ExamKind.SCORE,
        external=True,
        validity_years=validity_years,
        source=source,
        min_score=low,
        max_score=high,
        step=step,
        table=tuple(sorted(table.items(), key=lambda item: item[0].rank, reverse=True)),
        levels=tuple(sorted(table, key=lambda level: level.rank)),
    )


# TOEIC: the published table maps each section (Listening, Reading); the total minimum for a
# level is the sum of the two section minima, as ETS's correlation table prints it. A total can
# hide a weaker section; programmes that care name section scores, which this engine does not
# model yet.
_TOEIC_SOURCE = (
    "ETS, TOEIC Listening and Reading Test: Correlation Table, Test Scores and the CEFR Levels "
    "(2020), from ETS's standard-setting study Mapping the TOEIC and TOEIC Bridge Tests on the "
    "Common European Framework of Reference for Languages: section minima Listening/Reading "
    "C1 490/455, B2 400/385, B1 275/275, A2 110/115, A1 60/60."
)
_TOEFL_IBT_SOURCE = (
    "ETS, Mapping TOEFL iBT Scores onto the CEFR (total-score minima C1 95, B2 72, B1 42), from "
    "Tannenbaum & Wylie, Linking English-Language Test Scores onto the CEFR, ETS RR-08-34 "
    "(2008). ETS publishes no total minimum below B1."
)
_TOEFL_ITP_SOURCE = (
    "ETS, TOEFL ITP Assessment Series: Mapping TOEFL ITP Scores onto the CEFR "
    "(Tannenbaum & Baron, 2011): total minima C1 627, B2 543, B1 460, A2 337."
)
_TOEFL_PBT_SOURCE = (
    "TOEFL paper-based test (retired by ETS; still named by programmes): same 310-677 scale as "
    "TOEFL ITP Level 1, which is built from retired PBT forms, so the ITP mapping applies: "
    + _TOEFL_ITP_SOURCE
)
_IELTS_SOURCE = (
    "IELTS partners (British Council, IDP: IELTS Australia, Cambridge University Press & "
    "Assessment), IELTS and the CEFR, ielts.org: overall band minima C2 8.5, C1 7.0, B2 5.5, "
    "B1 4.0, from the alignment study of Lim, Geranpayeh, Khalifa & Buckendahl, Standard "
    "setting to an international reference framework, International Journal of Testing 13 "
    "(2013). No band is mapped below B1."
)
_CAMBRIDGE_SOURCE = (
    "Cambridge Assessment English, Cambridge English Scale (in use since 2015; 80-230): "
    "C2 200, C1 180, B2 160, B1 140, A2 120, A1 100. Cambridge English certificates do not "
    "expire."
)
_TCF_SOURCE = (
    "France Éducation international (formerly CIEP), TCF (created 2002), correspondance "
    "scores/niveaux du CECRL printed on every attestation (scale 100-699): C2 600, C1 500, "
    "B2 400, B1 300, A2 200, A1 100; attestation valid 2 years."
)
_TEF_SOURCE = (
    "CCI Paris Île-de-France (Le français des affaires), TEF (created 1998), correspondance "
    "scores/niveaux du CECRL on the 0-900 scale (TEF levels 1-6): C2 834, C1 699, B2 541, "
    "B1 361, A2 204, A1 69, as reproduced by the n+i network of French engineering schools for "
    "admission; attestation valid 2 years."
)
_DELF_DALF_SOURCE = (
    "France Éducation international, DELF and DALF (reformed in 2005 to certify the CEFR "
    "levels): each diploma certifies one level (DELF A1-B2, DALF C1-C2), awarded with at least "
    "50/100, valid for life."
)

TESTS: Mapping[str, ExamSpec] = MappingProxyType(
    {
        spec.code: spec
        for spec in (
            _score_test(
                "TOEIC_LR",
                "TOEIC Listening & Reading",
                "TOEIC",
                "TOEIC",
                "en",
                (10, 990, 5),
                {Level.C1: 945, Level.B2: 785, Level.B1: 550, Level.A2: 225, Level.A1: 120},
                _TOEIC_SOURCE,
            ),
            _score_test(
                "TOEFL_IBT",
                "TOEFL iBT",
                "TOEFL iBT",
                "TOEFL iBT",
                "en",
                (0, 120, 1),
                {Level.C1: 95, Level.B2: 72, Level.B1: 42},
                _TOEFL_IBT_SOURCE,
            ),
            _score_test(
                "TOEFL_PBT",
                "TOEFL paper-based test (PBT)",
                "TOEFL (paper)",
                "TOEFL (papier)",
                "en",
                (310, 677, 1),
                {Level.C1: 627, Level.B2: 543, Level.B1: 460, Level.A2: 337},
                _TOEFL_PBT_SOURCE,
            ),
            _score_test(
                "TOEFL_ITP",
                "TOEFL ITP",
                "TOEFL ITP",
                "TOEFL ITP",
                "en",
                (310, 677, 1),
                {Level.C1: 627, Level.B2: 543, Level.B1: 460, Level.A2: 337},
                _TOEFL_ITP_SOURCE,
            ),
            _score_test(
                "IELTS",
                "IELTS Academic / General Training (overall band)",
                "IELTS",
                "IELTS",
                "en",
                (0, 9, 0.5),
                {Level.C2: 8.5, Level.C1: 7.0, Level.B2: 5.5, Level.B1: 4.0},
                _IELTS_SOURCE,
            ),
            _score_test(
                "CAMBRIDGE",
                "Cambridge English Qualifications (Cambridge English Scale)",
                "Cambridge English",
                "Cambridge English",
                "en",
                (80, 230, 1),
                {
                    Level.C2: 200,
                    Level.C1: 180,
                    Level.B2: 160,
                    Level.B1: 140,
                    Level.A2: 120,
                    Level.A1: 100,
                },
                _CAMBRIDGE_SOURCE,
                validity_years=None,
            ),
            _score_test(
                "TCF",
                "Test de connaissance du français (TCF)",
                "TCF",
                "TCF",
                "fr",
                (100, 699, 1),
                {
                    Level.C2: 600,
                    Level.C1: 500,
                    Level.B2: 400,
                    Level.B1: 300,
                    Level.A2: 200,
                    Level.A1: 100,
                },
                _TCF_SOURCE,
            ),
            _score_test(
                "TEF",
                "Test d'évaluation de français (TEF)",
                "TEF",
                "TEF",
                "fr",
                (0, 900, 1),
                {
                    Level.C2: 834,
                    Level.C1: 699,
                    Level.B2: 541,
                    Level.B1: 361,
                    Level.A2: 204,
                    Level.A1: 69,
                },
                _TEF_SOURCE,
            ),
            ExamSpec(
                code="DELF",
                name="Diplôme d'études en langue française (DELF)",
                short_name_en="DELF",
                short_name_fr="DELF",
                language="fr",
                kind=ExamKind.DIPLOMA,
                external=True,
                validity_years=None,
                source=_DELF_DALF_SOURCE,
                min_score=0,
                max_score=100,
                step=0.5,
                levels=(Level.A1, Level.A2, Level.B1, Level.B2),
                pass_score=50,
            ),
            ExamSpec(
                code="DALF",
                name="Diplôme approfondi de langue française (DALF)",
                short_name_en="DALF",
                short_name_fr="DALF",
                language="fr",
                kind=ExamKind.DIPLOMA,
                external=True,
                validity_years=None,
                source=_DELF_DALF_SOURCE,
                min_score=0,
                max_score=100,
                step=0.5,
                levels=(Level.C1, Level.C2),
                pass_score=50,
            ),
            # Not a test: a level stated by the applicant's previous university. English only,
            # because that is the case the seed programmes describe; add a French twin here if a
            # programme accepts academic records for French.
            ExamSpec(
                code="ACADEMIC",
                name="English level attested by academic records",
                short_name_en="academic record",
                short_name_fr="relevé académique",
                language="en",
                kind=ExamKind.ATTESTATION,
                external=False,
                validity_years=None,
                source="Not a publisher's table: the level stated by a previous institution.",
                levels=LEVELS,
            ),
        )
    }
)


def get_test(test: str | ExamSpec) -> ExamSpec:
    if isinstance(test, ExamSpec):
        return test
    try:
        return TESTS[test]
    except (KeyError, TypeError):
        known = ", ".join(TESTS)
        raise UnknownTestError(f"Unknown language test {test!r}; known tests: {known}.") from None


def format_score(spec: ExamSpec, score: float) -> str:
    """A score as its publisher prints it: IELTS 6.5 and 7.0, TOEIC 785, DELF 67.5/100."""
    if spec.kind is ExamKind.DIPLOMA:
        return f"{score:g}/{spec.max_score:g}"
    if spec.step is not None and spec.step < 1:
        return f"{score:.1f}"
    return f"{score:g}"


def validate_score(test: str | ExamSpec, score: object) -> float:
    """Return `score` if it is a possible score of `test`; raise ScoreError otherwise."""
    spec = get_test(test)
    if not spec.has_score:
        raise ScoreError(f"{spec.name} has no score: give its level instead.")
    if isinstance(score, bool) or not isinstance(score, int | float) or not math.isfinite(score):
        raise ScoreError(f"{spec.name} scores are numbers, not {score!r}.")
    assert spec.min_score is not None and spec.max_score is not None and spec.step is not None  # nosec B101  # narrows the type: score specs have bounds
    scale = f"{spec.name} scores go from {spec.min_score:g} to {spec.max_score:g}"
    if spec.step != 1:
        scale += f" in steps of {spec.step:g}"
    check = "Check the score on the test report."
    if not spec.min_score <= score <= spec.max_score:
        raise ScoreError(f"{scale}: {score:g} is outside the scale. {check}")
    steps = (score - spec.min_score) / spec.step
    if abs(steps - round(steps)) > 1e-9:
        raise ScoreError(f"{scale}: {score:g} is not a possible score. {check}")
    return score


def validate_declared_level(test: str | ExamSpec, level: object) -> Level:
    """The level a diploma or attestation states, checked against what it can state."""
    spec = get_test(test)
    parsed = parse_level(level)
    if spec.kind is not ExamKind.SCORE and parsed not in spec.levels:
        allowed = ", ".join(spec.levels[:-1]) + " or " + spec.levels[-1]
        raise LevelError(f"A {spec.short_name_en} certifies level {allowed}, not {parsed}.")
    return parsed


def level_for(
    test: str | ExamSpec, score: float | None, declared_level: Level | str | None = None
) -> Level | None:
    """The CEFR level a result reaches, or None when it reaches no published level.

    Score tests: the publisher's table decides; `declared_level` is ignored (see module doc).
    Diplomas: the declared level, provided the diploma was awarded (score, if given, >= 50).
    Attestations: the declared level.
    """
    spec = get_test(test)
    if score is not None:
        validate_score(spec, score)
    if spec.kind is ExamKind.SCORE:
        if score is None:
            return None
        for level, minimum in spec.table:
            if score >= minimum:
                return level
        return None
    if declared_level is None:
        return None
    level = validate_declared_level(spec, declared_level)
    if spec.pass_score is not None and score is not None and score < spec.pass_score:
        return None
    return level


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February (the earlier,
    stricter anniversary, so a result is never counted valid for a day it was not)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def is_expired(taken_on: date, today: date, validity_years: int | None = 2) -> bool:
    """Whether a result taken on `taken_on` is past its validity on `today`.

    A result is valid up to and including its anniversary (taken 2024-05-01, valid for 2 years:
    still valid on 2026-05-01, expired on 2026-05-02). None = valid for life.
    """
    if validity_years is None:
        return False
    return today > add_years(taken_on, validity_years)
