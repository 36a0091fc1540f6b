"""The profile as the eligibility engine's JSON, and as the facts document conditions use."""

import datetime as dt

from admissions.applicants import selectors
from admissions.rules.eligibility import Profile as EngineProfile
from tests.applicants.factories import (
    CertificationFactory,
    DegreeFactory,
    ExperienceFactory,
    LanguageTestFactory,
    ProfileFactory,
)

TODAY = dt.date(2026, 11, 23)


def test_a_full_profile_gives_the_engines_shape_and_the_engine_reads_it(db):
    profile = ProfileFactory(moroccan_in_morocco=True, with_degree=False)
    DegreeFactory(
        profile=profile,
        level="engineering",
        field="telecommunications",
        country="MA",
        ects=300,
        years_of_study=5,
        cti_accredited=None,
    )
    ExperienceFactory(profile=profile, started_on=dt.date(2023, 11, 23), ended_on=None)
    LanguageTestFactory(profile=profile, test="IELTS", score=6.5, taken_on=dt.date(2026, 2, 1))
    CertificationFactory(profile=profile, status="pending")

    data = selectors.eligibility_profile(profile, today=TODAY)

    assert data == {
        "nationalities": ["MA"],
        "residence_country": "MA",
        "native_languages": ["ar"],
        "instruction_languages": ["fr"],
        "degrees": [
            {
                "level": "engineering",
                "field": "telecommunications",
                "ects": 300,
                "years": 5,
                "country": "MA",
                "cti_accredited": None,
                "completed": True,
            }
        ],
        "experience_months": 36,
        "language_tests": [{"test": "IELTS", "score": 6.5, "level": None, "date": "2026-02-01"}],
        "certifications": [{"code": "mooc-big-data-basics", "status": "pending"}],
    }
    engine_profile = EngineProfile.from_dict(data)
    assert engine_profile.degrees[0].ects == 300


def test_what_the_applicant_has_not_filled_in_is_unknown_not_none(db):
    profile = ProfileFactory(empty=True)
    data = selectors.eligibility_profile(profile, today=TODAY)
    assert data["nationalities"] is None
    assert data["degrees"] is None
    assert data["experience_months"] is None
    assert data["language_tests"] is None
    assert data["certifications"] == []
    EngineProfile.from_dict(data)


def test_ticking_no_professional_experience_makes_it_zero_months(db):
    profile = ProfileFactory(no_professional_experience=True)
    assert selectors.eligibility_profile(profile, today=TODAY)["experience_months"] == 0


def test_facts_for_a_moroccan_engineer_living_in_morocco(db):
    profile = ProfileFactory(moroccan_in_morocco=True, with_degree=False)
    DegreeFactory(profile=profile, engineering=True, country="MA")
    facts = selectors.profile_facts(profile, today=TODAY)
    assert facts == {
        "english_native": False,
        "english_instruction": False,
        "french_native": False,
        "french_instruction": True,
        "french_speaker": True,
        "etudes_en_france": True,
        "eea_national": False,
        "is_international": True,
        "has_foreign_degree": True,
        "has_french_degree": False,
        "has_engineering_degree": True,
        "experience_months": None,
    }


def test_facts_are_unknown_while_the_profile_is_empty(db):
    facts = selectors.profile_facts(ProfileFactory(empty=True), today=TODAY)
    assert set(facts.values()) == {None}


def test_a_swiss_national_counts_as_eea_for_the_conditions(db):
    facts = selectors.profile_facts(ProfileFactory(swiss=True), today=TODAY)
    assert (facts["eea_national"], facts["is_international"], facts["etudes_en_france"]) == (
        True,
        False,
        False,
    )
