"""The CEFR tables: each publisher's thresholds, scales, validity, and the helpers around them."""

import random
import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from admissions.rules.cefr import (
    LEVELS,
    TESTS,
    CefrError,
    ExamKind,
    Level,
    LevelError,
    ScoreError,
    UnknownTestError,
    is_expired,
    level_for,
    meets,
    parse_level,
    validate_score,
)

PUBLISHER_TESTS = [code for code, spec in TESTS.items() if spec.external]
SCORE_TESTS = [code for code, spec in TESTS.items() if spec.kind is ExamKind.SCORE]


def test_the_registry_holds_every_test_the_programmes_name():
    expected = {
        "TOEIC_LR",
        "TOEFL_IBT",
        "TOEFL_PBT",
        "TOEFL_ITP",
        "IELTS",
        "CAMBRIDGE",
        "DELF",
        "DALF",
        "TCF",
        "TEF",
    }
    assert expected <= set(TESTS)
    assert {code for code in TESTS if TESTS[code].external} == expected


@pytest.mark.parametrize("code", PUBLISHER_TESTS)
def test_every_publisher_table_cites_its_source_with_a_year(code):
    assert re.search(r"\b(19|20)\d\d\b", TESTS[code].source)


@pytest.mark.parametrize("code", SCORE_TESTS)
def test_every_table_is_on_the_scale_and_strictly_ordered(code):
    spec = TESTS[code]
    assert spec.table, "a score test needs a table"
    levels = [level for level, _ in spec.table]
    minima = [minimum for _, minimum in spec.table]
    assert levels == sorted(levels, reverse=True)
    assert minima == sorted(minima, reverse=True)
    assert len(set(minima)) == len(minima)
    for minimum in minima:
        validate_score(spec, minimum)


@pytest.mark.parametrize(
    ("test", "score", "level"),
    [
        # ETS TOEIC L&R correlation table: totals A1 120, A2 225, B1 550, B2 785, C1 945.
        ("TOEIC_LR", 115, None),
        ("TOEIC_LR", 120, Level.A1),
        ("TOEIC_LR", 225, Level.A2),
        ("TOEIC_LR", 545, Level.A2),
        ("TOEIC_LR", 550, Level.B1),
        ("TOEIC_LR", 780, Level.B1),
        ("TOEIC_LR", 785, Level.B2),
        ("TOEIC_LR", 940, Level.B2),
        ("TOEIC_LR", 945, Level.C1),
        ("TOEIC_LR", 990, Level.C1),
        ("TOEFL_IBT", 41, None),
        ("TOEFL_IBT", 42, Level.B1),
        ("TOEFL_IBT", 71, Level.B1),
        ("TOEFL_IBT", 72, Level.B2),
        ("TOEFL_IBT", 94, Level.B2),
        ("TOEFL_IBT", 95, Level.C1),
        ("TOEFL_IBT", 120, Level.C1),
        ("TOEFL_ITP", 336, None),
        ("TOEFL_ITP", 337, Level.A2),
        ("TOEFL_ITP", 460, Level.B1),
        ("TOEFL_ITP", 542, Level.B1),
        ("TOEFL_ITP", 543, Level.B2),
        ("TOEFL_ITP", 627, Level.C1),
        ("TOEFL_PBT", 550, Level.B2),
        ("TOEFL_PBT", 542, Level.B1),
        ("IELTS", 3.5, None),
        ("IELTS", 4.0, Level.B1),
        ("IELTS", 5.0, Level.B1),
        ("IELTS", 5.5, Level.B2),
        ("IELTS", 6.5, Level.B2),
        ("IELTS", 7.0, Level.C1),
        ("IELTS", 8.0, Level.C1),
        ("IELTS", 8.5, Level.C2),
        ("CAMBRIDGE", 99, None),
        ("CAMBRIDGE", 100, Level.A1),
        ("CAMBRIDGE", 120, Level.A2),
        ("CAMBRIDGE", 140, Level.B1),
        ("CAMBRIDGE", 159, Level.B1),
        ("CAMBRIDGE", 160, Level.B2),
        ("CAMBRIDGE", 180, Level.C1),
        ("CAMBRIDGE", 200, Level.C2),
        ("TCF", 100, Level.A1),
        ("TCF", 299, Level.A2),
        ("TCF", 399, Level.B1),
        ("TCF", 400, Level.B2),
        ("TCF", 500, Level.C1),
        ("TCF", 600, Level.C2),
        ("TEF", 68, None),
        ("TEF", 69, Level.A1),
        ("TEF", 204, Level.A2),
        ("TEF", 361, Level.B1),
        ("TEF", 540, Level.B1),
        ("TEF", 541, Level.B2),
        ("TEF", 699, Level.C1),
        ("TEF", 834, Level.C2),
    ],
)
def test_a_score_maps_to_the_level_its_publisher_publishes(test, score, level):
    assert level_for(test, score) == level


def test_a_score_test_ignores_the_level_the_applicant_declares():
    assert level_for("TOEIC_LR", 720, declared_level="C1") == Level.B1
    assert level_for("TOEIC_LR", None, declared_level="C1") is None


def test_a_delf_or_dalf_diploma_is_the_level_it_names():
    assert level_for("DELF", 72.5, declared_level="B2") == Level.B2
    assert level_for("DELF", None, declared_level="B1") == Level.B1
    assert level_for("DALF", 50, declared_level="C1") == Level.C1
    assert level_for("DALF", None, declared_level=None) is None


