"""The registry of facts a condition may name, with their wording in English and French."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

FactValue = bool | int | None
Facts = Mapping[str, FactValue]
Lang = Literal["en", "fr"]


# --------------------------------------------------------------------------------------------
# The registry of facts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FactDefinition:
    """One fact of the applicant's profile that conditions may use.

    Boolean facts carry four phrases (true/false in English and French) used to explain why a
    document is asked for. Integer facts carry a measure ("months of professional experience")
    that comparisons are phrased with. A derived fact (``derived_from``) is computed from
    other facts when the caller does not provide it, so callers only need to supply base facts.
    """

    name: str
    type: Literal["bool", "int"]
    description_en: str
    description_fr: str
    when_true_en: str = ""
    when_false_en: str = ""
    when_true_fr: str = ""
    when_false_fr: str = ""
    # Integer facts: (singular, plural) of what is counted, and the verb in both polarities.
    measure_en: tuple[str, str] = ("", "")
    measure_fr: tuple[str, str] = ("", "")
    derived_from: str | None = None

    def phrase(self, positive: bool, lang: Lang) -> str:
        if lang == "fr":
            return self.when_true_fr if positive else self.when_false_fr
        return self.when_true_en if positive else self.when_false_en

    def comparison_phrase(self, op: str, number: int, lang: Lang) -> str:
        measure = self.measure_fr if lang == "fr" else self.measure_en
        unit = measure[0] if number == 1 else measure[1]
        if lang == "fr":
            if op == "!=":
                return f"vous n'avez pas exactement {number} {unit}"
            return f"vous avez {_CMP_WORDS_FR[op]} {number} {unit}"
        if op == "!=":
            return f"you do not have exactly {number} {unit}"
        return f"you have {_CMP_WORDS_EN[op]} {number} {unit}"


_CMP_WORDS_EN = {
    ">=": "at least",
    ">": "more than",
    "<=": "at most",
    "<": "less than",
    "==": "exactly",
}
_CMP_WORDS_FR = {
    ">=": "au moins",
    ">": "plus de",
    "<=": "au plus",
    "<": "moins de",
    "==": "exactement",
}

_EEA_EN = "a national of the European Economic Area or Switzerland"


def _bool_fact(
    name: str,
    description: tuple[str, str],
    when_true: tuple[str, str],
    when_false: tuple[str, str],
    derived_from: str | None = None,
) -> FactDefinition:
    return FactDefinition(
        name=name,
        type="bool",
        description_en=description[0],
        description_fr=description[1],
        when_true_en=when_true[0],
        when_true_fr=when_true[1],
        when_false_en=when_false[0],
        when_false_fr=when_false[1],
        derived_from=derived_from,
    )


_FACTS: tuple[FactDefinition, ...] = (
    _bool_fact(
        "english_native",
        ("English is the applicant's native language", "L'anglais est la langue maternelle"),
        ("English is your native language", "l'anglais est votre langue maternelle"),
        ("English is not your native language", "l'anglais n'est pas votre langue maternelle"),
    ),
    _bool_fact(
        "english_instruction",
        (
            "English was the language of instruction of previous studies",
            "L'anglais était la langue d'enseignement des études précédentes",
        ),
        (
            "English is the language of your previous studies",
            "l'anglais est la langue de vos études précédentes",
        ),
        (
            "English is not the language of your previous studies",
            "l'anglais n'est pas la langue de vos études précédentes",
        ),
    ),
    _bool_fact(
        "french_native",
        ("French is the applicant's native language", "Le français est la langue maternelle"),
        ("French is your native language", "le français est votre langue maternelle"),
        ("French is not your native language", "le français n'est pas votre langue maternelle"),
    ),
    _bool_fact(
        "french_instruction",
        (
            "French was the language of instruction of previous studies",
            "Le français était la langue d'enseignement des études précédentes",
        ),
        (
            "French is the language of your previous studies",
            "le français est la langue de vos études précédentes",
        ),
        (
            "French is not the language of your previous studies",
            "le français n'est pas la langue de vos études précédentes",
        ),
    ),
    _bool_fact(
        "french_speaker",
        (
            "French is the native language or the language of previous studies",
            "Le français est la langue maternelle ou la langue des études précédentes",
        ),
        (
            "French is your native language or the language of your previous studies",
            "le français est votre langue maternelle ou la langue de vos études précédentes",
        ),
        (
            "French is neither your native language nor the language of your previous studies",
            "le français n'est ni votre langue maternelle ni la langue de vos études précédentes",
        ),
        derived_from="french_native or french_instruction",
    ),
    _bool_fact(
        "etudes_en_france",
        (
            "The Études en France procedure applies (non-EEA national living in a country "
            "covered by the procedure)",
            "La procédure Études en France s'applique (hors EEE, résidant dans un pays couvert "
            "par la procédure)",
        ),
        (
            "the Études en France procedure applies to you (non-EEA national living in a "
            "country covered by the procedure)",
            "la procédure Études en France s'applique à vous (ressortissant hors EEE résidant "
            "dans un pays couvert par la procédure)",
        ),
        (
            "the Études en France procedure does not apply to you",
            "la procédure Études en France ne s'applique pas à vous",
        ),
    ),
    _bool_fact(
        "eea_national",
        (
            "National of the European Economic Area or Switzerland",
            "Ressortissant de l'Espace économique européen ou de la Suisse",
        ),
        (
            f"you are {_EEA_EN}",
            "vous êtes ressortissant de l'Espace économique européen ou de la Suisse",
        ),
        (
            f"you are not {_EEA_EN}",
            "vous n'êtes pas ressortissant de l'Espace économique européen ni de la Suisse",
        ),
    ),
    _bool_fact(
        "is_international",
        (
            "Not a national of the European Economic Area or Switzerland",
            "Non ressortissant de l'Espace économique européen ni de la Suisse",
        ),
        (
            f"you are not {_EEA_EN}",
            "vous n'êtes pas ressortissant de l'Espace économique européen ni de la Suisse",
        ),
        (
            f"you are {_EEA_EN}",
            "vous êtes ressortissant de l'Espace économique européen ou de la Suisse",
        ),
        derived_from="not eea_national",
    ),
    _bool_fact(
        "has_foreign_degree",
        ("Holds a degree awarded outside France", "Titulaire d'un diplôme obtenu hors de France"),
        (
            "you hold a degree awarded outside France",
            "vous êtes titulaire d'un diplôme obtenu hors de France",
        ),
        (
            "you hold no degree awarded outside France",
            "vous n'êtes titulaire d'aucun diplôme obtenu hors de France",
        ),
    ),
    _bool_fact(
        "has_french_degree",
        ("Holds a degree awarded in France", "Titulaire d'un diplôme obtenu en France"),
        (
            "you hold a degree awarded in France",
            "vous êtes titulaire d'un diplôme obtenu en France",
        ),
        (
            "you hold no degree awarded in France",
            "vous n'êtes titulaire d'aucun diplôme obtenu en France",
        ),
    ),
    _bool_fact(
        "has_engineering_degree",
        ("Holds an engineering degree", "Titulaire d'un diplôme d'ingénieur"),
        ("you hold an engineering degree", "vous êtes titulaire d'un diplôme d'ingénieur"),
        (
            "you do not hold an engineering degree",
            "vous n'êtes pas titulaire d'un diplôme d'ingénieur",
        ),
    ),
    FactDefinition(
        name="experience_months",
        type="int",
        description_en="Months of professional experience",
        description_fr="Mois d'expérience professionnelle",
        measure_en=("month of professional experience", "months of professional experience"),
        measure_fr=("mois d'expérience professionnelle", "mois d'expérience professionnelle"),
    ),
)

#: Every fact a condition may name, by name. Read-only: adding a fact is a code change because
#: something must compute it from the profile (``applicants`` owns that mapping).
KNOWN_FACTS: Mapping[str, FactDefinition] = MappingProxyType({f.name: f for f in _FACTS})


# Phrases for sets of literals that read better together than one after the other. Keys are
# (connective, {(fact, positive), …}); they apply when all those literals sit side by side in
# one conjunction or disjunction, which is what ``not (a or b)`` becomes once negations are
# pushed inwards.
_GROUP_PHRASES: tuple[tuple[str, frozenset[tuple[str, bool]], str, str], ...] = (
    (
        "and",
        frozenset({("english_native", False), ("english_instruction", False)}),
        "English is not your native language nor the language of your previous studies",
        "l'anglais n'est ni votre langue maternelle ni la langue de vos études précédentes",
    ),
    (
        "or",
        frozenset({("english_native", True), ("english_instruction", True)}),
        "English is your native language or the language of your previous studies",
        "l'anglais est votre langue maternelle ou la langue de vos études précédentes",
    ),
    (
        "and",
        frozenset({("french_native", False), ("french_instruction", False)}),
        KNOWN_FACTS["french_speaker"].when_false_en,
        KNOWN_FACTS["french_speaker"].when_false_fr,
    ),
    (
        "or",
        frozenset({("french_native", True), ("french_instruction", True)}),
        KNOWN_FACTS["french_speaker"].when_true_en,
        KNOWN_FACTS["french_speaker"].when_true_fr,
    ),
)


# --------------------------------------------------------------------------------------------
# Speaking to staff about the applicant
# --------------------------------------------------------------------------------------------

# The phrases above speak to the applicant ("English is not your native language"). Staff read
# the same explanation about the applicant; these rewrites, applied in order to a sentence
# built from the phrases above (and only those: they are a closed set, and
# tests/rules/test_conditions_speak_about_the_applicant_to_staff.py renders every one), say it
# that way. Longer forms come first so "vous n'êtes pas" is not read as "vous êtes".
_STAFF_VOICE: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        "en": (
            ("your profile does not tell us yet", "the applicant's profile does not tell yet"),
            ("applies to you", "applies to the applicant"),
            ("does not apply to you", "does not apply to the applicant"),
            ("you do not hold", "the applicant does not hold"),
            ("you hold", "the applicant holds"),
            ("you are not", "the applicant is not"),
            ("you are", "the applicant is"),
            ("you do not have", "the applicant does not have"),
            ("you have", "the applicant has"),
            ("your ", "the applicant's "),
        ),
        "fr": (
            (
                "votre profil ne nous permet pas encore de le savoir",
                "le profil du candidat ne permet pas encore de le savoir",
            ),
            ("s'applique à vous", "s'applique au candidat"),
            ("ne s'applique pas à vous", "ne s'applique pas au candidat"),
            ("vous n'êtes titulaire", "le candidat n'est titulaire"),
            ("vous n'êtes pas", "le candidat n'est pas"),
            ("vous êtes", "le candidat est"),
            ("vous n'avez pas", "le candidat n'a pas"),
            ("vous avez", "le candidat a"),
            ("votre langue maternelle", "la langue maternelle du candidat"),
            ("de vos études précédentes", "des études précédentes du candidat"),
        ),
    }
)


def about_the_applicant(text: str, lang: Lang) -> str:
    """``text``, built from the phrases of this module, said to staff about the applicant."""
    for applicant, staff in _STAFF_VOICE[lang]:
        text = text.replace(applicant, staff)
    return text
