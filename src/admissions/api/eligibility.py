"""``POST /eligibility/check``: evaluate a profile against one programme entry level.

No authentication (the public self-check's API), throttled per address. The profile takes
the rules engine's shape; every field may be omitted, and what is omitted is *unknown* to the
rules (the outcome then says what is missing), which differs from an empty list (*none*).
Messages are in the request's language (``Accept-Language``: en or fr).

Answers 200 with the outcome and every criterion, 404 for an unknown programme or entry level
(or an unpublished programme), 422 naming each invalid field (``profile.degrees[0].ects``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from ninja.throttling import AnonRateThrottle

from admissions.api.errors import ERRORS, PUBLIC_ERRORS
from admissions.api.schemas import Code, In, items
from admissions.applicants import validation
from admissions.catalogue.models import Programme
from admissions.core import clock
from admissions.eligibility import selectors, services
from admissions.rules import eligibility as engine


class EligibilityCheckThrottle(AnonRateThrottle):
    """Its own scope, so checking eligibility and browsing the catalogue do not share one
    allowance per address."""

    scope = "eligibility-check"


router = Router(tags=["eligibility"], auth=None, throttle=[EligibilityCheckThrottle("30/min")])


_Strict = In  # an unknown key is refused with its name rather than silently ignored
Codes = items(Code, validation.MAX_LIST_ITEMS)


class SelfCheckDegreeIn(_Strict):
    level: Code | None = Field(
        None, description="bachelor, master1, master, engineering, mba, doctorate or other"
    )
    field: Code | None = Field(
        None, description="computer_science, applied_mathematics, telecommunications, …"
    )
    ects: float | None = Field(None, description="ECTS from the start of higher education")
    years: float | None = Field(None, description="years of higher education")
    country: Code | None = Field(None, description="ISO 3166-1 alpha-2 code, e.g. FR")
    cti_accredited: bool | None = None
    completed: bool | None = None


class SelfCheckLanguageTestIn(_Strict):
    test: Code = Field(
        ...,
        description="TOEIC_LR, TOEFL_IBT, TOEFL_PBT, TOEFL_ITP, IELTS, CAMBRIDGE, DELF, DALF, "
        "TCF, TEF or ACADEMIC",
    )
    score: float | None = None
    level: Code | None = Field(None, description="CEFR level, A1 to C2")
    date: dt.date | None = Field(None, description="when the test was taken (YYYY-MM-DD)")


class SelfCheckCertificationIn(_Strict):
    code: Code = Field(..., description="e.g. mooc-big-data-basics")
    status: Code = Field(..., description="passed, pending or failed")


class ProfileIn(_Strict):
    nationalities: Codes | None = None
    residence_country: Code | None = None
    native_languages: Codes | None = None
    instruction_languages: Codes | None = None
    degrees: items(SelfCheckDegreeIn, validation.MAX_ROWS) | None = None
    experience_months: float | None = None
    language_tests: items(SelfCheckLanguageTestIn, validation.MAX_ROWS) | None = None
    certifications: items(SelfCheckCertificationIn, validation.MAX_ROWS) | None = None


class CheckIn(_Strict):
    programme: Code = Field(..., description="the programme's slug, e.g. post-master-ai")
    entry_level: Code = Field(..., description="the entry level's code, e.g. pm")
    profile: ProfileIn = Field(default_factory=ProfileIn)


class CriterionOut(Schema):
    code: str
    status: str = Field(..., description="met, unmet, unknown, pending or review")
    message: str
    label: str | None = None


class CheckOut(Schema):
    outcome: str = Field(..., description="eligible, not_eligible, incomplete or needs_review")
    message: str
    criteria: list[CriterionOut]
    rules_version: str
    programme: str
    entry_level: str


def _profile_dict(profile: ProfileIn) -> dict[str, Any]:
    """What the request said, omitted keys left out (unknown); an explicit null is unknown
    too, as the engine reads it."""
    return profile.model_dump(exclude_unset=True, mode="python")


def _language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


@router.post(
    "/check",
    response={200: CheckOut, **ERRORS, **PUBLIC_ERRORS},
    summary="Check a profile's eligibility for one programme entry level",
)
def check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    level = selectors.entry_level_of(payload.programme, payload.entry_level, published_only=True)
    try:
        profile = engine.Profile.from_dict(_profile_dict(payload.profile))
    except engine.ProfileError as error:
        raise NinjaValidationError(
            [
                {"loc": (f"profile.{path}" if path else "profile",), "msg": message}
                for path, message in error.errors
            ]
        ) from None
    programme: Programme = level.programme
    result = engine.evaluate(
        services.compiled_rules(level),
        profile,
        today=services.local_today(programme, clock.now()),
    )
    language = _language()
    return {
        "outcome": str(result.outcome),
        "message": result.message(language),
        "criteria": [
            {
                "code": criterion.code,
                "status": str(criterion.status),
                "message": criterion.message(language),
                "label": criterion.label(language),
            }
            for criterion in result.criteria
        ],
        "rules_version": result.rules_version,
        "programme": programme.slug,
        "entry_level": level.code,
    }
