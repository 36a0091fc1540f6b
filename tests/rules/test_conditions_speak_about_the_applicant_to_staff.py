"""Staff read why a document is asked for about the applicant ("English is not the
applicant's native language"), never in the words the applicant reads ("your native
language"), for every fact a condition may name, in English and in French."""

from __future__ import annotations

import itertools
import re

import pytest

from admissions.rules.conditions import KNOWN_FACTS, compile_condition

SECOND_PERSON = re.compile(r"\b(you|your|yours|us|vous|votre|vos|nous)\b", re.IGNORECASE)

BOOLEAN_FACTS = sorted(name for name, fact in KNOWN_FACTS.items() if fact.type == "bool")
CONDITIONS = [
    *BOOLEAN_FACTS,
    *(f"not {name}" for name in BOOLEAN_FACTS),
    "not (english_native or english_instruction)",
    "english_native or english_instruction",
    "not (french_native or french_instruction)",
    "french_native or french_instruction",
    "experience_months >= 36",
    "experience_months != 12",
    "has_foreign_degree and not english_native",
]
FACT_VALUES = [True, False, None]


def facts_for(value):
    facts = {name: value for name in BOOLEAN_FACTS if not KNOWN_FACTS[name].derived_from}
    facts["experience_months"] = {True: 48, False: 6, None: None}[value]
    return facts


@pytest.mark.parametrize(
    ("text", "value", "lang"), list(itertools.product(CONDITIONS, FACT_VALUES, ["en", "fr"]))
)
def test_every_explanation_for_staff_speaks_about_the_applicant(text, value, lang):
    condition = compile_condition(text)

    staff = condition.explain(facts_for(value), lang, voice="staff")

    assert staff
    assert not SECOND_PERSON.search(staff), staff


def test_the_applicant_and_staff_read_the_same_reason_in_their_own_words():
    condition = compile_condition("not (english_native or english_instruction)")
    facts = {"english_native": False, "english_instruction": False}

    assert condition.explain(facts, "en") == (
        "Asked because English is not your native language nor the language of your previous "
        "studies."
    )
    assert condition.explain(facts, "en", voice="staff") == (
        "Asked because English is not the applicant's native language nor the language of the "
        "applicant's previous studies."
    )
    assert condition.explain(facts, "fr", voice="staff") == (
        "Demandé car l'anglais n'est ni la langue maternelle du candidat ni la langue des études "
        "précédentes du candidat."
    )
