"""Properties of the engine over random rule trees and random profiles.

Outcomes are ordered from the applicant's point of view:
eligible > needs_review > incomplete > not_eligible. needs_review sits above incomplete because
it means every fact is in and a person can decide now; incomplete means the applicant still
owes something. Statuses follow the same order (met > review > pending > unknown > unmet), with
all_of the minimum and any_of the maximum, which is what makes these properties hold.
"""

import re
from dataclasses import replace
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from admissions.rules.cefr import LEVELS, TESTS, ExamKind
from admissions.rules.eligibility import (
    Outcome,
    Profile,
    ProfileError,
    RulesError,
    Status,
    compile_rules,
    evaluate,
)
from admissions.rules.eligibility.messages import FIELDS

TODAY = date(2026, 3, 1)
DEGREE_LEVELS = ["bachelor", "master1", "master", "engineering", "mba", "doctorate", "other"]
SOME_FIELDS = ["computer_science", "applied_mathematics", "telecommunications", "physics"]
CERTIFICATIONS = ["mooc-a", "mooc-b"]
SCORE_TESTS = [code for code, spec in TESTS.items() if spec.kind is ExamKind.SCORE]
C2_TESTS = {"en": "CAMBRIDGE", "fr": "TCF"}  # their top scores map to C2

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# ---------------------------------------------------------------------------------------------
# Random rule trees


def maybe(strategy):
    return st.none() | strategy


def without_none(mapping):
    return {key: value for key, value in mapping.items() if value is not None}


degree_leaves = st.builds(
    lambda levels, fields, ects, years, cti, country, completed, foreign, review: without_none(
        {
            "type": "degree",
            "levels": levels,
            "fields": fields,
            "min_ects": ects,
            "min_years": years,
            "cti_accredited": cti,
            "country": country,
            "completed_required": completed,
            "foreign_needs_review": foreign,
            "needs_review": review,
        }
    ),
    st.lists(st.sampled_from(DEGREE_LEVELS), min_size=1, max_size=4, unique=True),
    maybe(st.lists(st.sampled_from(SOME_FIELDS), min_size=1, max_size=3, unique=True)),
    maybe(st.sampled_from([180, 240, 300])),
    maybe(st.sampled_from([3, 4, 5])),
    maybe(st.booleans()),
    maybe(st.sampled_from(["FR", "foreign"])),
    maybe(st.booleans()),
    maybe(st.booleans()),
    maybe(st.booleans()),
)

experience_leaves = st.builds(
    lambda months: {"type": "experience", "min_months": months}, st.integers(0, 60)
)


@st.composite
def exam_scores(draw, code):
    spec = TESTS[code]
    steps = round((spec.max_score - spec.min_score) / spec.step)
    value = spec.min_score + draw(st.integers(0, steps)) * spec.step
    return int(value) if float(value).is_integer() else value


@st.composite
def language_leaves(draw):
    language = draw(st.sampled_from(["en", "fr"]))
    own_tests = [code for code in SCORE_TESTS if TESTS[code].language == language]
    named = draw(st.lists(st.sampled_from(own_tests), max_size=2, unique=True))
    min_scores = {code: draw(exam_scores(code)) for code in named}
    min_level = draw(st.sampled_from(LEVELS) if not min_scores else maybe(st.sampled_from(LEVELS)))
    leaf = {
        "type": "language",
        "language": language,
        "min_level": None if min_level is None else str(min_level),
        "min_scores": min_scores or None,
        "external_exam_required": draw(maybe(st.booleans())),
        "exempt_if_native": draw(maybe(st.booleans())),
        "exempt_if_instruction": draw(maybe(st.booleans())),
        "allow_pending": draw(maybe(st.booleans())),
    }
    if draw(st.booleans()):
        leaf["max_age_years"] = draw(maybe(st.integers(1, 3)))
    return without_none(leaf) | ({"max_age_years": None} if "max_age_years" in leaf else {})


certification_leaves = st.builds(
    lambda code, pending: {
        "type": "certification",
        "certification": code,
        "may_be_pending": pending,
    },
    st.sampled_from(CERTIFICATIONS),
    st.booleans(),
)

review_leaves = st.just(
    {"type": "review", "description_en": "A person judges.", "description_fr": "On juge."}
)

leaves = (
    degree_leaves | experience_leaves | language_leaves() | certification_leaves | review_leaves
)

shapes = st.recursive(
    leaves,
    lambda children: st.builds(
        lambda kind, items, coded: {kind: items, "coded": coded},
        st.sampled_from(["all_of", "any_of"]),
        st.lists(children, min_size=1, max_size=4),
        st.booleans(),
    ),
    max_leaves=10,
)


