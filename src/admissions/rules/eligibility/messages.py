"""English and French sentences for eligibility results.

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

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from admissions.rules.cefr import TESTS, format_score

LANGS = ("en", "fr")
VOICES = ("applicant", "staff")
APPLICANT, STAFF = VOICES

# level: (en with article, en after "your", fr with article, fr after "votre"), and its rank in
# the French LMD ladder (bachelor 3 years, M1 4, master-level 5, doctorate 8); "other" has none.
DEGREE_LEVELS: Mapping[str, tuple[str, str, str, str]] = {
    "bachelor": ("a Bachelor's degree", "Bachelor's degree", "une licence (bachelor)", "licence"),
    "master1": ("a first year of Master's (M1)", "M1", "un M1 (première année de master)", "M1"),
    "master": ("a Master's degree", "Master's degree", "un master", "master"),
    "engineering": (
        "an engineering degree",
        "engineering degree",
        "un diplôme d'ingénieur",
        "diplôme d'ingénieur",
    ),
    "mba": ("an MBA", "MBA", "un MBA", "MBA"),
    "doctorate": ("a doctorate", "doctorate", "un doctorat", "doctorat"),
    "other": ("another degree", "degree", "un autre diplôme", "diplôme"),
}
# level: the French name with its definite article, for staff sentences ("la licence du
# candidat", "le M1 du candidat").
DEGREE_THE_FR: Mapping[str, str] = {
    "bachelor": "la licence",
    "master1": "le M1",
    "master": "le master",
    "engineering": "le diplôme d'ingénieur",
    "mba": "le MBA",
    "doctorate": "le doctorat",
    "other": "le diplôme",
}
DEGREE_RANK: Mapping[str, int] = {
    "bachelor": 1,
    "master1": 2,
    "master": 3,
    "engineering": 3,
    "mba": 3,
    "doctorate": 4,
    "other": 0,
}

FIELDS: Mapping[str, tuple[str, str]] = {
    "computer_science": ("computer science", "informatique"),
    "computer_engineering": ("computer engineering", "ingénierie informatique"),
    "software_engineering": ("software engineering", "génie logiciel"),
    "information_systems": ("information systems", "systèmes d'information"),
    "data_science": ("data science", "science des données"),
    "artificial_intelligence": ("artificial intelligence", "intelligence artificielle"),
    "networks": ("networks", "réseaux"),
    "telecommunications": ("telecommunications", "télécommunications"),
    "embedded_systems": ("embedded systems", "systèmes embarqués"),
    "electrical_engineering": ("electrical engineering", "génie électrique"),
    "electronics": ("electronics", "électronique"),
    "applied_mathematics": ("applied mathematics", "mathématiques appliquées"),
    "mathematics": ("mathematics", "mathématiques"),
    "statistics": ("statistics", "statistique"),
    "physics": ("physics", "physique"),
    "mechanical_engineering": ("mechanical engineering", "génie mécanique"),
    "industrial_engineering": ("industrial engineering", "génie industriel"),
    "economics": ("economics", "économie"),
    "management": ("management", "management"),
    "other": ("another field", "une autre discipline"),
}

# language code: (English name, French with article, French "of", French "in")
LANGUAGE_NAMES: Mapping[str, tuple[str, str, str, str]] = {
    "en": ("English", "l'anglais", "d'anglais", "en anglais"),
    "fr": ("French", "le français", "de français", "en français"),
}

# kind: (English, French, French after "de": "la validation du MOOC")
CERTIFICATION_KINDS: Mapping[str, tuple[str, str, str]] = {
    "mooc": ("the MOOC", "le MOOC", "du MOOC"),
    "certificate": ("the certification", "la certification", "de la certification"),
    "course": ("the course", "le cours", "du cours"),
}


# ---------------------------------------------------------------------------------------------
# Formatting helpers


def number(value: float, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "fr" else text


def score(test: str, value: float, lang: str) -> str:
    text = format_score(TESTS[test], value)
    return text.replace(".", ",") if lang == "fr" else text


def day(iso: str, lang: str) -> str:
    # English keeps ISO dates (unambiguous for an international audience); French readers
    # expect day/month/year.
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if lang == "fr" else iso


def join(items: Sequence[str], lang: str, word: str | None = None) -> str:
    word = word or ("or" if lang == "en" else "ou")
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def exam_name(code: str, lang: str) -> str:
    spec = TESTS[code]
    return spec.short_name_en if lang == "en" else spec.short_name_fr


def field_name(code: str, lang: str) -> str:
    names = FIELDS.get(code)
    if names is None:  # an applicant's field the tables do not know: show it readably
        return code.replace("_", " ")
    return names[0] if lang == "en" else names[1]


def plural(count: float, singular: str, plural_form: str) -> str:
    return singular if count == 1 else plural_form


def french_plural(count: float) -> bool:
    # French counts 0 and 1 (and 1.5) in the singular: "1 an", "1,5 an", "2 ans".
    return count >= 2


def _lang_names(code: str) -> tuple[str, str, str, str]:
    return LANGUAGE_NAMES[code]


# ---------------------------------------------------------------------------------------------
# Degrees


def degree_requirement(req: Mapping[str, Any], lang: str, closing: bool = False) -> str:
    """The required degree, e.g. a Bachelor's degree or higher in computer science, of at
    least 180 ECTS. `closing` ends a trailing ", clause" with a comma, for a sentence that goes
    on (", awarded in France, is required")."""
    levels: list[str] = req["levels"]
    index = 0 if lang == "en" else 2
    ranked = [level for level in levels if level != "other"]
    lowest = min((DEGREE_RANK[level] for level in ranked), default=0)
    at_lowest = [level for level in ranked if DEGREE_RANK[level] == lowest]
    above = {level for level, rank in DEGREE_RANK.items() if rank >= lowest and level != "other"}
    # "X or higher" only when one level sits at the bottom and every level above is accepted;
    # otherwise name them all, so "Master's degree or higher" never hides an MBA.
    if len(at_lowest) == 1 and set(ranked) == above and len(ranked) > 1 and lowest < 4:
        name = DEGREE_LEVELS[at_lowest[0]][index]
        text = f"{name} or higher" if lang == "en" else f"{name} ou un diplôme de niveau supérieur"
        if "other" in levels:
            text = join([text, DEGREE_LEVELS["other"][index]], lang)
    else:
        text = join([DEGREE_LEVELS[level][index] for level in levels], lang)
    fields: list[str] = req["fields"]
    if fields:
        if lang == "en":
            text += " in " + join([field_name(f, lang) for f in fields], lang)
        else:
            text += " " + join([f"en {field_name(f, lang)}" for f in fields], lang)
    clause = False
    min_ects, min_years = req["min_ects"], req["min_years"]
    lengths = []
    if min_ects is not None:
        lengths.append(f"{number(min_ects, lang)} ECTS")
    if min_years is not None:
        if lang == "en":
            years_word = plural(min_years, "year", "years")
            lengths.append(f"{number(min_years, lang)} {years_word} of higher education")
        else:
            lengths.append(f"{number(min_years, lang)} ans d'études supérieures")
    if lengths:
        clause = True
        text += (", of at least " if lang == "en" else ", d'au moins ") + join(lengths, lang)
    if req["country"] == "FR":
        clause = True
        text += ", awarded in France" if lang == "en" else ", obtenu en France"
    elif req["country"] == "foreign":
        clause = True
        text += ", awarded abroad" if lang == "en" else ", obtenu à l'étranger"
    if req["cti_accredited"]:
        text += (
            " (CTI-accredited when awarded in France)"
            if lang == "en"
            else " (accrédité par la CTI s'il est français)"
        )
    if clause and closing:
        text += ","
    return text


def _degree_bare(degree: Mapping[str, Any] | None, lang: str) -> str:
    level = (degree or {}).get("level") or "other"
    return DEGREE_LEVELS[level][1 if lang == "en" else 3]


def _degree_the_fr(degree: Mapping[str, Any] | None) -> str:
    return DEGREE_THE_FR[(degree or {}).get("level") or "other"]


def _degree_with_field(
    degree: Mapping[str, Any], lang: str, indefinite: bool = False, voice: str = APPLICANT
) -> str:
    """ "your Master's degree in computer science"; for staff, "the applicant's Master's
    degree in computer science", "le master en informatique du candidat"."""
    level = degree.get("level") or "other"
    names = DEGREE_LEVELS[level]
    field = ""
    if degree.get("field"):
        field = (" in " if lang == "en" else " en ") + field_name(degree["field"], lang)
    if indefinite:
        return (names[0] if lang == "en" else names[2]) + field
    if voice == STAFF:
        if lang == "en":
            return f"the applicant's {names[1]}{field}"
        return f"{DEGREE_THE_FR[level]}{field} du candidat"
    return (f"your {names[1]}" if lang == "en" else f"votre {names[3]}") + field


