"""The condition language of document requirements: parsing, three-valued evaluation, and
the sentences that tell an applicant why a document is asked for."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from admissions.core.errors import ConfigurationError
from admissions.rules.conditions import (
    KNOWN_FACTS,
    Condition,
    ConditionError,
    FactDefinition,
    compile_condition,
)

# The conditions the seed programmes need (MSc CPS2 application file, Post-Master framework).
ENGLISH_CERTIFICATE = "not (english_native or english_instruction)"
FRENCH_TEST = "not french_speaker"
ETUDES_EN_FRANCE = "etudes_en_france"

BOOL_FACTS = sorted(name for name, fact in KNOWN_FACTS.items() if fact.type == "bool")
INT_FACTS = sorted(name for name, fact in KNOWN_FACTS.items() if fact.type == "int")
OPERATORS = ["==", "!=", "<", "<=", ">", ">="]


# --------------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------------


def test_the_registry_knows_the_facts_programmes_need() -> None:
    expected = {
        "english_native",
        "english_instruction",
        "french_native",
        "french_instruction",
        "french_speaker",
        "etudes_en_france",
        "eea_national",
        "has_foreign_degree",
        "has_french_degree",
        "experience_months",
        "is_international",
        "has_engineering_degree",
    }
    assert expected <= set(KNOWN_FACTS)
    assert KNOWN_FACTS["experience_months"].type == "int"


@pytest.mark.parametrize("name", BOOL_FACTS)
def test_every_yes_no_fact_has_a_phrase_for_each_answer_in_both_languages(name: str) -> None:
    fact = KNOWN_FACTS[name]
    phrases = [fact.phrase(positive, lang) for positive in (True, False) for lang in ("en", "fr")]
    assert all(phrases)
    assert len(set(phrases)) == 4


def test_derived_facts_are_defined_by_conditions_over_other_known_facts() -> None:
    derived = [fact for fact in KNOWN_FACTS.values() if fact.derived_from is not None]
    assert {fact.name for fact in derived} == {"french_speaker", "is_international"}
    for fact in derived:
        assert fact.name not in compile_condition(fact.derived_from or "").facts


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


def truth_table(condition: Condition, names: list[str]) -> list[bool | None]:
    return [
        condition.evaluate(dict(zip(names, values, strict=True)))
        for values in itertools.product([False, True], repeat=len(names))
    ]


def test_not_binds_tighter_than_and_which_binds_tighter_than_or() -> None:
    names = ["english_native", "eea_national", "has_foreign_degree"]
    loose = compile_condition("not english_native and eea_national or has_foreign_degree")
    grouped = compile_condition("((not english_native) and eea_national) or has_foreign_degree")
    assert truth_table(loose, names) == truth_table(grouped, names)


def test_parentheses_change_the_grouping() -> None:
    names = ["english_native", "eea_national", "has_foreign_degree"]
    default = compile_condition("english_native or eea_national and has_foreign_degree")
    regrouped = compile_condition("(english_native or eea_national) and has_foreign_degree")
    assert truth_table(default, names) != truth_table(regrouped, names)
    facts = {"english_native": True, "eea_national": False, "has_foreign_degree": False}
    assert default.evaluate(facts) is True
    assert regrouped.evaluate(facts) is False


def test_not_applies_to_the_parenthesised_group_only() -> None:
    condition = compile_condition(ENGLISH_CERTIFICATE)
    assert condition.evaluate({"english_native": False, "english_instruction": False}) is True
    assert condition.evaluate({"english_native": False, "english_instruction": True}) is False
    assert condition.evaluate({"english_native": True, "english_instruction": False}) is False


@pytest.mark.parametrize(
    ("op", "expected"),
    [("==", [False, True, False]), ("!=", [True, False, True]), ("<", [True, False, False]),
     ("<=", [True, True, False]), (">", [False, False, True]), (">=", [False, True, True])],
)  # fmt: skip
def test_a_number_fact_compares_with_every_operator(op: str, expected: list[bool]) -> None:
    condition = compile_condition(f"experience_months {op} 36")
    results = [condition.evaluate({"experience_months": months}) for months in (35, 36, 37)]
    assert results == expected


def test_keywords_are_case_insensitive_and_spacing_is_free() -> None:
    condition = compile_condition("  NOT(english_native   Or english_instruction)and TRUE ")
    assert condition == compile_condition(f"{ENGLISH_CERTIFICATE} and true")


def test_an_empty_condition_and_yaml_booleans_mean_always_or_never() -> None:
    assert compile_condition("").is_always
    assert compile_condition("   ").evaluate({}) is True
    assert compile_condition(True).is_always
    assert compile_condition(False).evaluate({}) is False
    assert compile_condition("True").is_always


def test_the_condition_keeps_its_text_and_lists_the_facts_it_names() -> None:
    text = (
        "has_foreign_degree and (not english_native or experience_months >= 36) "
        "or not english_native"
    )
    condition = compile_condition(text)
    assert condition.source == text
    assert str(condition) == text
    assert condition.facts == ("has_foreign_degree", "english_native", "experience_months")


def test_compiling_the_same_text_twice_gives_an_equal_condition() -> None:
    assert compile_condition(FRENCH_TEST) == compile_condition("not (french_speaker)")
    assert hash(compile_condition(FRENCH_TEST)) == hash(compile_condition("not french_speaker"))


def error_for(text: str) -> ConditionError:
    with pytest.raises(ConditionError) as caught:
        compile_condition(text)
    return caught.value


def test_an_unknown_fact_is_named_with_its_column_the_known_facts_and_a_suggestion() -> None:
    error = error_for("not english_nativ")
    assert error.column == 5
    assert str(error).startswith("Unknown fact 'english_nativ' at column 5; known facts are ")
    assert "etudes_en_france" in str(error)
    assert "Did you mean 'english_native'?" in str(error)


def test_a_missing_closing_parenthesis_says_where_it_was_expected() -> None:
    text = "not (english_native or english_instruction"
    error = error_for(text)
    assert error.column == len(text) + 1
    assert f"Expected ')' at column {len(text) + 1}" in str(error)
    assert "found the end of the condition" in str(error)


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("english_native and", 19, "Expected a fact, 'true', 'false', 'not' or '('"),
        ("english_native english_instruction", 16, "Expected 'and', 'or' or the end"),
        ("english_native or )", 19, "found ')'"),
        ("experience_months >= many", 22, "Expected a whole number at column 22"),
        ("experience_months", 1, "is a number; compare it with a number"),
        ("english_native >= 1", 1, "is yes or no and cannot be compared with a number"),
        ("english_native && eea_national", 16, "use 'and'"),
        ("english_native || eea_national", 16, "use 'or'"),
        ("!english_native", 1, "use 'not'"),
        ("experience_months = 3", 19, "use '==' to compare"),
        ("36 <= experience_months", 1, "Expected a fact"),
    ],
)
def test_syntax_errors_carry_the_column_and_what_was_expected(
    text: str, column: int, fragment: str
) -> None:
    error = error_for(text)
    assert error.column == column
    assert fragment in str(error)
    assert f"column {column}" in str(error)


def test_runaway_nesting_is_refused_with_a_message_not_a_recursion_error() -> None:
    error = error_for("(" * 500 + "true" + ")" * 500)
    assert "nested too deeply" in str(error)
    assert compile_condition("not " * 20 + "english_native").evaluate({"english_native": True})


def test_a_condition_error_is_a_configuration_error_with_a_code() -> None:
    error = error_for("nonsense")
    assert isinstance(error, ConfigurationError)
    assert error.code == "invalid_condition"
    assert error.source == "nonsense"


def test_a_registry_can_be_given_for_other_facts() -> None:
    registry = {
        "likes_tea": FactDefinition(
            "likes_tea", "bool", "Likes tea", "Aime le thé", "you like tea", "you do not like tea",
            "vous aimez le thé", "vous n'aimez pas le thé",
        )
    }  # fmt: skip
    condition = compile_condition("not likes_tea", known_facts=registry)
    assert condition.explain({"likes_tea": False}) == "Asked because you do not like tea."
    with pytest.raises(ConditionError):
        compile_condition("english_native", known_facts=registry)


# --------------------------------------------------------------------------------------------
# Three-valued evaluation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "facts", "expected"),
    [
        ("english_native and eea_national", {"english_native": False}, False),
        ("english_native and eea_national", {"english_native": True}, None),
        ("english_native or eea_national", {"english_native": True}, True),
        ("english_native or eea_national", {"english_native": False}, None),
        ("not english_native", {}, None),
        ("not english_native", {"english_native": None}, None),
        ("experience_months >= 36", {}, None),
        ("experience_months >= 36 or true", {}, True),
        ("experience_months >= 36 and false", {}, False),
    ],
)
def test_unknown_facts_follow_kleene_logic(text: str, facts: dict[str, Any], expected: Any) -> None:
    assert compile_condition(text).evaluate(facts) is expected


def test_derived_facts_are_computed_from_their_base_facts_when_not_given() -> None:
    condition = compile_condition(FRENCH_TEST)
    assert condition.evaluate({"french_native": False, "french_instruction": False}) is True
    assert condition.evaluate({"french_native": False, "french_instruction": True}) is False
    assert condition.evaluate({"french_native": True}) is False  # true or unknown is true
    assert condition.evaluate({"french_native": False}) is None
    # A fact the caller gives wins over the derivation.
    assert condition.evaluate({"french_speaker": True, "french_native": False}) is False
    international = compile_condition("is_international")
    assert international.evaluate({"eea_national": False}) is True
    assert international.evaluate({"eea_national": True}) is False
    assert international.evaluate({}) is None


@pytest.mark.parametrize(
    "facts",
    [{"english_native": 1}, {"english_native": "yes"}, {"experience_months": True},
     {"experience_months": 3.5}],
)  # fmt: skip
def test_a_fact_of_the_wrong_type_is_a_programming_error(facts: dict[str, Any]) -> None:
    condition = compile_condition("english_native or experience_months > 3")
    with pytest.raises(TypeError):
        condition.evaluate({"english_native": False, "experience_months": 0, **facts})


# Random expression trees: ("fact", name) | ("const", bool) | ("cmp", name, op, n)
# | ("not", tree) | ("and", [trees]) | ("or", [trees]).
leaves = st.one_of(
    st.sampled_from(BOOL_FACTS).map(lambda name: ("fact", name)),
    st.booleans().map(lambda value: ("const", value)),
    st.tuples(st.just("cmp"), st.sampled_from(INT_FACTS), st.sampled_from(OPERATORS),
              st.integers(0, 120)),
)  # fmt: skip
trees = st.recursive(
    leaves,
    lambda children: st.one_of(
        children.map(lambda child: ("not", child)),
        st.tuples(st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=4)),
    ),
    max_leaves=24,
)
PRECEDENCE = {"or": 1, "and": 2, "not": 3}


def to_text(tree: Any, *, minimal: bool = True) -> str:
    """Print a tree back to text with only the parentheses precedence needs, or with
    parentheses around every operand (``minimal=False``)."""
    kind = tree[0]
    if kind == "fact":
        return tree[1]
    if kind == "const":
        return "true" if tree[1] else "false"
    if kind == "cmp":
        return f"{tree[1]} {tree[2]} {tree[3]}"

    def operand(child: Any, tightest_allowed: int) -> str:
        text = to_text(child, minimal=minimal)
        looser = PRECEDENCE.get(child[0], 4) < tightest_allowed
        return f"({text})" if looser or not minimal else text

    if kind == "not":
        return f"not {operand(tree[1], PRECEDENCE['not'])}"
    # and/or are associative, so an operand of the same kind needs no parentheses.
    return f" {kind} ".join(operand(child, PRECEDENCE[kind]) for child in tree[1])


facts_strategy = st.fixed_dictionaries(
    {
        **{name: st.booleans() for name in BOOL_FACTS},
        **{name: st.integers(0, 120) for name in INT_FACTS},
    }
)


def python_value(text: str, facts: dict[str, Any]) -> bool:
    # The test's oracle: Python itself, whose not/and/or precedence our grammar copies. Test
    # data only, with no builtins; the product never evaluates conditions with eval.
    namespace = {**facts, "true": True, "false": False}
    return bool(eval(text, {"__builtins__": {}}, namespace))  # noqa: S307


@settings(max_examples=300, deadline=None)
@given(tree=trees, facts=facts_strategy)
def test_with_every_fact_known_evaluation_matches_python(tree: Any, facts: dict[str, Any]) -> None:
    text = to_text(tree)
    assert compile_condition(text).evaluate(facts) is python_value(text, facts)


@settings(max_examples=200, deadline=None)
@given(tree=trees, facts=facts_strategy)
def test_redundant_parentheses_change_nothing(tree: Any, facts: dict[str, Any]) -> None:
    minimal = compile_condition(to_text(tree))
    bracketed = compile_condition(to_text(tree, minimal=False))
    assert minimal.evaluate(facts) is bracketed.evaluate(facts)


@settings(max_examples=200, deadline=None)
@given(tree=trees, facts=facts_strategy, data=st.data())
def test_a_known_result_with_unknown_facts_holds_whatever_they_turn_out_to_be(
    tree: Any, facts: dict[str, Any], data: st.DataObject
) -> None:
    condition = compile_condition(to_text(tree))
    unknown = data.draw(st.sets(st.sampled_from(list(condition.facts) or BOOL_FACTS), max_size=3))
    partial = {name: (None if name in unknown else value) for name, value in facts.items()}
    result = condition.evaluate(partial)
    if result is None:
        return
    for values in itertools.product(*[[False, True] if KNOWN_FACTS[n].type == "bool"
                                      else [0, 36, 120] for n in sorted(unknown)]):  # fmt: skip
        completed = {**partial, **dict(zip(sorted(unknown), values, strict=True))}
        assert condition.evaluate(completed) is result


@settings(max_examples=200, deadline=None)
@given(tree=trees, facts=facts_strategy)
def test_every_condition_explains_itself_in_both_languages(
    tree: Any, facts: dict[str, Any]
) -> None:
    condition = compile_condition(to_text(tree))
    for lang, starts in (("en", ("Asked", "Not asked", "This document")),
                         ("fr", ("Demandé", "Non demandé", "Ce document"))):  # fmt: skip
        for sentence in (condition.explain(facts, lang), condition.describe(lang)):
            assert sentence.startswith(starts)
            assert sentence.endswith(".")
            assert "  " not in sentence
            assert " true" not in sentence and " false" not in sentence


# --------------------------------------------------------------------------------------------
# Explanations
# --------------------------------------------------------------------------------------------

NOT_ENGLISH = {"english_native": False, "english_instruction": False}
NOT_FRENCH = {"french_native": False, "french_instruction": False}


def test_the_english_certificate_explains_why_it_is_asked_in_english_and_french() -> None:
    condition = compile_condition(ENGLISH_CERTIFICATE)
    assert condition.explain(NOT_ENGLISH) == (
        "Asked because English is not your native language nor the language of your previous "
        "studies."
    )
    assert condition.explain(NOT_ENGLISH, lang="fr") == (
        "Demandé car l'anglais n'est ni votre langue maternelle ni la langue de vos études "
        "précédentes."
    )


def test_the_french_test_explains_why_it_is_asked() -> None:
    condition = compile_condition(FRENCH_TEST)
    assert condition.explain(NOT_FRENCH) == (
        "Asked because French is neither your native language nor the language of your "
        "previous studies."
    )
    assert condition.explain(NOT_FRENCH, lang="fr") == (
        "Demandé car le français n'est ni votre langue maternelle ni la langue de vos études "
        "précédentes."
    )
    # The same sentence when the condition names the base facts instead of the derived one.
    spelled_out = compile_condition("not french_native and not french_instruction")
    assert spelled_out.explain(NOT_FRENCH) == condition.explain(NOT_FRENCH)


def test_the_etudes_en_france_step_explains_why_it_is_asked() -> None:
    condition = compile_condition(ETUDES_EN_FRANCE)
    assert condition.explain({"etudes_en_france": True}) == (
        "Asked because the Études en France procedure applies to you (non-EEA national living "
        "in a country covered by the procedure)."
    )
    assert condition.explain({"etudes_en_france": True}, lang="fr") == (
        "Demandé car la procédure Études en France s'applique à vous (ressortissant hors EEE "
        "résidant dans un pays couvert par la procédure)."
    )


def test_a_document_not_asked_for_says_which_fact_spared_it() -> None:
    condition = compile_condition(ENGLISH_CERTIFICATE)
    facts = {"english_native": True, "english_instruction": False}
    assert condition.explain(facts) == "Not asked because English is your native language."
    assert condition.explain(facts, "fr") == (
        "Non demandé car l'anglais est votre langue maternelle."
    )
    both = {"english_native": True, "english_instruction": True}
    assert condition.explain(both) == "Not asked because English is your native language."


def test_an_undecided_condition_names_only_what_the_profile_has_not_told_yet() -> None:
    condition = compile_condition("has_foreign_degree and not english_native")
    facts = {"has_foreign_degree": True}
    assert condition.evaluate(facts) is None
    assert condition.explain(facts) == (
        "Asked if English is not your native language (your profile does not tell us yet)."
    )
    assert condition.explain(facts, "fr") == (
        "Demandé si l'anglais n'est pas votre langue maternelle (votre profil ne nous permet "
        "pas encore de le savoir)."
    )


def test_other_conditions_compose_the_fact_phrases_into_a_sentence() -> None:
    condition = compile_condition("has_foreign_degree and not english_native")
    facts = {"has_foreign_degree": True, "english_native": False}
    assert condition.explain(facts) == (
        "Asked because you hold a degree awarded outside France and English is not your native "
        "language."
    )
    assert condition.explain(facts, "fr") == (
        "Demandé car vous êtes titulaire d'un diplôme obtenu hors de France et l'anglais n'est "
        "pas votre langue maternelle."
    )
    experience = compile_condition("has_engineering_degree or experience_months >= 36")
    no = {"has_engineering_degree": False, "experience_months": 12}
    assert experience.explain(no) == (
        "Not asked because you do not hold an engineering degree and you have less than 36 "
        "months of professional experience."
    )
    assert experience.explain({"has_engineering_degree": True}) == (
        "Asked because you hold an engineering degree."
    )
    assert experience.explain({"experience_months": 40}, "fr") == (
        "Demandé car vous avez au moins 36 mois d'expérience professionnelle."
    )


def test_a_condition_describes_itself_for_checklists() -> None:
    assert compile_condition(ENGLISH_CERTIFICATE).describe() == (
        "Asked if English is not your native language nor the language of your previous studies."
    )
    mixed = compile_condition("has_foreign_degree and (is_international or experience_months < 12)")
    assert mixed.describe() == (
        "Asked if you hold a degree awarded outside France and either you are not a national "
        "of the European Economic Area or Switzerland or you have less than 12 months of "
        "professional experience."
    )
    assert mixed.describe("fr") == (
        "Demandé si vous êtes titulaire d'un diplôme obtenu hors de France et soit vous n'êtes "
        "pas ressortissant de l'Espace économique européen ni de la Suisse, soit vous avez "
        "moins de 12 mois d'expérience professionnelle."
    )


def test_constant_conditions_read_as_always_or_never() -> None:
    assert compile_condition("true").explain({}) == "Asked of every applicant."
    assert compile_condition("").explain({}, "fr") == "Demandé à tous les candidats."
    assert compile_condition("false").explain({}) == (
        "This document is not asked of any applicant."
    )
    assert compile_condition("english_native or true").explain({}) == "Asked of every applicant."


def test_the_language_may_be_a_django_language_code_but_must_be_english_or_french() -> None:
    condition = compile_condition(ETUDES_EN_FRANCE)
    assert condition.explain({"etudes_en_france": False}, "fr-fr").startswith("Non demandé")
    assert condition.explain({"etudes_en_france": False}, "en-gb").startswith("Not asked")
    with pytest.raises(ValueError, match="Unsupported language"):
        condition.explain({}, "de")
