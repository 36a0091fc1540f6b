"""The rules engine: validation of rules and profiles, combination, messages, results."""

import json
from datetime import date
from itertools import product

import pytest

from admissions.rules.eligibility import (
    Outcome,
    Profile,
    ProfileError,
    RulesError,
    Status,
    compile_rules,
    evaluate,
    rules_version,
)

TODAY = date(2026, 3, 1)


def experience(code="experience", months=12):
    return {"code": code, "type": "experience", "min_months": months}


def english(code="english", **options):
    return {"code": code, "type": "language", "language": "en", **options}


def certification(code, certification_code=None, **options):
    return {
        "code": code,
        "type": "certification",
        "certification": certification_code or code,
        **options,
    }


def review(code="review"):
    return {
        "code": code,
        "type": "review",
        "description_en": "A person judges this.",
        "description_fr": "Une personne en juge.",
    }


def run(tree, **profile):
    return evaluate(compile_rules(tree), Profile.from_dict(profile), today=TODAY)


# ---------------------------------------------------------------------------------------------
# Rules validation


@pytest.mark.parametrize(
    ("tree", "path", "words"),
    [
        ([experience()], "", "must be an object"),
        ({"all_of": []}, "all_of", "non-empty list"),
        ({"any_of": "degree"}, "any_of", "non-empty list"),
        ({"all_of": [experience()], "any_of": [experience("b")]}, "", "not both"),
        ({"all_of": [experience()], "type": "x"}, "type", "Unknown key 'type' for a group"),
        ({"any_of": [{"code": "x", "type": "diploma"}]}, "any_of[0].type", "Unknown criterion"),
        ({"any_of": [{"code": "x", "type": ["degree"]}]}, "any_of[0].type", "Unknown criterion"),
        ({"all_of": [{"type": "experience", "min_months": 1}]}, "all_of[0].code", "needs a code"),
        (
            {"all_of": [experience(), {"any_of": [english(min_level="B3")]}]},
            "all_of[1].any_of[0].min_level",
            "'B3' is not a CEFR level",
        ),
        (
            {"all_of": [experience("same"), experience("same")]},
            "all_of[1].code",
            "Duplicate code 'same'",
        ),
        ({"all_of": [experience("Bad Code")]}, "all_of[0].code", "not a valid code"),
        (
            {"all_of": [{"code": "d", "type": "degree", "levels": ["master"], "min_ect": 3}]},
            "all_of[0].min_ect",
            "Unknown key 'min_ect' for a degree criterion",
        ),
        (
            {"all_of": [{"code": "d", "type": "degree", "levels": ["licence"]}]},
            "all_of[0].levels[0]",
            "Unknown level 'licence'",
        ),
        (
            {"all_of": [{"code": "d", "type": "degree", "levels": []}]},
            "all_of[0].levels",
            "at least one",
        ),
        (
            {"all_of": [{"code": "d", "type": "degree", "levels": ["master"], "fields": ["cs"]}]},
            "all_of[0].fields[0]",
            "Unknown field 'cs'",
        ),
        (
            {"all_of": [{"code": "d", "type": "degree", "levels": ["master"], "min_ects": -1}]},
            "all_of[0].min_ects",
            "cannot be negative",
        ),
        (
            {"all_of": [{"code": "d", "type": "degree", "levels": ["master"], "country": "DE"}]},
            "all_of[0].country",
            "FR, foreign or absent",
        ),
        ({"all_of": [experience(months=-3)]}, "all_of[0].min_months", "cannot be negative"),
        ({"all_of": [experience(months="36")]}, "all_of[0].min_months", "Expected a number"),
        ({"all_of": [english()]}, "all_of[0]", "needs min_level, min_scores or both"),
        (
            {"all_of": [english(min_scores={"DUOLINGO": 100})]},
            "all_of[0].min_scores.DUOLINGO",
            "Unknown language test",
        ),
        (
            {"all_of": [english(min_scores={"TCF": 400})]},
            "all_of[0].min_scores.TCF",
            "does not test the language 'en'",
        ),
        (
            {"all_of": [english(min_scores={"TOEIC_LR": 1000})]},
            "all_of[0].min_scores.TOEIC_LR",
            "outside the scale",
        ),
        (
            {"all_of": [{**english(min_level="B2"), "language": "fr", "min_scores": {"DELF": 50}}]},
            "all_of[0].min_scores.DELF",
            "certifies a level",
        ),
        (
            {"all_of": [english(min_level="B2", exempt_if_native="yes")]},
            "all_of[0].exempt_if_native",
            "Expected true or false",
        ),
        (
            {"all_of": [english(min_level="B2", max_age_years=0)]},
            "all_of[0].max_age_years",
            "whole number of years",
        ),
        (
            {"all_of": [{**english(min_level="B2"), "language": "de"}]},
            "all_of[0].language",
            "Unknown language 'de'",
        ),
        (
            {"all_of": [certification("mooc", kind="badge")]},
            "all_of[0].kind",
            "Unknown kind 'badge'",
        ),
        (
            {"all_of": [{**review(), "description_fr": ""}]},
            "all_of[0].description_fr",
            "non-empty text",
        ),
        ({"all_of": [{**experience(), "label_en": 3}]}, "all_of[0].label_en", "non-empty text"),
    ],
)
def test_an_invalid_rules_tree_is_refused_with_the_path_of_the_problem(tree, path, words):
    with pytest.raises(RulesError) as caught:
        compile_rules(tree)
    assert caught.value.path == path
    assert words in caught.value.message