def with_codes(shape):
    """Give every leaf (and some groups) a unique code, in tree order."""
    counter = iter(range(10_000))

    def walk(node):
        node = dict(node)
        kind = "all_of" if "all_of" in node else "any_of" if "any_of" in node else None
        if kind is None:
            return {"code": f"c{next(counter)}", **node}
        coded = node.pop("coded")
        result = {"code": f"g{next(counter)}"} if coded else {}
        result[kind] = [walk(child) for child in node[kind]]
        return result

    return walk(shape)


rule_trees = shapes.map(with_codes)

# ---------------------------------------------------------------------------------------------
# Random profiles


degrees = st.builds(
    lambda level, field, ects, years, country, cti, completed: without_none(
        {
            "level": level,
            "field": field,
            "ects": ects,
            "years": years,
            "country": country,
            "cti_accredited": cti,
            "completed": completed,
        }
    ),
    maybe(st.sampled_from(DEGREE_LEVELS)),
    maybe(st.sampled_from(SOME_FIELDS)),
    maybe(st.sampled_from([0, 120, 179, 180, 181, 239, 240, 300])),
    maybe(st.sampled_from([2, 3, 4, 5])),
    maybe(st.sampled_from(["FR", "MA", "US"])),
    maybe(st.booleans()),
    maybe(st.booleans()),
)

exam_dates = st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 6, 30)).map(date.isoformat)


@st.composite
def language_tests(draw):
    code = draw(st.sampled_from(list(TESTS)))
    spec = TESTS[code]
    entry = {"test": code}
    if spec.kind is not ExamKind.ATTESTATION and draw(st.booleans()):
        entry["score"] = draw(exam_scores(code))
    if spec.kind is not ExamKind.SCORE and draw(st.booleans()):
        entry["level"] = str(draw(st.sampled_from(spec.levels)))
    if draw(st.booleans()):
        entry["date"] = draw(exam_dates)
    return entry


certifications = st.builds(
    lambda code, status: {"code": code, "status": status},
    st.sampled_from(CERTIFICATIONS),
    st.sampled_from(["passed", "pending", "failed"]),
)

languages = st.lists(st.sampled_from(["en", "fr", "de"]), max_size=2, unique=True)

profile_dicts = st.builds(
    lambda native, instruction, degree_list, months, tests, certs: without_none(
        {
            "native_languages": native,
            "instruction_languages": instruction,
            "degrees": degree_list,
            "experience_months": months,
            "language_tests": tests,
            "certifications": certs,
        }
    ),
    maybe(languages),
    maybe(languages),
    maybe(st.lists(degrees, max_size=3)),
    maybe(st.integers(0, 80)),
    maybe(st.lists(language_tests(), max_size=3)),
    maybe(st.lists(certifications, max_size=2)),
)

profiles = profile_dicts.map(Profile.from_dict)

# ---------------------------------------------------------------------------------------------
# Helpers

STRENGTH = {
    Status.UNMET: 0,
    Status.UNKNOWN: 1,
    Status.PENDING: 2,
    Status.REVIEW: 3,
    Status.MET: 4,
}


def statuses(result):
    return [criterion.status for criterion in result.criteria]


def language_leaves_of(tree):
    if "type" in tree:
        return [tree] if tree["type"] == "language" else []
    kind = "all_of" if "all_of" in tree else "any_of"
    return [leaf for child in tree[kind] for leaf in language_leaves_of(child)]


def passing_test(leaf):
    """A fresh result that meets `leaf`: its first named score at the top of the scale, or the
    top score of a test of its language that maps to C2."""
    scores = leaf.get("min_scores") or {}
    code = next(iter(scores)) if scores else C2_TESTS[leaf["language"]]
    spec = TESTS[code]
    return {"test": code, "score": spec.max_score, "date": TODAY.isoformat()}


def add_tests(profile, entries):
    data_tests = tuple(Profile.from_dict({"language_tests": entries}).language_tests)
    return replace(profile, language_tests=(profile.language_tests or ()) + data_tests)


# ---------------------------------------------------------------------------------------------
# Properties


@PROPERTY_SETTINGS
@given(rule_trees, profiles)
def test_every_random_tree_compiles_and_evaluates_with_readable_messages(tree, profile):
    rule = compile_rules(tree)
    result = evaluate(rule, profile, today=TODAY)
    assert tuple(criterion.code for criterion in result.criteria) == rule.codes
    for criterion in result.criteria:
        for message in (criterion.message_en, criterion.message_fr):
            assert message
            assert "{" not in message
            assert not re.search(r"None(?! of these)", message)  # no Python None leaking