_DEGREE_REASONS: Mapping[str, tuple[str, str]] = {
    "none": ("you have not declared any degree", "vous n'avez déclaré aucun diplôme"),
    "level": ("your highest degree is {indef}", "votre diplôme le plus élevé est {indef}"),
    "field": ("your {bare} is in {field}", "votre {bare} est en {field}"),
    "ects": ("your {bare} totals {ects} ECTS", "votre {bare} totalise {ects} ECTS"),
    "years": (
        "your {bare} represents {years} years of higher education",
        "votre {bare} correspond à {years} ans d'études supérieures",
    ),
    "country_FR": ("you obtained your {bare} abroad", "vous avez obtenu votre {bare} à l'étranger"),
    "country_foreign": (
        "you obtained your {bare} in France",
        "vous avez obtenu votre {bare} en France",
    ),
    "cti": (
        "your engineering degree is not CTI-accredited",
        "votre diplôme d'ingénieur n'est pas accrédité par la CTI",
    ),
}

_DEGREE_REASONS_STAFF: Mapping[str, tuple[str, str]] = {
    "none": ("the applicant has not declared any degree", "le candidat n'a déclaré aucun diplôme"),
    "level": (
        "the applicant's highest degree is {indef}",
        "le diplôme le plus élevé du candidat est {indef}",
    ),
    "field": ("the applicant's {bare} is in {field}", "{the_fr} du candidat est en {field}"),
    "ects": (
        "the applicant's {bare} totals {ects} ECTS",
        "{the_fr} du candidat totalise {ects} ECTS",
    ),
    "years": (
        "the applicant's {bare} represents {years} years of higher education",
        "{the_fr} du candidat correspond à {years} ans d'études supérieures",
    ),
    "country_FR": (
        "the applicant obtained their {bare} abroad",
        "le candidat a obtenu {the_fr} à l'étranger",
    ),
    "country_foreign": (
        "the applicant obtained their {bare} in France",
        "le candidat a obtenu {the_fr} en France",
    ),
    "cti": (
        "the applicant's engineering degree is not CTI-accredited",
        "le diplôme d'ingénieur du candidat n'est pas accrédité par la CTI",
    ),
}

