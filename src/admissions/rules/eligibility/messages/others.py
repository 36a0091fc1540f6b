"""Sentences about experience, certifications (a MOOC), what the committee judges, and
groups of criteria, in both languages and both voices."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from admissions.rules.eligibility.messages.words import (
    APPLICANT,
    CERTIFICATION_KINDS,
    LANGS,
    STAFF,
    capitalize,
    french_plural,
    number,
    plural,
)

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