@PROPERTY_SETTINGS
@given(rule_trees, profiles)
def test_adding_a_passing_test_score_never_makes_anything_worse(tree, profile):
    rule = compile_rules(tree)
    before = evaluate(rule, profile, today=TODAY)
    passing = [passing_test(leaf) for leaf in language_leaves_of(tree)]
    after = evaluate(rule, add_tests(profile, passing), today=TODAY)
    assert after.outcome.rank >= before.outcome.rank
    for old, new in zip(statuses(before), statuses(after), strict=True):
        assert STRENGTH[new] >= STRENGTH[old]
    for leaf in language_leaves_of(tree):
        assert after.get(leaf["code"]).status is Status.MET


@PROPERTY_SETTINGS
@given(rule_trees, profiles, language_tests())
def test_once_tests_are_declared_adding_any_test_never_makes_anything_worse(tree, profile, extra):
    profile = replace(profile, language_tests=profile.language_tests or ())
    rule = compile_rules(tree)
    before = evaluate(rule, profile, today=TODAY)
    after = evaluate(rule, add_tests(profile, [extra]), today=TODAY)
    assert after.outcome.rank >= before.outcome.rank
    for old, new in zip(statuses(before), statuses(after), strict=True):
        assert STRENGTH[new] >= STRENGTH[old]


def less_informed(profile):
    """Every profile obtained by removing one piece of information."""
    for name in ("degrees", "language_tests", "certifications"):
        items = getattr(profile, name)
        if items is None:
            continue
        for index in range(len(items)):
            yield (
                f"drop {name}[{index}]",
                replace(profile, **{name: items[:index] + items[index + 1 :]}),
            )
        yield f"forget {name}", replace(profile, **{name: None})
    for name in ("experience_months", "native_languages", "instruction_languages"):
        if getattr(profile, name) is not None:
            yield f"clear {name}", replace(profile, **{name: None})


@PROPERTY_SETTINGS
@given(rule_trees, profiles)
def test_removing_information_never_turns_an_unmet_criterion_into_met(tree, profile):
    rule = compile_rules(tree)
    before = evaluate(rule, profile, today=TODAY)
    for change, smaller in less_informed(profile):
        after = evaluate(rule, smaller, today=TODAY)
        for criterion, new in zip(before.criteria, statuses(after), strict=True):
            if criterion.status is Status.UNMET:
                assert new is not Status.MET, (change, criterion.code)


@PROPERTY_SETTINGS
@given(rule_trees, profiles)
def test_the_outcome_is_the_roots_status(tree, profile):
    result = evaluate(compile_rules(tree), profile, today=TODAY)
    expected = {
        Status.MET: Outcome.ELIGIBLE,
        Status.REVIEW: Outcome.NEEDS_REVIEW,
        Status.PENDING: Outcome.INCOMPLETE,
        Status.UNKNOWN: Outcome.INCOMPLETE,
        Status.UNMET: Outcome.NOT_ELIGIBLE,
    }
    assert result.outcome is expected[result.status]


@PROPERTY_SETTINGS
@given(rule_trees, profiles, st.integers(0, 3 * 365))
def test_time_passing_never_makes_a_result_better(tree, profile, days):
    # Results expire; nothing else depends on the date. (Awaited tests becoming "past" is the
    # one exception this property must allow, so tests dated in the future are left out.)
    tests = tuple(
        test for test in profile.language_tests or () if not test.taken_on or test.taken_on <= TODAY
    )
    profile = replace(profile, language_tests=tests if profile.language_tests is not None else None)
    rule = compile_rules(tree)
    now = evaluate(rule, profile, today=TODAY)
    later = evaluate(rule, profile, today=TODAY + timedelta(days=days))
    assert later.outcome.rank <= now.outcome.rank


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 1000) | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "nationalities",
                "native_languages",
                "degrees",
                "experience_months",
                "language_tests",
                "certifications",
                "residence_country",
            ]
        ),
        json_values
        | st.lists(
            st.dictionaries(
                st.sampled_from(["level", "test", "score", "date", "code", "status", "ects"]),
                json_values,
            )
        ),
    )
)
def test_any_malformed_profile_is_refused_with_a_profile_error_and_nothing_else(data):
    try:
        Profile.from_dict(data)
    except ProfileError as error:
        assert error.errors


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["all_of", "any_of", "code", "type", "levels", "language", "min_level"]),
        json_values,
    )
    | st.builds(
        lambda leaf, key, value: {**leaf, key: value, "code": "x"},
        leaves,
        st.sampled_from(
            [
                "levels",
                "fields",
                "min_scores",
                "min_level",
                "language",
                "kind",
                "country",
                "max_age_years",
                "certification",
                "min_months",
                "exempt_if_native",
            ]
        ),
        json_values,
    )
)
def test_any_malformed_rules_tree_is_refused_with_a_rules_error_and_nothing_else(tree):
    try:
        compile_rules(tree)
    except RulesError as error:
        assert error.message


def test_the_field_tables_cover_the_generated_fields():
    assert set(SOME_FIELDS) <= set(FIELDS)