_DEGREE_MISSING: Mapping[str, tuple[str, str]] = {
    "level": ("its level", "son niveau"),
    "field": ("its field", "sa discipline"),
    "length": ("its ECTS credits or length in years", "ses crédits ECTS ou sa durée en années"),
    "country": ("the country that awarded it", "le pays de délivrance"),
    "cti": ("whether it is CTI-accredited", "son accréditation par la CTI"),
    "completed": ("whether it is completed", "s'il est obtenu ou en cours"),
}


def _degree(params: Mapping[str, Any], lang: str, status: str, voice: str = APPLICANT) -> str:
    en = lang == "en"
    staff = voice == STAFF
    req = degree_requirement(params["requirement"], lang, closing=en)
    degree = params.get("degree")
    if status == "met":
        assert degree is not None  # nosec B101  # narrows the type: this status names a degree
        mine = capitalize(_degree_with_field(degree, lang, voice=voice))
        return f"{mine} meets this requirement." if en else f"{mine} remplit cette condition."
    if status == "pending":
        assert degree is not None  # nosec B101  # narrows the type: this status names a degree
        mine = capitalize(_degree_with_field(degree, lang, voice=voice))
        if staff:
            if en:
                return f"{mine} is in progress: the diploma is expected once it is awarded."
            return f"{mine} est en cours : le diplôme est attendu dès sa délivrance."
        if en:
            return f"{mine} is in progress: send the diploma as soon as it is awarded."
        return f"{mine} est en cours : envoyez le diplôme dès sa délivrance."
    if status == "review_foreign":
        if staff:
            if en:
                return (
                    "The applicant's degree was awarded abroad: the admissions committee judges "
                    "its equivalence."
                )
            return (
                "Le diplôme du candidat a été obtenu à l'étranger : la commission d'admission "
                "apprécie son équivalence."
            )
        if en:
            return (
                "Your degree was awarded abroad: the admissions committee will judge its "
                "equivalence."
            )
        return (
            "Votre diplôme a été obtenu à l'étranger : la commission d'admission appréciera son "
            "équivalence."
        )
    if status == "review":
        assert degree is not None  # nosec B101  # narrows the type: this status names a degree
        mine = _degree_with_field(degree, lang, voice=voice)
        if en:
            return f"The admissions committee will judge whether {mine} meets this requirement."
        return f"La commission d'admission appréciera si {mine} répond à cette exigence."
    if status == "unknown" and staff:
        if degree is None:
            if en:
                return f"The applicant has not added any degree to the profile: {req} is required."
            return f"Le candidat n'a déclaré aucun diplôme dans son profil. Diplôme exigé : {req}."
        missing = [_DEGREE_MISSING[item][0 if en else 1] for item in params["missing"]]
        if en:
            return (
                f"Some information about the applicant's {_degree_bare(degree, lang)} is "
                f"missing: {join(missing, lang, 'and')}."
            )
        return (
            f"Il manque des informations sur {_degree_the_fr(degree)} du candidat : "
            f"{join(missing, lang, 'et')}."
        )
    if status == "unknown":
        if degree is None:
            if en:
                return f"Add your degrees to your profile: {req} is required."
            return f"Ajoutez vos diplômes à votre profil. Diplôme exigé : {req}."
        missing = [_DEGREE_MISSING[item][0 if en else 1] for item in params["missing"]]
        bare = _degree_bare(degree, lang)
        if en:
            return f"Some information about your {bare} is missing: {join(missing, lang, 'and')}."
        return f"Il manque des informations sur votre {bare} : {join(missing, lang, 'et')}."
    # unmet
    reason_key = params["reason"]
    template = (_DEGREE_REASONS_STAFF if staff else _DEGREE_REASONS)[reason_key][0 if en else 1]
    values: dict[str, str] = {}
    if degree is not None:
        values["bare"] = _degree_bare(degree, lang)
        values["the_fr"] = _degree_the_fr(degree)
        values["indef"] = _degree_with_field(degree, lang, indefinite=True)
        if degree.get("field"):
            values["field"] = field_name(degree["field"], lang)
        if degree.get("ects") is not None:
            values["ects"] = number(degree["ects"], lang)
        if degree.get("years") is not None:
            values["years"] = number(degree["years"], lang)
    reason = template.format(**values)
    if en:
        return f"{capitalize(req)} is required; {reason}."
    return f"Diplôme exigé : {req} ; {reason}."


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


