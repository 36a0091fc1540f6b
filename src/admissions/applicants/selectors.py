"""Reads of the applicant's profile, shaped for the pages, the API and the rules.

- ``profile_of(user)``: the profile with its four lists prefetched (or ``None``), read once
  per page view (``core.memo``);
- ``experience_months(profile)``: professional experience in whole months, overlaps counted
  once;
- ``eligibility_profile(profile)``: the JSON the eligibility engine reads
  (``rules.eligibility.Profile.from_dict``);
- ``profile_facts(profile)``: the facts the document conditions name
  (``rules.conditions.KNOWN_FACTS``);
- ``etudes_en_france(profile)``: whether that procedure applies, and why;
- ``profile_gaps(profile)``: what a profile must still say before an application is
  submitted.

"Unknown" and "none" differ for the rules: a list the applicant has not filled in is
``None`` (unknown), not an empty list (none). Degrees and language tests the applicant has not
entered are unknown (everyone applying has a degree; a missing test is information missing,
not a fail); experience is unknown until the applicant adds a job or ticks "I have no
professional experience"; certifications not declared are an empty list, which the engine
reads as "not declared" for each certification anyway.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from admissions.applicants import etudes_en_france as eef
from admissions.applicants.models import (
    Certification,
    Degree,
    DegreeLevel,
    Experience,
    LanguageTest,
    Profile,
    local_today,
)
from admissions.core import memo


def profile_queryset() -> Any:
    return Profile.objects.select_related("user").prefetch_related(
        Prefetch("degrees", queryset=Degree.objects.order_by("position", "started_on", "pk")),
        Prefetch(
            "experiences", queryset=Experience.objects.order_by("position", "started_on", "pk")
        ),
        Prefetch(
            "language_tests", queryset=LanguageTest.objects.order_by("position", "taken_on", "pk")
        ),
        Prefetch("certifications", queryset=Certification.objects.order_by("position", "pk")),
    )


def profile_memo_key(user_id: int) -> tuple[str, int]:
    return ("applicants.profile", user_id)


def profile_of(user: Any) -> Profile | None:
    """The person's profile with its lists prefetched, or ``None`` if never started.

    Read once per page view: the dashboard's next steps, the advice, the documents' conditions
    and the profile check all ask for it (``core.memo``; the applicant services forget it when
    they write)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return memo.remembered(
        profile_memo_key(user.pk), lambda: profile_queryset().filter(user=user).first()
    )


def experience_months(profile: Profile, *, today: dt.date | None = None) -> int | None:
    """Whole months of professional experience; ``None`` when the profile does not say.

    Periods are merged first, so two jobs held at once count once; an ongoing job counts up
    to ``today`` included. Each period counts its whole calendar months (1 January to 30
    June is 6; the days left over are not counted).
    """
    today = today or local_today()
    periods = sorted(
        (job.started_on, min(job.ended_on or today, today))
        for job in profile.experiences.all()
        if job.started_on <= today
    )
    if not periods:
        return 0 if profile.no_professional_experience else None
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in periods:
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return sum(_whole_months(start, end + dt.timedelta(days=1)) for start, end in merged)


def _whole_months(start: dt.date, end_exclusive: dt.date) -> int:
    """Calendar months from ``start`` up to ``end_exclusive``: 1 Jan → 1 Jul is 6."""
    months = (end_exclusive.year - start.year) * 12 + end_exclusive.month - start.month
    if end_exclusive.day < start.day:
        months -= 1
    return max(months, 0)


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _codes(values: list[str]) -> list[str] | None:
    return list(values) if values else None


def eligibility_profile(profile: Profile, *, today: dt.date | None = None) -> dict[str, Any]:
    """The profile in the JSON shape the eligibility engine takes (see the module doc for
    what ``None`` means)."""
    degrees = [
        {
            "level": degree.level,
            "field": degree.field,
            "ects": degree.ects,
            "years": _number(degree.years_of_study),
            "country": degree.country or None,
            "cti_accredited": degree.cti_accredited,
            "completed": degree.completed,
        }
        for degree in profile.degrees.all()
    ]
    tests = [
        {
            "test": test.test,
            "score": _number(test.score),
            "level": test.level or None,
            "date": test.taken_on.isoformat() if test.taken_on else None,
        }
        for test in profile.language_tests.all()
    ]
    return {
        "nationalities": _codes(profile.nationalities),
        "residence_country": profile.residence_country or None,
        "native_languages": _codes(profile.native_languages),
        "instruction_languages": _codes(profile.instruction_languages),
        "degrees": degrees or None,
        "experience_months": experience_months(profile, today=today),
        "language_tests": tests or None,
        "certifications": [
            {"code": cert.code, "status": cert.status} for cert in profile.certifications.all()
        ],
    }


