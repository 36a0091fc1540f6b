"""The vocabulary of eligibility sentences: names of degree levels, fields, languages and
certification kinds in English and French, and the helpers that format numbers, dates and
lists the way each language writes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

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