def test_a_rules_error_is_a_value_error_that_names_its_path():
    with pytest.raises(ValueError, match=r"^all_of\[0\]\.min_months: "):
        compile_rules({"all_of": [experience(months=-1)]})


def test_the_rules_version_ignores_key_order_and_changes_with_a_threshold():
    tree = {"all_of": [experience(months=36), english(min_level="B2")]}
    reordered = {"all_of": [dict(reversed(experience(months=36).items())), english(min_level="B2")]}
    changed = {"all_of": [experience(months=24), english(min_level="B2")]}
    assert rules_version(tree) == rules_version(reordered)
    assert rules_version(tree) != rules_version(changed)
    assert len(rules_version(tree)) == 64
    assert compile_rules(tree).version == rules_version(tree)


# ---------------------------------------------------------------------------------------------
# Profile validation


def test_an_empty_profile_is_all_unknown():
    profile = Profile.from_dict({})
    assert profile == Profile()
    assert profile.degrees is None
    assert profile.language_tests is None


def test_an_invalid_profile_lists_every_problem_with_its_field_path():
    with pytest.raises(ProfileError) as caught:
        Profile.from_dict(
            {
                "nationalities": ["France"],
                "native_languages": ["english"],
                "degrees": [
                    {"level": "master", "ects": -30, "years": -1},
                    {"level": "licence", "cti_accredited": "yes"},
                ],
                "experience_months": -2,
                "language_tests": [
                    {"test": "DUOLINGO", "score": 120},
                    {"test": "TOEIC_LR", "score": 1200, "date": "2026-01-01"},
                    {"test": "IELTS", "score": 6.5, "level": "B3"},
                    {"test": "TCF", "score": 400, "date": "01/02/2026"},
                    {"test": "DALF", "level": "B2"},
                ],
                "certifications": [{"code": "mooc", "status": "done"}],
                "hobbies": ["chess"],
            }
        )
    paths = [path for path, _ in caught.value.errors]
    assert paths == [
        "hobbies",
        "nationalities[0]",
        "native_languages[0]",
        "degrees[0].ects",
        "degrees[0].years",
        "degrees[1].level",
        "degrees[1].cti_accredited",
        "experience_months",
        "language_tests[0].test",
        "language_tests[1].score",
        "language_tests[2].level",
        "language_tests[3].date",
        "language_tests[4].level",
        "certifications[0].status",
    ]
    messages = dict(caught.value.errors)
    assert messages["degrees[0].ects"] == "Cannot be negative (-30)."
    assert messages["degrees[1].level"].startswith("Unknown degree level 'licence'; use one of")
    assert messages["language_tests[2].level"].startswith("'B3' is not a CEFR level")
    assert messages["language_tests[4].level"] == ("A DALF certifies level C1 or C2, not B2.")
    assert messages["certifications[0].status"] == (
        "Unknown status 'done'; use one of passed, pending, failed."
    )
    assert "degrees[0].ects: Cannot be negative" in str(caught.value)


def test_profile_codes_are_normalised():
    profile = Profile.from_dict(
        {"nationalities": ["fr"], "native_languages": ["EN"], "degrees": [{"country": "ma"}]}
    )
    assert profile.nationalities == ("FR",)
    assert profile.native_languages == ("en",)
    assert profile.degrees[0].country == "MA"


