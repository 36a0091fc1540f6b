"""The signed-in applicant's profile: ``GET`` and ``PATCH /me/profile``.

``PATCH`` changes the fields it sends and leaves the others alone; a list it sends
(``degrees``, ``experiences``, ``language_tests``, ``certifications``) replaces the stored
list whole. When a field is wrong nothing is saved and the answer (422) names every field
concerned, so the client sends again what the person typed, corrected.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from admissions.api.errors import ErrorOut
from admissions.applicants import selectors, services
from admissions.applicants.models import Profile

router = Router(tags=["profile"])


class DegreeIn(Schema):
    level: str
    field: str
    title: str = ""
    institution: str
    country: str
    ects: int | None = None
    years_of_study: float | None = None
    started_on: dt.date
    ended_on: dt.date | None = None
    completed: bool = True
    grade: str = ""
    cti_accredited: bool | None = None


class ExperienceIn(Schema):
    employer: str
    role: str
    started_on: dt.date
    ended_on: dt.date | None = None


class LanguageTestIn(Schema):
    test: str
    taken_on: dt.date | None = None
    score: float | None = None
    level: str = ""
    sub_scores: dict[str, float] = {}


class CertificationIn(Schema):
    code: str
    name: str
    status: str = "passed"
    obtained_on: dt.date | None = None


class DegreeOut(DegreeIn):
    pass


class ExperienceOut(ExperienceIn):
    ongoing: bool


class LanguageTestOut(LanguageTestIn):
    awaited: bool


class CertificationOut(CertificationIn):
    pass


class EtudesEnFranceOut(Schema):
    applies: bool
    known: bool
    reason: str
    reason_en: str
    reason_fr: str


class ProfilePatch(Schema):
    given_names: str | None = None
    family_name: str | None = None
    date_of_birth: dt.date | None = None
    nationalities: list[str] | None = None
    residence_country: str | None = None
    phone: str | None = None
    address: str | None = None
    preferred_language: str | None = None
    native_languages: list[str] | None = None
    instruction_languages: list[str] | None = None
    no_professional_experience: bool | None = None
    special_needs: str | None = None
    eef_file_number: str | None = None
    degrees: list[DegreeIn] | None = None
    experiences: list[ExperienceIn] | None = None
    language_tests: list[LanguageTestIn] | None = None
    certifications: list[CertificationIn] | None = None


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


@router.get("/profile", response={200: ProfileOut, 401: ErrorOut})
def get_profile(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's profile (empty fields until they fill it in)."""
    profile = selectors.profile_of(request.user) or Profile(user=request.user)
    return profile_out(profile, _language(request))


@router.patch("/profile", response={200: ProfileOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut})
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