def etudes_en_france(profile: Profile) -> eef.EtudesEnFrance:
    return eef.derive(profile.nationalities, profile.residence_country)


def _language_fact(languages: list[str], code: str) -> bool | None:
    return (code in languages) if languages else None


def _any_of(*values: bool | None) -> bool | None:
    """Kleene "or": true if one is true, unknown if none is true and one is unknown."""
    if any(value is True for value in values):
        return True
    if any(value is None for value in values):
        return None
    return False


def profile_facts(
    profile: Profile, *, today: dt.date | None = None
) -> dict[str, bool | int | None]:
    """The facts document conditions are written with (``None`` = the profile does not say).

    Degree facts count every declared degree, completed or in progress: a final-year student
    sends the same transcripts.
    """
    native = list(profile.native_languages)
    instruction = list(profile.instruction_languages)
    degrees = list(profile.degrees.all())
    nationalities = list(profile.nationalities)
    eea_national = eef.is_eea_or_swiss(nationalities) if nationalities else None
    eef_result = etudes_en_france(profile)
    french_native = _language_fact(native, "fr")
    french_instruction = _language_fact(instruction, "fr")
    countries = {degree.country for degree in degrees if degree.country}
    return {
        "english_native": _language_fact(native, "en"),
        "english_instruction": _language_fact(instruction, "en"),
        "french_native": french_native,
        "french_instruction": french_instruction,
        "french_speaker": _any_of(french_native, french_instruction),
        "etudes_en_france": eef_result.applies if eef_result.known else None,
        "eea_national": eea_national,
        "is_international": None if eea_national is None else not eea_national,
        "has_foreign_degree": any(c != "FR" for c in countries) if degrees else None,
        "has_french_degree": "FR" in countries if degrees else None,
        "has_engineering_degree": (
            any(degree.level == DegreeLevel.ENGINEERING for degree in degrees) if degrees else None
        ),
        "experience_months": experience_months(profile, today=today),
    }


@dataclass(frozen=True)
class ProfileGap:
    """Something the profile must say before an application can be submitted."""

    field: str
    message_en: str
    message_fr: str


_GAPS: tuple[tuple[str, str, str], ...] = (
    (
        "given_names",
        "Give your given names as on your passport.",
        "Indiquez vos prénoms tels qu'ils figurent sur votre passeport.",
    ),
    (
        "family_name",
        "Give your family name as on your passport.",
        "Indiquez votre nom de famille tel qu'il figure sur votre passeport.",
    ),
    ("date_of_birth", "Give your date of birth.", "Indiquez votre date de naissance."),
    ("nationalities", "Give your nationality.", "Indiquez votre nationalité."),
    (
        "residence_country",
        "Give the country you live in.",
        "Indiquez votre pays de résidence.",
    ),
    (
        "native_languages",
        "Give your native language.",
        "Indiquez votre langue maternelle.",
    ),
    (
        "degrees",
        "Add at least one degree (completed or in progress) to your education history.",
        "Ajoutez au moins un diplôme (obtenu ou en cours) à votre parcours.",
    ),
)


def profile_gaps(profile: Profile | None) -> list[ProfileGap]:
    """What the profile still lacks for a submission, in the order of the profile form."""
    if profile is None:
        return [ProfileGap(field, en, fr) for field, en, fr in _GAPS]
    filled = {
        "given_names": bool(profile.given_names.strip()),
        "family_name": bool(profile.family_name.strip()),
        "date_of_birth": profile.date_of_birth is not None,
        "nationalities": bool(profile.nationalities),
        "residence_country": bool(profile.residence_country),
        "native_languages": bool(profile.native_languages),
        "degrees": bool(profile.degrees.all()),
    }
    return [ProfileGap(field, en, fr) for field, en, fr in _GAPS if not filled[field]]