# ---------------------------------------------------------------------------------------------
# Combination: the five statuses, produced by certifications and a review leaf

STATUS_LEAVES = {
    Status.MET: (certification("passed-one"), {"code": "passed-one", "status": "passed"}),
    Status.UNMET: (certification("failed-one"), {"code": "failed-one", "status": "failed"}),
    Status.UNKNOWN: (certification("absent-one"), None),
    Status.PENDING: (
        certification("pending-one", may_be_pending=True),
        {"code": "pending-one", "status": "pending"},
    ),
    Status.REVIEW: (review("judged-one"), None),
}


def combine_as_the_brief_says(kind, statuses):
    """The brief's rules, written literally, to check the engine's min/max against."""
    if kind == "all_of":
        if Status.UNMET in statuses:
            return Status.UNMET
        if Status.UNKNOWN in statuses:
            return Status.UNKNOWN
        if Status.PENDING in statuses:
            return Status.PENDING
        if Status.REVIEW in statuses:
            return Status.REVIEW
        return Status.MET
    if Status.MET in statuses:
        return Status.MET
    if Status.REVIEW in statuses:
        return Status.REVIEW
    if Status.PENDING in statuses:
        return Status.PENDING
    if Status.UNKNOWN in statuses:
        return Status.UNKNOWN
    return Status.UNMET


@pytest.mark.parametrize("kind", ["all_of", "any_of"])
@pytest.mark.parametrize(("first", "second"), list(product(Status, repeat=2)))
def test_groups_combine_statuses_as_specified(kind, first, second):
    if first == second:
        leaves = [STATUS_LEAVES[first][0]]
    else:
        leaves = [STATUS_LEAVES[first][0], STATUS_LEAVES[second][0]]
    certifications = [STATUS_LEAVES[s][1] for s in (first, second) if STATUS_LEAVES[s][1]]
    result = run({"code": "group", kind: leaves}, certifications=certifications)
    expected = combine_as_the_brief_says(kind, {first, second})
    assert result.get("group").status is expected
    assert result.status is expected


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (Status.MET, Outcome.ELIGIBLE),
        (Status.UNMET, Outcome.NOT_ELIGIBLE),
        (Status.UNKNOWN, Outcome.INCOMPLETE),
        (Status.PENDING, Outcome.INCOMPLETE),
        (Status.REVIEW, Outcome.NEEDS_REVIEW),
    ],
)
def test_the_outcome_follows_the_root(status, outcome):
    leaf, declared = STATUS_LEAVES[status]
    result = run({"all_of": [leaf]}, certifications=[declared] if declared else [])
    assert result.outcome is outcome


def test_outcomes_are_ranked_from_the_applicants_point_of_view():
    ranked = sorted(Outcome, key=lambda outcome: outcome.rank)
    assert ranked == [
        Outcome.NOT_ELIGIBLE,
        Outcome.INCOMPLETE,
        Outcome.NEEDS_REVIEW,
        Outcome.ELIGIBLE,
    ]


def test_criteria_are_listed_in_tree_order_with_coded_groups_before_their_children():
    tree = {
        "code": "root",
        "all_of": [
            experience("a"),
            {"any_of": [experience("b"), {"code": "inner", "all_of": [experience("c")]}]},
        ],
    }
    result = run(tree, experience_months=0)
    assert [(c.code, c.depth) for c in result.criteria] == [
        ("root", 0),
        ("a", 1),
        ("b", 2),
        ("inner", 2),
        ("c", 3),
    ]
    assert compile_rules(tree).codes == ("root", "a", "b", "inner", "c")


# ---------------------------------------------------------------------------------------------
# Degrees


def degree_rule(**options):
    return {"all_of": [{"code": "degree", "type": "degree", **options}]}


def degree_status(rule_options, **degree):
    result = run(degree_rule(**rule_options), degrees=[degree])
    return result.get("degree")


def test_a_degree_with_missing_details_is_unknown_and_says_what_is_missing():
    criterion = degree_status(
        {"levels": ["master"], "fields": ["computer_science"], "min_ects": 300},
        level="master",
    )
    assert criterion.status is Status.UNKNOWN
    assert criterion.message_en == (
        "Some information about your Master's degree is missing: its field, its ECTS credits "
        "or length in years and whether it is completed."
    )
    assert criterion.message_fr == (
        "Il manque des informations sur votre master : sa discipline, ses crédits ECTS ou sa "
        "durée en années et s'il est obtenu ou en cours."
    )