# ---------------------------------------------------------------------------------------------
# Experience, certifications, review


def _experience(params: Mapping[str, Any], lang: str, reason: str, voice: str = APPLICANT) -> str:
    minimum: float = params["min_months"]
    # Unknown experience has no months; the met and unmet sentences always do.
    months: float = params.get("months") or 0
    staff = voice == STAFF
    if lang == "en":
        need = f"{number(minimum, lang)} {plural(minimum, 'month', 'months')}"
        need_verb = "is" if minimum == 1 else "are"
        if staff:
            have = f"{number(months, lang)} {plural(months, 'month', 'months')}"
            if reason == "met":
                return (
                    f"The applicant has {have} of professional experience; at least {need} "
                    f"{need_verb} required."
                )
            if reason == "unmet":
                return (
                    f"At least {need} of professional experience {need_verb} required; the "
                    f"applicant has {number(months, lang)}."
                )
            return (
                "The applicant has not said how many months of professional experience they "
                f"have: at least {need} {need_verb} required."
            )
        if reason == "met":
            have = f"{number(months, lang)} {plural(months, 'month', 'months')}"
            return (
                f"You have {have} of professional experience; at least {need} {need_verb} required."
            )
        if reason == "unmet":
            return (
                f"At least {need} of professional experience {need_verb} required; you have "
                f"{number(months, lang)}."
            )
        return (
            "Tell us how many months of professional experience you have: at least "
            f"{need} {need_verb} required."
        )
    need_fr = f"{number(minimum, lang)} mois"
    verb_fr = "sont exigés" if french_plural(minimum) else "est exigé"
    if staff:
        if reason == "met":
            return (
                f"Le candidat a {number(months, lang)} mois d'expérience professionnelle ; au "
                f"moins {need_fr} {verb_fr}."
            )
        if reason == "unmet":
            return (
                f"Au moins {need_fr} d'expérience professionnelle {verb_fr} ; le candidat en a "
                f"{number(months, lang)}."
            )
        return (
            "Le candidat n'a pas indiqué son nombre de mois d'expérience professionnelle : au "
            f"moins {need_fr} {verb_fr}."
        )
    if reason == "met":
        return (
            f"Vous avez {number(months, lang)} mois d'expérience professionnelle ; au moins "
            f"{need_fr} {verb_fr}."
        )
    if reason == "unmet":
        return (
            f"Au moins {need_fr} d'expérience professionnelle {verb_fr} ; vous en avez "
            f"{number(months, lang)}."
        )
    return (
        "Indiquez votre nombre de mois d'expérience professionnelle : au moins "
        f"{need_fr} {verb_fr}."
    )


