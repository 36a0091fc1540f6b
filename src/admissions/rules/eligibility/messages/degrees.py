"""Sentences about degrees: what a programme requires, and why an applicant's degree meets
it or not, in both languages and both voices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from admissions.rules.eligibility.messages.words import (
    APPLICANT,
    DEGREE_LEVELS,
    DEGREE_RANK,
    DEGREE_THE_FR,
    STAFF,
    capitalize,
    field_name,
    join,
    number,
    plural,
)

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
