"""The signed-in applicant's profile: ``GET`` and ``PATCH /me/profile``.

``PATCH`` changes the fields it sends and leaves the others alone; a list it sends
(``degrees``, ``experiences``, ``language_tests``, ``certifications``) replaces the stored
list whole. When a field is wrong nothing is saved and the answer (422) names every field
concerned, so the client sends again what the person typed, corrected.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from admissions.api.errors import ERRORS, READ_ERRORS
from admissions.api.schemas import Code, In, items, text
from admissions.applicants import selectors, services, validation
from admissions.applicants.models import Profile

router = Router(tags=["profile"])


# The bounds of the models (``applicants.models``), so a too-long value is a 422 naming it.
Name = text(150)
Label = text(200)
Grade = text(100)
Address = text(validation.MAX_ADDRESS_LENGTH)
SpecialNeeds = text(validation.MAX_SPECIAL_NEEDS_LENGTH)
Codes = items(Code, validation.MAX_LIST_ITEMS)
SubScores = Annotated[dict[Code, float], Field(max_length=validation.MAX_LIST_ITEMS)]


class DegreeIn(In):
    level: Code
    field: Code
    title: Label = ""
    institution: Label
    country: Code
    ects: int | None = None
    years_of_study: float | None = None
    started_on: dt.date
    ended_on: dt.date | None = None
    completed: bool = True
    grade: Grade = ""
    cti_accredited: bool | None = None


class ExperienceIn(In):
    employer: Label
    role: Label
    started_on: dt.date
    ended_on: dt.date | None = None


class LanguageTestIn(In):
    test: Code
    taken_on: dt.date | None = None
    score: float | None = None
    level: Code = ""
    sub_scores: SubScores = {}


class CertificationIn(In):
    code: Code
    name: Label
    status: Code = "passed"
    obtained_on: dt.date | None = None


class DegreeOut(Schema):
    level: str
    field: str
    title: str
    institution: str
    country: str
    ects: int | None
    years_of_study: float | None
    started_on: dt.date
    ended_on: dt.date | None
    completed: bool
    grade: str
    cti_accredited: bool | None


class ExperienceOut(Schema):
    employer: str
    role: str
    started_on: dt.date
    ended_on: dt.date | None
    ongoing: bool


class LanguageTestOut(Schema):
    test: str
    taken_on: dt.date | None
    score: float | None
    level: str
    sub_scores: dict[str, float]
    awaited: bool


class CertificationOut(Schema):
    code: str
    name: str
    status: str
    obtained_on: dt.date | None


class EtudesEnFranceOut(Schema):
    applies: bool
    known: bool
    reason: str
    reason_en: str
    reason_fr: str


class ProfilePatch(In):
    given_names: Name | None = None
    family_name: Name | None = None
    date_of_birth: dt.date | None = None
    nationalities: Codes | None = None
    residence_country: Code | None = None
    phone: text(32) | None = None
    address: Address | None = None
    preferred_language: Code | None = None
    native_languages: Codes | None = None
    instruction_languages: Codes | None = None
    no_professional_experience: bool | None = None
    special_needs: SpecialNeeds | None = None
    eef_file_number: text(40) | None = None
    degrees: items(DegreeIn, validation.MAX_ROWS) | None = None
    experiences: items(ExperienceIn, validation.MAX_ROWS) | None = None
    language_tests: items(LanguageTestIn, validation.MAX_ROWS) | None = None
    certifications: items(CertificationIn, validation.MAX_ROWS) | None = None


class ProfileOut(Schema):
    email: str
    given_names: str
    family_name: str
    date_of_birth: dt.date | None
    nationalities: list[str]
    residence_country: str
    phone: str
    address: str
    preferred_language: str
    native_languages: list[str]
    instruction_languages: list[str]
    no_professional_experience: bool
    special_needs: str
    eef_file_number: str
    etudes_en_france: EtudesEnFranceOut
    experience_months: int | None
    degrees: list[DegreeOut]
    experiences: list[ExperienceOut]
    language_tests: list[LanguageTestOut]
    certifications: list[CertificationOut]
    updated_at: dt.datetime | None


def _rows(profile: Profile, name: str) -> list[Any]:
    return list(getattr(profile, name).all()) if profile.pk else []


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def profile_out(profile: Profile, language: str) -> dict[str, Any]:
    eef = selectors.etudes_en_france(profile)
    return {
        "email": profile.user.email,
        **{name: getattr(profile, name) for name in services.PROFILE_FIELDS},
        "preferred_language": profile.user.preferred_language,
        "etudes_en_france": {
            "applies": eef.applies,
            "known": eef.known,
            "reason": eef.reason(language),
            "reason_en": eef.reason_en,
            "reason_fr": eef.reason_fr,
        },
        "experience_months": selectors.experience_months(profile) if profile.pk else None,
        "degrees": [
            {
                **{name: getattr(degree, name) for name in services.ROWS["degrees"][1]},
                "years_of_study": _number(degree.years_of_study),
            }
            for degree in _rows(profile, "degrees")
        ],
        "experiences": [
            {
                **{name: getattr(job, name) for name in services.ROWS["experiences"][1]},
                "ongoing": job.ongoing,
            }
            for job in _rows(profile, "experiences")
        ],
        "language_tests": [
            {
                **{name: getattr(test, name) for name in services.ROWS["language_tests"][1]},
                "score": _number(test.score),
                "awaited": test.awaited,
            }
            for test in _rows(profile, "language_tests")
        ],
        "certifications": [
            {name: getattr(cert, name) for name in services.ROWS["certifications"][1]}
            for cert in _rows(profile, "certifications")
        ],
        "updated_at": profile.updated_at if profile.pk else None,
    }


def _language(request: HttpRequest) -> str:
    return getattr(request, "LANGUAGE_CODE", "en") or "en"


@router.get("/profile", response={200: ProfileOut, **READ_ERRORS})
def get_profile(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's profile (empty fields until they fill it in)."""
    profile = selectors.profile_of(request.user) or Profile(user=request.user)
    return profile_out(profile, _language(request))


@router.patch("/profile", response={200: ProfileOut, **ERRORS})
def patch_profile(request: HttpRequest, payload: ProfilePatch) -> dict[str, Any]:
    """Change the fields sent; lists sent replace the stored lists whole."""
    data = payload.dict(exclude_unset=True)
    preferred_language = data.pop("preferred_language", None)
    profile = services.get_or_create_profile(user=request.user)
    services.update_profile(
        profile=profile, data=data, actor=request.user, preferred_language=preferred_language
    )
    fresh = selectors.profile_of(request.user)
    assert fresh is not None  # nosec B101  # narrows the type: the profile was just saved
    return profile_out(fresh, _language(request))