def test_no_declared_degree_is_unmet_and_no_degree_list_is_unknown():
    rule = degree_rule(levels=["bachelor"])
    assert run(rule, degrees=[]).get("degree").status is Status.UNMET
    assert (
        run(rule, degrees=[]).get("degree").message_en.endswith("you have not declared any degree.")
    )
    assert run(rule).get("degree").status is Status.UNKNOWN


def test_ects_and_years_are_two_units_for_one_length():
    rule = {"levels": ["master"], "min_ects": 300, "min_years": 5}
    master = {"level": "master", "completed": True}
    assert degree_status(rule, **master, years=5).status is Status.MET
    assert degree_status(rule, **master, ects=300).status is Status.MET
    assert degree_status(rule, **master, ects=240, years=4).status is Status.UNMET
    assert degree_status(rule, **master).status is Status.UNKNOWN


def test_cti_accreditation_applies_to_french_engineering_degrees_only():
    rule = {"levels": ["engineering", "master"], "cti_accredited": True}
    french = {"country": "FR", "completed": True}
    assert degree_status(rule, level="engineering", cti_accredited=True, **french).status is (
        Status.MET
    )
    assert degree_status(rule, level="engineering", cti_accredited=False, **french).status is (
        Status.UNMET
    )
    assert degree_status(rule, level="engineering", **french).status is Status.UNKNOWN
    assert degree_status(rule, level="master", cti_accredited=False, **french).status is (
        Status.MET
    )
    foreign = {"country": "BE", "completed": True}
    assert degree_status(rule, level="engineering", **foreign).status is Status.MET


def test_a_degree_abroad_needs_review_only_if_the_rule_says_so():
    abroad = {"level": "master", "country": "SN", "completed": True}
    assert degree_status({"levels": ["master"]}, **abroad).status is Status.MET
    with_review = {"levels": ["master"], "foreign_needs_review": True}
    assert degree_status(with_review, **abroad).status is Status.REVIEW
    unknown_country = {"level": "master", "completed": True}
    assert degree_status(with_review, **unknown_country).status is Status.UNKNOWN


def test_a_country_restriction_explains_where_the_degree_comes_from():
    criterion = degree_status(
        {"levels": ["master"], "country": "FR"}, level="master", country="DE", completed=True
    )
    assert criterion.status is Status.UNMET
    assert criterion.message_en.endswith("; you obtained your Master's degree abroad.")
    assert criterion.message_fr.endswith("; vous avez obtenu votre master à l'étranger.")


def test_an_in_progress_degree_counts_when_completion_is_not_required():
    rule = {"levels": ["engineering"], "completed_required": False}
    assert degree_status(rule, level="engineering", completed=False).status is Status.MET
    assert degree_status(rule, level="engineering").status is Status.MET


def test_the_best_of_several_degrees_decides():
    rule = degree_rule(levels=["master"], fields=["computer_science"])
    result = run(
        rule,
        degrees=[
            {"level": "bachelor", "field": "computer_science", "completed": True},
            {"level": "master", "field": "computer_science", "completed": True},
            {"level": "master", "field": "physics", "completed": True},
        ],
    )
    assert result.get("degree").status is Status.MET
    assert result.get("degree").message_en == (
        "Your Master's degree in computer science meets this requirement."
    )


# ---------------------------------------------------------------------------------------------
# Languages


def language_result(rule_options, tests, **profile):
    result = run({"all_of": [english(**rule_options)]}, language_tests=tests, **profile)
    return result.get("english")


def test_a_named_test_is_judged_by_its_score_and_others_by_their_level():
    rule = {"min_scores": {"TOEIC_LR": 700}, "min_level": "B2"}
    assert language_result(
        rule, [{"test": "TOEIC_LR", "score": 700, "date": "2025-01-01"}]
    ).status is (Status.MET)
    assert language_result(
        rule, [{"test": "IELTS", "score": 5.5, "date": "2025-01-01"}]
    ).status is (Status.MET)
    assert language_result(rule, [{"test": "IELTS", "score": 5, "date": "2025-01-01"}]).status is (
        Status.UNMET
    )


