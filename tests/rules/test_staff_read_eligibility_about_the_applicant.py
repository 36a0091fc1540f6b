"""Staff read an eligibility result about the applicant ("the applicant has 87 months"), never
in the words the applicant reads ("you have 87 months"), in English and in French."""

from __future__ import annotations

import re

from hypothesis import given

from admissions.rules.eligibility import compile_rules, evaluate
from tests.rules.test_engine import TODAY, experience, run
from tests.rules.test_engine_properties import PROPERTY_SETTINGS, profiles, rule_trees

# Words that speak to the applicant.
SECOND_PERSON = re.compile(r"\b(you|your|yours|vous|votre|vos)\b", re.IGNORECASE)


def test_the_experience_sentence_speaks_about_the_applicant_to_staff():
    result = run({"all_of": [experience(months=36)]}, experience_months=86)
    criterion = result.get("experience")

    assert criterion.message("en").startswith("You have 86 months")
    assert criterion.message("en", voice="staff") == (
        "The applicant has 86 months of professional experience; at least 36 months are required."
    )
    assert criterion.message("fr", voice="staff") == (
        "Le candidat a 86 mois d'expérience professionnelle ; au moins 36 mois sont exigés."
    )
    assert result.message("en", voice="staff") == (
        "The applicant meets the eligibility requirements."
    )


@PROPERTY_SETTINGS
@given(rule_trees, profiles)
def test_no_staff_sentence_speaks_to_the_applicant(tree, profile):
    result = evaluate(compile_rules(tree), profile, today=TODAY)
    for lang in ("en", "fr"):
        assert not SECOND_PERSON.search(result.message(lang, voice="staff"))
        for criterion in result.criteria:
            if criterion.type == "review":
                continue  # the programme's own words
            message = criterion.message(lang, voice="staff")
            assert message and "{" not in message
            assert not SECOND_PERSON.search(message), message