def test_a_diploma_below_the_pass_mark_was_not_awarded():
    assert level_for("DELF", 49.5, declared_level="B2") is None


@pytest.mark.parametrize(("test", "level"), [("DELF", "C1"), ("DALF", "B2")])
def test_a_diploma_cannot_state_a_level_it_does_not_certify(test, level):
    with pytest.raises(LevelError, match=test):
        level_for(test, 60, declared_level=level)


def test_academic_records_state_a_level_and_are_not_an_external_exam():
    assert level_for("ACADEMIC", None, declared_level="B2") == Level.B2
    assert TESTS["ACADEMIC"].external is False
    with pytest.raises(ScoreError, match="has no score"):
        validate_score("ACADEMIC", 10)


@pytest.mark.parametrize(
    ("test", "score", "words"),
    [
        ("TOEIC_LR", 1000, "from 10 to 990 in steps of 5: 1000 is outside the scale"),
        ("TOEIC_LR", 5, "outside the scale"),
        ("TOEIC_LR", 699, "699 is not a possible score. Check the score on the test report."),
        ("IELTS", 6.3, "in steps of 0.5: 6.3 is not a possible score"),
        ("IELTS", 9.5, "outside the scale"),
        ("TOEFL_IBT", 121, "TOEFL iBT scores go from 0 to 120: 121 is outside the scale"),
        ("TCF", 99, "outside the scale"),
        ("DELF", 101, "outside the scale"),
    ],
)
def test_a_score_off_the_scale_is_refused_with_the_scale_in_the_message(test, score, words):
    with pytest.raises(ScoreError, match=re.escape(words)):
        validate_score(test, score)


@pytest.mark.parametrize("score", [True, "720", None, float("nan"), float("inf")])
def test_a_score_must_be_a_finite_number(score):
    with pytest.raises(ScoreError, match="scores are numbers"):
        validate_score("TOEIC_LR", score)


def test_score_and_level_errors_are_value_errors():
    assert issubclass(ScoreError, ValueError)
    assert issubclass(LevelError, ValueError)
    assert issubclass(UnknownTestError, CefrError)


def test_an_unknown_test_is_refused_with_the_known_ones_listed():
    with pytest.raises(UnknownTestError, match=r"Unknown language test 'DUOLINGO'.*TOEIC_LR"):
        level_for("DUOLINGO", 100)


@pytest.mark.parametrize(("text", "level"), [("B2", Level.B2), (" c1 ", Level.C1)])
def test_parse_level_reads_cefr_levels(text, level):
    assert parse_level(text) is level


@pytest.mark.parametrize("text", ["B3", "native", "", "fluent", None, 2, "A"])
def test_parse_level_refuses_anything_else(text):
    with pytest.raises(LevelError, match="is not a CEFR level"):
        parse_level(text)


def test_levels_are_ordered_by_the_cefr_not_by_chance():
    shuffled = list(LEVELS)
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled) == [Level.A1, Level.A2, Level.B1, Level.B2, Level.C1, Level.C2]
    assert Level.A2 < Level.B1 < Level.C2
    assert Level.C1 >= Level.B2 > Level.B1
    assert [level.rank for level in LEVELS] == list(range(6))


@pytest.mark.parametrize(
    ("level", "minimum", "expected"),
    [
        (Level.B2, Level.B2, True),
        (Level.C1, "B2", True),
        ("B1", "B2", False),
        (None, "A1", False),
    ],
)
def test_meets_compares_levels(level, minimum, expected):
    assert meets(level, minimum) is expected


def test_a_result_is_valid_up_to_and_including_its_anniversary():
    taken = date(2024, 5, 1)
    assert not is_expired(taken, date(2026, 5, 1))
    assert is_expired(taken, date(2026, 5, 2))
    assert not is_expired(taken, date(2027, 5, 1), validity_years=3)


def test_a_leap_day_result_expires_after_the_28th_of_february():
    assert not is_expired(date(2024, 2, 29), date(2026, 2, 28))
    assert is_expired(date(2024, 2, 29), date(2026, 3, 1))


def test_delf_dalf_and_cambridge_certificates_are_valid_for_life():
    for code in ("DELF", "DALF", "CAMBRIDGE"):
        assert TESTS[code].validity_years is None
        assert not is_expired(date(1990, 1, 1), date(2026, 1, 1), TESTS[code].validity_years)
    for code in ("TOEIC_LR", "TOEFL_IBT", "TOEFL_ITP", "TOEFL_PBT", "IELTS", "TCF", "TEF"):
        assert TESTS[code].validity_years == 2


@st.composite
def two_scores(draw):
    spec = TESTS[draw(st.sampled_from(SCORE_TESTS))]
    steps = round((spec.max_score - spec.min_score) / spec.step)
    a, b = sorted(draw(st.lists(st.integers(0, steps), min_size=2, max_size=2)))
    return spec, spec.min_score + a * spec.step, spec.min_score + b * spec.step


@given(two_scores())
def test_a_higher_score_never_maps_to_a_lower_level(case):
    spec, low, high = case
    low_level, high_level = level_for(spec, low), level_for(spec, high)
    if low_level is not None:
        assert high_level is not None
        assert high_level >= low_level