def test_a_programme_naming_only_scores_accepts_only_those_tests():
    rule = {"min_scores": {"TOEIC_LR": 700, "TOEFL_PBT": 550}}
    criterion = language_result(rule, [{"test": "IELTS", "score": 8.5, "date": "2025-01-01"}])
    assert criterion.status is Status.UNMET
    assert criterion.message_en == (
        "For English, this programme accepts TOEIC or TOEFL (paper) only; your IELTS cannot be "
        "used."
    )


def test_the_best_test_decides_and_an_old_one_does_not_spoil_a_new_one():
    tests = [
        {"test": "TOEIC_LR", "score": 900, "date": "2020-01-01"},
        {"test": "TOEIC_LR", "score": 800, "date": "2025-01-01"},
    ]
    assert language_result({"min_level": "B2"}, tests).status is Status.MET


def test_validity_is_judged_on_the_day_given():
    tests = [{"test": "IELTS", "score": 7, "date": "2024-03-01"}]
    assert language_result({"min_level": "B2"}, tests).status is Status.MET  # anniversary
    tests = [{"test": "IELTS", "score": 7, "date": "2024-02-29"}]
    assert language_result({"min_level": "B2"}, tests).status is Status.UNMET
    assert language_result({"min_level": "B2", "max_age_years": 3}, tests).status is Status.MET
    assert language_result({"min_level": "B2", "max_age_years": None}, tests).status is Status.MET


def test_a_diploma_valid_for_life_never_expires():
    rule = {"min_level": "B2"}
    old_cambridge = [{"test": "CAMBRIDGE", "score": 185, "date": "2005-06-01"}]
    assert language_result(rule, old_cambridge).status is Status.MET
    result = run(
        {"all_of": [{**english(min_level="B2"), "language": "fr"}]},
        language_tests=[{"test": "DELF", "score": 61, "level": "B2", "date": "1999-06-01"}],
    )
    assert result.get("english").status is Status.MET
    assert result.get("english").message_en == (
        "Your DELF (B2) meets the level B2 this programme requires in French."
    )


def test_a_diploma_without_its_level_is_unknown():
    result = run(
        {"all_of": [{**english(min_level="B2"), "language": "fr"}]},
        language_tests=[{"test": "DELF", "score": 61}],
    )
    assert result.get("english").status is Status.UNKNOWN
    assert result.get("english").message_en == (
        "Give the level of your DELF: this programme requires level B2 in French."
    )


def test_an_awaited_result_is_pending_only_where_the_programme_allows_it():
    booked = [{"test": "TOEIC_LR", "date": "2026-04-15"}]
    allowed = language_result({"min_level": "B2", "allow_pending": True}, booked)
    assert allowed.status is Status.PENDING
    assert allowed.message_en == (
        "Your TOEIC result is awaited: you may send it after submitting (required: level B2)."
    )
    refused = language_result({"min_level": "B2"}, booked)
    assert refused.status is Status.UNMET
    future_dated = [{"test": "TOEIC_LR", "score": 900, "date": "2026-04-15"}]
    assert language_result({"min_level": "B2"}, future_dated).status is Status.UNMET


def test_a_score_test_declared_without_its_score_is_unknown():
    criterion = language_result(
        {"min_level": "B2"}, [{"test": "TOEFL_IBT", "level": "C1", "date": "2025-05-05"}]
    )
    assert criterion.status is Status.UNKNOWN
    assert criterion.message_en == (
        "Give your TOEFL iBT score: this programme requires level B2 in English."
    )


def test_a_score_below_every_published_level_is_explained():
    criterion = language_result(
        {"min_level": "B2"}, [{"test": "TOEFL_IBT", "score": 30, "date": "2025-05-05"}]
    )
    assert criterion.message_en == (
        "Your TOEFL iBT score of 30 does not reach level B2, which this programme requires in "
        "English."
    )


def test_unknown_native_language_keeps_the_language_criterion_open():
    rule = {"min_level": "B2", "exempt_if_native": True, "exempt_if_instruction": True}
    result = run({"all_of": [english(**rule)]}, language_tests=[])
    assert result.get("english").status is Status.UNKNOWN
    assert result.get("english").message_en == (
        "Add your English test results (required: level B2), or tell us whether English is your "
        "native language and whether your studies were taught in English."
    )
    assert result.get("english").message_fr == (
        "Ajoutez vos résultats de test d'anglais (exigence : le niveau B2), ou indiquez si "
        "l'anglais est votre langue maternelle et si vos études ont été suivies en anglais."
    )


