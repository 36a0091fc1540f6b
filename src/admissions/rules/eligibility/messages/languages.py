"""Sentences about language requirements and tests, in both languages and both voices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from admissions.rules.eligibility.messages.words import (
    APPLICANT,
    STAFF,
    _lang_names,
    capitalize,
    day,
    exam_name,
    french_plural,
    join,
    number,
    plural,
    score,
)

# ---------------------------------------------------------------------------------------------
# Languages


def language_requirement(req: Mapping[str, Any], lang: str) -> str:
    """The accepted results, e.g. TOEIC 700 or TOEFL (paper) 550, or level B2 on another test."""
    scores = [
        f"{exam_name(test, lang)} {score(test, minimum, lang)}"
        for test, minimum in req["min_scores"].items()
    ]
    level = req["min_level"]
    if not scores:
        return f"level {level}" if lang == "en" else f"le niveau {level}"
    text = join(scores, lang)
    if level:
        text += (
            f", or level {level} on another test"
            if lang == "en"
            else f", ou le niveau {level} avec un autre test"
        )
    return text


_LANGUAGE: Mapping[str, tuple[str, str]] = {
    "exempt_native": (
        "{Lang} is your native language: no {Lang} test is required.",
        "{Lang_the} est votre langue maternelle : aucun test {lang_of} n'est exigé.",
    ),
    "exempt_instruction": (
        "Your studies were taught in {Lang}: no {Lang} test is required.",
        "Vos études ont été suivies {lang_in} : aucun test {lang_of} n'est exigé.",
    ),
    "score_met": (
        "Your {test} score of {score} meets the {min_score} this programme requires.",
        "Votre score {test} de {score} atteint les {min_score} exigés par ce programme.",
    ),
    "level_met_score": (
        "Your {test} score of {score} corresponds to level {level}, which meets the level "
        "{min_level} this programme requires in {Lang}.",
        "Votre score {test} de {score} correspond au niveau {level}, ce qui satisfait le niveau "
        "{min_level} exigé {lang_in}.",
    ),
    "level_met": (
        "Your {test} ({level}) meets the level {min_level} this programme requires in {Lang}.",
        "Votre {test} ({level}) satisfait le niveau {min_level} exigé {lang_in}.",
    ),
    "score_below": (
        "{test} {score} is below the {min_score} this programme requires.",
        "Le score {test} de {score} est inférieur aux {min_score} exigés par ce programme.",
    ),
    "level_below_score": (
        "Your {test} score of {score} corresponds to level {level}; this programme requires "
        "level {min_level} in {Lang}.",
        "Votre score {test} de {score} correspond au niveau {level} ; ce programme exige le "
        "niveau {min_level} {lang_in}.",
    ),
    "level_none_score": (
        "Your {test} score of {score} does not reach level {min_level}, which this programme "
        "requires in {Lang}.",
        "Votre score {test} de {score} n'atteint pas le niveau {min_level} exigé {lang_in}.",
    ),
    "level_below": (
        "Your {test} ({level}) is below the level {min_level} this programme requires in {Lang}.",
        "Votre {test} ({level}) est inférieur au niveau {min_level} exigé {lang_in}.",
    ),
    "not_accepted": (
        "For {Lang}, this programme accepts {accepted} only; your {test} cannot be used.",
        "Pour {Lang_the}, ce programme accepte uniquement {accepted} ; votre {test} ne peut pas "
        "être pris en compte.",
    ),
    "not_external": (
        "For {Lang}, this programme requires an external exam ({req}); your {test} cannot be used.",
        "Pour {Lang_the}, ce programme exige un examen externe ({req}) ; votre {test} ne peut "
        "pas être pris en compte.",
    ),
    "expired": (
        "Your {test} test of {date} is more than {max_age} {years} old; take a new test.",
        "Votre test {test} du {date} date de plus de {max_age} {ans} ; passez un nouveau test.",
    ),
    "pending": (
        "Your {test} result is awaited: you may send it after submitting (required: {req}).",
        "Le résultat de votre test {test} est attendu : vous pourrez l'envoyer après le dépôt "
        "de votre candidature (exigence : {req}).",
    ),
    "pending_not_allowed": (
        "Your {test} result is not available yet; this programme needs it before you submit "
        "(required: {req}).",
        "Le résultat de votre test {test} n'est pas encore disponible ; ce programme l'exige "
        "avant le dépôt de votre candidature (exigence : {req}).",
    ),
    "score_missing": (
        "Give your {test} score: this programme requires {req} in {Lang}.",
        "Indiquez votre score {test} : ce programme exige {req} {lang_in}.",
    ),
    "level_missing": (
        "Give the level of your {test}: this programme requires {req} in {Lang}.",
        "Indiquez le niveau de votre {test} : ce programme exige {req} {lang_in}.",
    ),
    "date_missing": (
        "Give the date of your {test} test: results more than {max_age} {years} old are not "
        "accepted.",
        "Indiquez la date de votre test {test} : les résultats de plus de {max_age} {ans} ne "
        "sont pas acceptés.",
    ),
    "no_test": (
        "For {Lang}, this programme requires {req}; you have not declared any {Lang} test.",
        "Pour {Lang_the}, ce programme exige {req} ; vous n'avez déclaré aucun test {lang_of}.",
    ),
    "unknown": (
        "Add your {Lang} test results (required: {req}){hint}.",
        "Ajoutez vos résultats de test {lang_of} (exigence : {req}){hint}.",
    ),
}

_LANGUAGE_STAFF: Mapping[str, tuple[str, str]] = {
    "exempt_native": (
        "{Lang} is the applicant's native language: no {Lang} test is required.",
        "{Lang_the} est la langue maternelle du candidat : aucun test {lang_of} n'est exigé.",
    ),
    "exempt_instruction": (
        "The applicant's studies were taught in {Lang}: no {Lang} test is required.",
        "Les études du candidat ont été suivies {lang_in} : aucun test {lang_of} n'est exigé.",
    ),
    "score_met": (
        "The applicant's {test} score of {score} meets the {min_score} this programme requires.",
        "Le score {test} du candidat, {score}, atteint les {min_score} exigés par ce programme.",
    ),
    "level_met_score": (
        "The applicant's {test} score of {score} corresponds to level {level}, which meets the "
        "level {min_level} this programme requires in {Lang}.",
        "Le score {test} du candidat, {score}, correspond au niveau {level}, ce qui satisfait le "
        "niveau {min_level} exigé {lang_in}.",
    ),
    "level_met": (
        "The applicant's {test} ({level}) meets the level {min_level} this programme requires "
        "in {Lang}.",
        "Le {test} du candidat ({level}) satisfait le niveau {min_level} exigé {lang_in}.",
    ),
    "score_below": _LANGUAGE["score_below"],
    "level_below_score": (
        "The applicant's {test} score of {score} corresponds to level {level}; this programme "
        "requires level {min_level} in {Lang}.",
        "Le score {test} du candidat, {score}, correspond au niveau {level} ; ce programme exige "
        "le niveau {min_level} {lang_in}.",
    ),
    "level_none_score": (
        "The applicant's {test} score of {score} does not reach level {min_level}, which this "
        "programme requires in {Lang}.",
        "Le score {test} du candidat, {score}, n'atteint pas le niveau {min_level} exigé "
        "{lang_in}.",
    ),
    "level_below": (
        "The applicant's {test} ({level}) is below the level {min_level} this programme "
        "requires in {Lang}.",
        "Le {test} du candidat ({level}) est inférieur au niveau {min_level} exigé {lang_in}.",
    ),
    "not_accepted": (
        "For {Lang}, this programme accepts {accepted} only; the applicant's {test} cannot be "
        "used.",
        "Pour {Lang_the}, ce programme accepte uniquement {accepted} ; le {test} du candidat ne "
        "peut pas être pris en compte.",
    ),
    "not_external": (
        "For {Lang}, this programme requires an external exam ({req}); the applicant's {test} "
        "cannot be used.",
        "Pour {Lang_the}, ce programme exige un examen externe ({req}) ; le {test} du candidat "
        "ne peut pas être pris en compte.",
    ),
    "expired": (
        "The applicant's {test} test of {date} is more than {max_age} {years} old; a new test "
        "is needed.",
        "Le test {test} du candidat, passé le {date}, date de plus de {max_age} {ans} ; un "
        "nouveau test est nécessaire.",
    ),
    "pending": (
        "The applicant's {test} result is awaited and may come after submission (required: {req}).",
        "Le résultat du test {test} du candidat est attendu et peut arriver après le dépôt de "
        "la candidature (exigence : {req}).",
    ),
    "pending_not_allowed": (
        "The applicant's {test} result is not available yet; this programme needs it before "
        "submission (required: {req}).",
        "Le résultat du test {test} du candidat n'est pas encore disponible ; ce programme "
        "l'exige avant le dépôt de la candidature (exigence : {req}).",
    ),
    "score_missing": (
        "The applicant has not given their {test} score: this programme requires {req} in {Lang}.",
        "Le candidat n'a pas indiqué son score {test} : ce programme exige {req} {lang_in}.",
    ),
    "level_missing": (
        "The applicant has not given the level of their {test}: this programme requires {req} "
        "in {Lang}.",
        "Le candidat n'a pas indiqué le niveau de son {test} : ce programme exige {req} {lang_in}.",
    ),
    "date_missing": (
        "The applicant has not given the date of their {test} test: results more than "
        "{max_age} {years} old are not accepted.",
        "Le candidat n'a pas indiqué la date de son test {test} : les résultats de plus de "
        "{max_age} {ans} ne sont pas acceptés.",
    ),
    "no_test": (
        "For {Lang}, this programme requires {req}; the applicant has not declared any {Lang} "
        "test.",
        "Pour {Lang_the}, ce programme exige {req} ; le candidat n'a déclaré aucun test {lang_of}.",
    ),
    "unknown": (
        "The applicant has not added {Lang} test results (required: {req}){hint}.",
        "Le candidat n'a pas ajouté de résultats de test {lang_of} (exigence : {req}){hint}.",
    ),
}

_LANGUAGE_HINTS: Mapping[str, tuple[str, str]] = {
    "native": (
        "whether {Lang} is your native language",
        "si {Lang_the} est votre langue maternelle",
    ),
    "instruction": (
        "whether your studies were taught in {Lang}",
        "si vos études ont été suivies {lang_in}",
    ),
}


_LANGUAGE_HINTS_STAFF: Mapping[str, tuple[str, str]] = {
    "native": (
        "whether {Lang} is their native language",
        "si {Lang_the} est sa langue maternelle",
    ),
    "instruction": (
        "whether their studies were taught in {Lang}",
        "si ses études ont été suivies {lang_in}",
    ),
}


def _language(params: Mapping[str, Any], lang: str, reason: str, voice: str = APPLICANT) -> str:
    en = lang == "en"
    staff = voice == STAFF
    code = params["language"]
    english_name, fr_the, fr_of, fr_in = _lang_names(code)
    values: dict[str, str] = {
        "Lang": english_name,
        "Lang_the": capitalize(fr_the) if reason == "exempt_native" else fr_the,
        "lang_of": fr_of,
        "lang_in": fr_in,
        "req": language_requirement(params["requirement"], lang),
        "hint": "",
    }
    test: str | None = params.get("test")
    if test:
        values["test"] = exam_name(test, lang)
        if params.get("score") is not None:
            values["score"] = score(test, params["score"], lang)
        if params.get("min_score") is not None:
            values["min_score"] = score(test, params["min_score"], lang)
    if params.get("level"):
        values["level"] = params["level"]
    values["min_level"] = params["requirement"]["min_level"] or ""
    if params.get("date"):
        values["date"] = day(params["date"], lang)
    max_age = params["requirement"]["max_age_years"]
    if max_age is not None:
        values["max_age"] = number(max_age, lang)
        values["years"] = plural(max_age, "year", "years")
        values["ans"] = "ans" if french_plural(max_age) else "an"
    if reason == "not_accepted":
        accepted = [exam_name(t, lang) for t in params["requirement"]["min_scores"]]
        values["accepted"] = join(accepted, lang)
    if reason == "unknown" and params.get("hints"):
        hint_table = _LANGUAGE_HINTS_STAFF if staff else _LANGUAGE_HINTS
        hints = [hint_table[h][0 if en else 1].format(**values) for h in params["hints"]]
        if staff:
            lead = ", nor said " if en else ", ni indiqué "
        else:
            lead = ", or tell us " if en else ", ou indiquez "
        values["hint"] = lead + join(hints, lang, "and" if en else "et")
    template = (_LANGUAGE_STAFF if staff else _LANGUAGE)[reason][0 if en else 1]
    return capitalize(template.format(**values))
