"""English and French sentences for eligibility results.

The sentences are grouped by what they speak of: ``words`` (the vocabulary and formatting
helpers), ``degrees``, ``languages`` and ``others`` (experience, certifications, the
committee's judgement, groups); this module renders a stored key with them.

The engine stores a message key and JSON-safe params per criterion; the sentence is rendered
here only when someone reads it. That keeps evaluation cheap (no string building for 100,000
profiles in a report) and lets a stored snapshot be re-rendered in either language.

Names shown to people (degree levels, fields of study, languages, certification kinds) are
tables here. A field of study must be in FIELDS to be used in rules: a typo in a programme's
YAML would otherwise silently never match anyone.

Pure Python, no Django: these strings are not in the gettext catalogues on purpose, because
the engine must run without settings. Both languages are written here, side by side, and
tests/rules/test_engine.py checks that every key renders in both for every status.

Two voices: the applicant reads "your Master's degree", "you have 87 months"; staff read the
same result about the applicant ("the applicant's Master's degree", "the applicant has 87
months"). ``render(..., voice="staff")`` picks the second; every sentence that speaks to the
applicant has its staff twin here, next to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from admissions.rules.eligibility.messages.degrees import _degree, degree_requirement
from admissions.rules.eligibility.messages.languages import _language, language_requirement
from admissions.rules.eligibility.messages.others import (
    _certification,
    _experience,
    _group,
    _review,
    certification_name,
)
from admissions.rules.eligibility.messages.words import (
    APPLICANT,
    CERTIFICATION_KINDS,
    DEGREE_LEVELS,
    DEGREE_RANK,
    DEGREE_THE_FR,
    FIELDS,
    LANGS,
    LANGUAGE_NAMES,
    STAFF,
    VOICES,
    capitalize,
)

__all__ = [
    "APPLICANT",
    "CERTIFICATION_KINDS",
    "DEGREE_LEVELS",
    "DEGREE_RANK",
    "DEGREE_THE_FR",
    "FIELDS",
    "LANGS",
    "LANGUAGE_NAMES",
    "OUTCOMES",
    "OUTCOMES_STAFF",
    "STAFF",
    "VOICES",
    "capitalize",
    "certification_name",
    "degree_requirement",
    "known_fields",
    "language_requirement",
    "outcome_message",
    "render",
]

OUTCOMES: Mapping[str, tuple[str, str]] = {
    "eligible": (
        "You meet the eligibility requirements.",
        "Vous remplissez les conditions d'éligibilité.",
    ),
    "not_eligible": (
        "You do not meet the eligibility requirements; the reasons are listed below.",
        "Vous ne remplissez pas les conditions d'éligibilité ; les raisons sont indiquées "
        "ci-dessous.",
    ),
    "incomplete": (
        "Some information is missing to check your eligibility; see what to add below.",
        "Il manque des informations pour vérifier votre éligibilité ; voyez ci-dessous quoi "
        "ajouter.",
    ),
    "incomplete.pending": (
        "Your eligibility depends on results you may send after submitting.",
        "Votre éligibilité dépend de résultats que vous pourrez envoyer après le dépôt de votre "
        "candidature.",
    ),
    "needs_review": (
        "The admissions committee will judge part of your eligibility.",
        "La commission d'admission appréciera une partie de votre éligibilité.",
    ),
}


OUTCOMES_STAFF: Mapping[str, tuple[str, str]] = {
    "eligible": (
        "The applicant meets the eligibility requirements.",
        "Le candidat remplit les conditions d'éligibilité.",
    ),
    "not_eligible": (
        "The applicant does not meet the eligibility requirements; the reasons are listed below.",
        "Le candidat ne remplit pas les conditions d'éligibilité ; les raisons sont indiquées "
        "ci-dessous.",
    ),
    "incomplete": (
        "Some information is missing to check the applicant's eligibility; what is missing is "
        "listed below.",
        "Il manque des informations pour vérifier l'éligibilité du candidat ; ce qui manque est "
        "indiqué ci-dessous.",
    ),
    "incomplete.pending": (
        "The applicant's eligibility depends on results that may come after submission.",
        "L'éligibilité du candidat dépend de résultats qui peuvent arriver après le dépôt de la "
        "candidature.",
    ),
    "needs_review": (
        "The admissions committee will judge part of the applicant's eligibility.",
        "La commission d'admission appréciera une partie de l'éligibilité du candidat.",
    ),
}


def outcome_message(key: str, lang: str, voice: str = APPLICANT) -> str:
    """The sentence for an outcome ("eligible", "incomplete.pending", …) in ``lang``."""
    table = OUTCOMES_STAFF if voice == STAFF else OUTCOMES
    return table[key][0 if lang == "en" else 1]


_RENDERERS: Mapping[str, Callable[[Mapping[str, Any], str, str, str], str]] = {
    "degree": _degree,
    "language": _language,
    "experience": _experience,
    "certification": _certification,
    "review": _review,
    "group": _group,
}


def render(key: str, params: Mapping[str, Any], lang: str, voice: str = APPLICANT) -> str:
    """The sentence for message `key` ("language.score_below") in `lang` ("en" or "fr"),
    spoken to the applicant or, with ``voice="staff"``, to staff about the applicant."""
    if lang not in LANGS:
        raise ValueError(f"Messages exist in {', '.join(LANGS)}, not {lang!r}.")
    if voice not in VOICES:
        raise ValueError(f"Messages exist for {', '.join(VOICES)}, not {voice!r}.")
    family, _, reason = key.partition(".")
    return _RENDERERS[family](params, lang, reason, voice)


def known_fields() -> Iterable[str]:
    return FIELDS.keys()