_CERTIFICATION: Mapping[str, tuple[str, str]] = {
    "met": ("You have passed {name}.", "Vous avez validé {name}."),
    "pending": (
        "{Name} is pending: you may send its result after submitting.",
        "{Name} est en attente : vous pourrez envoyer son résultat après le dépôt de votre "
        "candidature.",
    ),
    "pending_not_allowed": (
        "{Name} is pending, but this programme needs its result before you submit.",
        "{Name} est en attente, mais ce programme exige son résultat avant le dépôt de votre "
        "candidature.",
    ),
    "failed": (
        "You have not passed {name}; passing it is required.",
        "Vous n'avez pas validé {name} ; sa validation est exigée.",
    ),
    "unknown": (
        "Passing {name} is required: tell us whether you have passed it.",
        "La validation {of_name} est exigée : indiquez si vous l'avez obtenue.",
    ),
}


_CERTIFICATION_STAFF: Mapping[str, tuple[str, str]] = {
    "met": ("The applicant has passed {name}.", "Le candidat a validé {name}."),
    "pending": (
        "{Name} is pending: its result may come after submission.",
        "{Name} est en attente : son résultat peut arriver après le dépôt de la candidature.",
    ),
    "pending_not_allowed": (
        "{Name} is pending, but this programme needs its result before submission.",
        "{Name} est en attente, mais ce programme exige son résultat avant le dépôt de la "
        "candidature.",
    ),
    "failed": (
        "The applicant has not passed {name}; passing it is required.",
        "Le candidat n'a pas validé {name} ; sa validation est exigée.",
    ),
    "unknown": (
        "Passing {name} is required: the applicant has not said whether they passed it.",
        "La validation {of_name} est exigée : le candidat n'a pas indiqué s'il l'a obtenue.",
    ),
}


def certification_name(params: Mapping[str, Any], lang: str, form: int | None = None) -> str:
    kind = CERTIFICATION_KINDS[params["kind"]][form if form is not None else LANGS.index(lang)]
    title = params["name"]
    return f"{kind} '{title}'" if lang == "en" else f"{kind} « {title} »"


def _certification(
    params: Mapping[str, Any], lang: str, reason: str, voice: str = APPLICANT
) -> str:
    name = certification_name(params, lang)
    table = _CERTIFICATION_STAFF if voice == STAFF else _CERTIFICATION
    template = table[reason][0 if lang == "en" else 1]
    of_name = certification_name(params, lang, form=2) if lang == "fr" else name
    return template.format(name=name, Name=capitalize(name), of_name=of_name)


def _review(params: Mapping[str, Any], lang: str, reason: str, voice: str = APPLICANT) -> str:
    return str(params["description_en"] if lang == "en" else params["description_fr"])


_GROUPS: Mapping[str, tuple[str, str]] = {
    "all_of.met": ("All of these conditions are met.", "Toutes ces conditions sont remplies."),
    "all_of.unmet": (
        "At least one of these conditions is not met.",
        "Au moins une de ces conditions n'est pas remplie.",
    ),
    "all_of.unknown": (
        "Some information is missing to check these conditions.",
        "Il manque des informations pour vérifier ces conditions.",
    ),
    "all_of.pending": (
        "Some results are pending for these conditions.",
        "Des résultats sont en attente pour ces conditions.",
    ),
    "all_of.review": (
        "The admissions committee will judge part of these conditions.",
        "La commission d'admission appréciera une partie de ces conditions.",
    ),
    "any_of.met": (
        "At least one of these options is met.",
        "Au moins une de ces options est remplie.",
    ),
    "any_of.unmet": ("None of these options is met.", "Aucune de ces options n'est remplie."),
    "any_of.unknown": (
        "Some information is missing to check these options.",
        "Il manque des informations pour vérifier ces options.",
    ),
    "any_of.pending": (
        "One of these options depends on a pending result.",
        "Une de ces options dépend d'un résultat en attente.",
    ),
    "any_of.review": (
        "The admissions committee will judge whether one of these options is met.",
        "La commission d'admission appréciera si une de ces options est remplie.",
    ),
}


def _group(params: Mapping[str, Any], lang: str, reason: str, voice: str = APPLICANT) -> str:
    sentence = _GROUPS[reason][0 if lang == "en" else 1]
    label = params.get("label_en" if lang == "en" else "label_fr")
    if label:
        # "Degree: none of these options is met." (the sentence goes on after the label)
        sentence = sentence[:1].lower() + sentence[1:]
        return f"{label}: {sentence}" if lang == "en" else f"{label} : {sentence}"
    return sentence


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