def test_a_language_rule_ignores_tests_of_another_language():
    criterion = language_result(
        {"min_level": "A1"}, [{"test": "TCF", "score": 650, "date": "2025-05-05"}]
    )
    assert criterion.status is Status.UNMET
    assert criterion.message_en == (
        "For English, this programme requires level A1; you have not declared any English test."
    )


# ---------------------------------------------------------------------------------------------
# Certifications and review


def test_the_best_declaration_of_a_certification_counts():
    result = run(
        {"all_of": [certification("mooc", may_be_pending=True)]},
        certifications=[
            {"code": "mooc", "status": "failed"},
            {"code": "mooc", "status": "passed"},
        ],
    )
    assert result.get("mooc").status is Status.MET


def test_a_pending_certification_is_unmet_where_it_may_not_be_pending():
    result = run(
        {"all_of": [certification("mooc", kind="course", name="Java")]},
        certifications=[{"code": "mooc", "status": "pending"}],
    )
    assert result.get("mooc").status is Status.UNMET
    assert result.get("mooc").message_en == (
        "The course 'Java' is pending, but this programme needs its result before you submit."
    )


def test_a_review_leaf_says_what_a_person_judges():
    result = run({"all_of": [review()]})
    assert result.outcome is Outcome.NEEDS_REVIEW
    assert result.get("review").message_en == "A person judges this."
    assert result.get("review").message_fr == "Une personne en juge."


# ---------------------------------------------------------------------------------------------
# Messages for every status of every criterion type


EVERY_STATUS_CASES = [
    # (rule, profile, code, status)
    (
        degree_rule(levels=["master"]),
        {"degrees": [{"level": "master", "completed": True}]},
        "degree",
        Status.MET,
    ),
    (
        degree_rule(levels=["master"]),
        {"degrees": [{"level": "bachelor", "completed": True}]},
        "degree",
        Status.UNMET,
    ),
    (degree_rule(levels=["master"]), {}, "degree", Status.UNKNOWN),
    (
        degree_rule(levels=["master"]),
        {"degrees": [{"level": "master", "completed": False}]},
        "degree",
        Status.PENDING,
    ),
    (
        degree_rule(levels=["master"], foreign_needs_review=True),
        {"degrees": [{"level": "master", "country": "JP", "completed": True}]},
        "degree",
        Status.REVIEW,
    ),
    (
        degree_rule(levels=["master"], needs_review=True),
        {"degrees": [{"level": "master", "field": "economics", "completed": True}]},
        "degree",
        Status.REVIEW,
    ),
    ({"all_of": [experience()]}, {"experience_months": 12}, "experience", Status.MET),
    ({"all_of": [experience()]}, {"experience_months": 1}, "experience", Status.UNMET),
    ({"all_of": [experience()]}, {}, "experience", Status.UNKNOWN),
    (
        {"all_of": [english(min_level="B2", exempt_if_native=True)]},
        {"native_languages": ["en"]},
        "english",
        Status.MET,
    ),
    ({"all_of": [english(min_level="B2")]}, {"language_tests": []}, "english", Status.UNMET),
    ({"all_of": [english(min_level="B2")]}, {}, "english", Status.UNKNOWN),
    (
        {"all_of": [english(min_level="B2", allow_pending=True)]},
        {"language_tests": [{"test": "IELTS"}]},
        "english",
        Status.PENDING,
    ),
    (
        {"all_of": [certification("c")]},
        {"certifications": [{"code": "c", "status": "passed"}]},
        "c",
        Status.MET,
    ),
    (
        {"all_of": [certification("c")]},
        {"certifications": [{"code": "c", "status": "failed"}]},
        "c",
        Status.UNMET,
    ),
    ({"all_of": [certification("c")]}, {}, "c", Status.UNKNOWN),
    (
        {"all_of": [certification("c", may_be_pending=True)]},
        {"certifications": [{"code": "c", "status": "pending"}]},
        "c",
        Status.PENDING,
    ),
    ({"all_of": [review("r")]}, {}, "r", Status.REVIEW),
]


