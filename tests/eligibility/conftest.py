"""The people and applications of the eligibility stories.

The seed programmes are loaded from programmes/*.yaml (their rules as shipped). ``apply`` makes
an applicant with a profile and an application to one entry level of the 2027 intake, in any
status; by default Camille, a French Master's graduate in computer science with TOEIC 850 and
the MOOC passed, who is eligible everywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import translation

from admissions.applications.models import Application
from admissions.applications.states import Status
from admissions.catalogue.models import EntryLevel
from tests.applicants.factories import (
    CertificationFactory,
    DegreeFactory,
    ExperienceFactory,
    LanguageTestFactory,
    ProfileFactory,
    UserFactory,
)
from tests.calendar import paris

# During round 1 of the 2027 intakes of both seed programmes' YAML.
NOW = paris(2026, 12, 1, 10)

_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def english_unless_asked():
    """Each test starts in English and leaves the language as it found it (a request in
    French activates French for the rest of the thread otherwise)."""
    with translation.override("en"):
        yield


@pytest.fixture
def post_master(seed_programmes):
    """The shipped Post-Master's in AI (the ``officer`` of tests/conftest.py works for it)."""
    return seed_programmes["post-master-ai"]


@pytest.fixture
def msc(seed_programmes):
    return seed_programmes["msc-cps2-ai-iot"]


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def apply(seed_programmes):
    """``apply(programme="post-master-ai", level="pm", status="submitted", degree={…},
    toeic=850, mooc="passed", experience_years=0, profile={…})`` → an Application."""

    def make(
        programme: str = "post-master-ai",
        level: str = "pm",
        *,
        status: str = Status.SUBMITTED,
        degree: dict | None = None,
        toeic: int | None = 850,
        mooc: str | None = "passed",
        experience_years: int = 0,
        profile: dict | None = None,
        language: str = "en",
    ) -> Application:
        entry_level = EntryLevel.objects.select_related("programme").get(
            programme__slug=programme, code=level
        )
        user = UserFactory(preferred_language=language)
        person = ProfileFactory(user=user, with_degree=False, **(profile or {}))
        DegreeFactory(profile=person, **(degree or {}))
        if toeic is not None:
            LanguageTestFactory(profile=person, score=toeic, taken_on=dt.date(2026, 5, 1))
        if mooc is not None:
            CertificationFactory(profile=person, status=mooc)
        if experience_years:
            ExperienceFactory(
                profile=person,
                started_on=dt.date(2026 - experience_years, 9, 1) - dt.timedelta(days=1),
                ended_on=dt.date(2026, 9, 1),
            )
        intake = entry_level.programme.intakes.get(academic_year=2027)
        submitted = status != Status.DRAFT
        number = next(_numbers)
        return Application.objects.create(
            reference=f"{entry_level.programme.reference_prefix}-2027-{number:05d}",
            applicant=user,
            programme=entry_level.programme,
            intake=intake,
            entry_level=entry_level,
            status=status,
            round=intake.rounds.get(number=1) if submitted else None,
            submitted_at=NOW - dt.timedelta(days=1) if submitted else None,
            answers={"career_plan": "Become a machine-learning engineer."},
        )

    return make
