"""Whether the "Études en France" procedure applies to an applicant.

The programme pages say: "If you are a foreign student not a national of the EEA (nor
Switzerland/Monaco/Andorra) and reside in a country covered by 'Études en France', you must
complete two steps" (the school's application and the Campus France procedure, which leads to
the visa). So the procedure applies when **no** nationality of the person is exempt and they
**reside** in a covered country.

The covered countries change from year to year: they are configuration
(``settings.ETUDES_EN_FRANCE_COUNTRIES``). The exempt nationalities are a treaty matter
(EEA, Switzerland, Monaco, Andorra) and live here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django_countries import countries

# The 27 EU member states plus Iceland, Liechtenstein and Norway (the EEA).
_EEA = """
    AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE
    IS LI NO
"""
EEA_COUNTRIES: frozenset[str] = frozenset(_EEA.split())
# Nationals of these need no visa procedure either; the programme pages name them.
OTHER_EXEMPT_COUNTRIES: frozenset[str] = frozenset({"CH", "MC", "AD"})
EXEMPT_NATIONALITIES: frozenset[str] = EEA_COUNTRIES | OTHER_EXEMPT_COUNTRIES


def covered_countries() -> frozenset[str]:
    return frozenset(code.upper() for code in settings.ETUDES_EN_FRANCE_COUNTRIES)


def is_eea_or_swiss(nationalities: Iterable[str]) -> bool:
    """Whether one nationality is of the EEA or Switzerland (the ``eea_national`` fact)."""
    return any(code in EEA_COUNTRIES or code == "CH" for code in nationalities)


@dataclass(frozen=True)
class EtudesEnFrance:
    """The derivation's result: ``applies`` and why, in English and French.

    ``known`` is False while nationality or residence is missing from the profile; then
    ``applies`` is False and the reason asks for them.
    """

    applies: bool
    known: bool
    code: str
    reason_en: str
    reason_fr: str

    def reason(self, language: str) -> str:
        return self.reason_fr if language.startswith("fr") else self.reason_en


def _name(code: str, language: str) -> str:
    with translation.override(language):
        return str(countries.name(code)) or code


def derive(nationalities: Iterable[str], residence_country: str) -> EtudesEnFrance:
    nationalities = [code.upper() for code in nationalities if code]
    residence = (residence_country or "").upper()
    if not nationalities or not residence:
        return EtudesEnFrance(
            applies=False,
            known=False,
            code="unknown",
            reason_en=(
                "Give your nationality and your country of residence: they tell whether the "
                "Études en France procedure applies to you."
            ),
            reason_fr=(
                "Indiquez votre nationalité et votre pays de résidence : ils déterminent si la "
                "procédure Études en France s'applique à vous."
            ),
        )
    exempt = sorted(code for code in nationalities if code in EXEMPT_NATIONALITIES)
    if exempt:
        return EtudesEnFrance(
            applies=False,
            known=True,
            code="exempt_nationality",
            reason_en=(
                f"As a national of {_name(exempt[0], 'en')}, you do not need the Études en "
                "France procedure (it concerns nationals of countries outside the European "
                "Economic Area, Switzerland, Monaco and Andorra)."
            ),
            reason_fr=(
                f"En tant que ressortissant de ce pays ({_name(exempt[0], 'fr')}), vous n'avez "
                "pas à suivre la procédure Études en France (elle concerne les ressortissants "
                "de pays hors de l'Espace économique européen, de la Suisse, de Monaco et "
                "d'Andorre)."
            ),
        )
    if residence not in covered_countries():
        return EtudesEnFrance(
            applies=False,
            known=True,
            code="residence_not_covered",
            reason_en=(
                f"You live in {_name(residence, 'en')}, which the Études en France procedure "
                "does not cover: apply to the school directly, then ask the French consulate "
                "about the visa."
            ),
            reason_fr=(
                f"Vous résidez dans un pays ({_name(residence, 'fr')}) que la procédure Études "
                "en France ne couvre pas : candidatez directement auprès de l'école, puis "
                "renseignez-vous auprès du consulat de France pour le visa."
            ),
        )
    return EtudesEnFrance(
        applies=True,
        known=True,
        code="applies",
        reason_en=(
            f"You live in {_name(residence, 'en')}, a country covered by the Études en France "
            "procedure, and hold no nationality of the European Economic Area, Switzerland, "
            "Monaco or Andorra: besides this application, complete your Études en France file "
            "on the Campus France website and give its number here. It is needed for the "
            "visa and may give access to scholarships."
        ),
        reason_fr=(
            f"Vous résidez dans un pays couvert par la procédure Études en France "
            f"({_name(residence, 'fr')}) et n'avez pas la nationalité d'un pays de l'Espace "
            "économique européen, de la Suisse, de Monaco ou d'Andorre : en plus de cette "
            "candidature, constituez votre dossier Études en France sur le site de Campus "
            "France et indiquez son numéro ici. Il est nécessaire pour le visa et peut donner "
            "accès à des bourses."
        ),
    )