@pytest.mark.parametrize(("tree", "profile", "code", "status"), EVERY_STATUS_CASES)
def test_every_status_of_every_criterion_reads_as_a_sentence_in_both_languages(
    tree, profile, code, status
):
    criterion = run(tree, **profile).get(code)
    assert criterion.status is status
    for message in (criterion.message_en, criterion.message_fr):
        assert message[0].isupper()
        assert message.endswith(".")
        assert "{" not in message
        assert "}" not in message
        assert "None" not in message
    assert criterion.message_en != criterion.message_fr


def test_a_labelled_group_reads_with_its_label():
    result = run(
        {"code": "degree", "label_en": "Degree", "label_fr": "Diplôme", "any_of": [experience()]},
        experience_months=0,
    )
    assert result.get("degree").message_en == "Degree: none of these options is met."
    assert result.get("degree").message_fr == "Diplôme : aucune de ces options n'est remplie."
    assert result.get("degree").label("fr") == "Diplôme"


def test_message_language_must_be_english_or_french():
    criterion = run({"all_of": [experience()]}).get("experience")
    with pytest.raises(ValueError, match="not 'de'"):
        criterion.message("de")


# ---------------------------------------------------------------------------------------------
# Results for pages, the API and snapshots


def test_a_result_serialises_for_the_api_in_one_language():
    result = run({"all_of": [experience(months=36)]}, experience_months=12)
    assert result.to_dict("fr") == {
        "outcome": "not_eligible",
        "status": "unmet",
        "message": (
            "Vous ne remplissez pas les conditions d'éligibilité ; les raisons sont indiquées "
            "ci-dessous."
        ),
        "rules_version": result.rules_version,
        "criteria": [
            {
                "code": "experience",
                "type": "experience",
                "status": "unmet",
                "message": (
                    "Au moins 36 mois d'expérience professionnelle sont exigés ; vous en avez 12."
                ),
                "label": None,
                "depth": 1,
            }
        ],
    }


def test_a_snapshot_is_plain_json_with_both_languages():
    tree = {"all_of": [english(min_level="B2")]}
    result = run(tree, language_tests=[{"test": "IELTS", "score": 6, "date": "2025-01-01"}])
    snapshot = json.loads(json.dumps(result.to_snapshot()))
    assert snapshot["rules_version"] == rules_version(tree)
    assert snapshot["evaluated_on"] == "2026-03-01"
    assert snapshot["criteria"][0]["params"]["score"] == 6
    assert snapshot["criteria"][0]["message_fr"].startswith("Votre score IELTS de 6,0")


def test_evaluation_does_not_change_the_compiled_rule():
    rule = compile_rules({"all_of": [english(min_level="B2"), experience()]})
    profile = Profile.from_dict({"experience_months": 3, "language_tests": []})
    first = evaluate(rule, profile, today=TODAY)
    second = evaluate(rule, profile, today=TODAY)
    assert first == second


@pytest.mark.parametrize(
    ("minimum", "months", "english", "french"),
    [
        (
            1,
            1,
            "You have 1 month of professional experience; at least 1 month is required.",
            "Vous avez 1 mois d'expérience professionnelle ; au moins 1 mois est exigé.",
        ),
        (
            36,
            40,
            "You have 40 months of professional experience; at least 36 months are required.",
            "Vous avez 40 mois d'expérience professionnelle ; au moins 36 mois sont exigés.",
        ),
    ],
)
def test_experience_sentences_agree_in_number(minimum, months, english, french):
    criterion = run({"all_of": [experience(months=minimum)]}, experience_months=months).get(
        "experience"
    )
    assert criterion.message_en == english
    assert criterion.message_fr == french


def test_a_one_year_validity_reads_in_the_singular():
    tests = [{"test": "IELTS", "score": 7, "date": "2024-01-01"}]
    criterion = language_result({"min_level": "B2", "max_age_years": 1}, tests)
    assert criterion.message_en == (
        "Your IELTS test of 2024-01-01 is more than 1 year old; take a new test."
    )
    assert criterion.message_fr == (
        "Votre test IELTS du 01/01/2024 date de plus de 1 an ; passez un nouveau test."
    )


def test_a_diploma_score_reads_out_of_100():
    result = run(
        {"all_of": [{**english(min_level="B2"), "language": "fr"}]},
        language_tests=[{"test": "DELF", "score": 40, "level": "B2"}],
    )
    assert result.get("english").message_fr == (
        "Votre score DELF de 40/100 n'atteint pas le niveau B2 exigé en français."
    )
