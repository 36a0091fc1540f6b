"""The seed programmes' eligibility rules as shipped in programmes/*.yaml, loaded by the
catalogue loader and evaluated through the eligibility services.

tests/eligibility/test_seed_rules.py checks the engine against reference trees; this module
checks what the YAML actually says: each entry level's typical admitted applicants from the
programme pages, every threshold at, just below and just above its value, the exemptions,
the MOOC that may come later, foreign degrees going to the committee, and the Post-Master
framework's M1 plus three years of experience.
"""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.eligibility import services
from admissions.rules.eligibility import Outcome, Status
from tests.rules.test_seed_rules import M1, M2, PM

TODAY = dt.date(2026, 12, 1)
RECENT = "2026-05-01"

pytestmark = pytest.mark.django_db


def degree(level="bachelor", field="computer_science", **details):
    data = {"level": level, "field": field, "country": "FR", "completed": True}
    data.update(details)
    return data


def toeic(score, on=RECENT):
    return {"test": "TOEIC_LR", "score": score, "date": on}


def person(*degrees, tests=(), native=("fr",), instruction=("fr",), mooc="passed", **more):
    data = {
        "nationalities": ["FR"],
        "residence_country": "FR",
        "native_languages": list(native),
        "instruction_languages": list(instruction),
        "degrees": list(degrees),
        "experience_months": 0,
        "language_tests": list(tests),
    }
    if mooc is not None:
        data["certifications"] = [{"code": "mooc-big-data-basics", "status": mooc}]
    data.update(more)
    return data


@pytest.fixture
def check(seed_programmes):
    def evaluate(programme, entry_level, profile):
        return services.evaluate_profile(
            programme=programme, entry_level=entry_level, profile_dict=profile, today=TODAY
        )

    return evaluate


def m1(check, profile):
    return check("msc-cps2-ai-iot", "m1", profile)


def m2(check, profile):
    return check("msc-cps2-ai-iot", "m2", profile)


def pm(check, profile):
    return check("post-master-ai", "pm", profile)


def test_the_yaml_trees_have_the_shape_of_the_reference_trees(seed_programmes):
    levels = {
        (level.programme.slug, level.code): level
        for programme in seed_programmes.values()
        for level in programme.entry_levels.select_related("programme")
    }
    assert services.compiled_rules(levels["msc-cps2-ai-iot", "m1"]).codes == M1.codes
    assert services.compiled_rules(levels["msc-cps2-ai-iot", "m2"]).codes == M2.codes
    assert services.compiled_rules(levels["post-master-ai", "pm"]).codes == PM.codes


# --- MSc CPS2, entry into M1 ------------------------------------------------------------------


def test_m1_admits_a_computer_science_bachelor_with_a_b2_toeic(check):
    result = m1(check, person(degree(ects=180, years=3), tests=[toeic(800)]))
    assert result.outcome is Outcome.ELIGIBLE


@pytest.mark.parametrize(
    ("ects", "outcome"),
    [(175, Outcome.NOT_ELIGIBLE), (180, Outcome.ELIGIBLE), (185, Outcome.ELIGIBLE)],
)
def test_m1_requires_180_ects(check, ects, outcome):
    assert m1(check, person(degree(ects=ects), tests=[toeic(800)])).outcome is outcome


@pytest.mark.parametrize(
    ("years", "outcome"),
    [(2.5, Outcome.NOT_ELIGIBLE), (3, Outcome.ELIGIBLE), (3.5, Outcome.ELIGIBLE)],
)
def test_m1_counts_years_of_study_when_a_degree_has_no_ects(check, years, outcome):
    assert m1(check, person(degree(years=years), tests=[toeic(800)])).outcome is outcome


@pytest.mark.parametrize(
    ("score", "outcome"),
    [(780, Outcome.NOT_ELIGIBLE), (785, Outcome.ELIGIBLE), (790, Outcome.ELIGIBLE)],
)
def test_m1_asks_for_b2_which_ets_puts_at_toeic_785(check, score, outcome):
    assert m1(check, person(degree(ects=180), tests=[toeic(score)])).outcome is outcome


@pytest.mark.parametrize(
    ("band", "outcome"),
    [(5.0, Outcome.NOT_ELIGIBLE), (5.5, Outcome.ELIGIBLE), (6.0, Outcome.ELIGIBLE)],
)
def test_m1_accepts_ielts_from_band_5_5(check, band, outcome):
    tests = [{"test": "IELTS", "score": band, "date": RECENT}]
    assert m1(check, person(degree(ects=180), tests=tests)).outcome is outcome


def test_m1_exempts_native_english_speakers_from_a_test(check):
    result = m1(check, person(degree(ects=180), native=("en",), tests=[]))
    assert result.outcome is Outcome.ELIGIBLE
    assert result.get("english").status is Status.MET


def test_m1_exempts_applicants_taught_in_english(check):
    result = m1(check, person(degree(ects=180), instruction=("en",), tests=[]))
    assert result.outcome is Outcome.ELIGIBLE


def test_m1_accepts_b2_attested_by_academic_records(check):
    tests = [{"test": "ACADEMIC", "level": "B2"}]
    assert m1(check, person(degree(ects=180), tests=tests)).outcome is Outcome.ELIGIBLE


def test_m1_refuses_an_expired_test(check):
    result = m1(check, person(degree(ects=180), tests=[toeic(900, on="2024-06-01")]))
    assert result.outcome is Outcome.NOT_ELIGIBLE
    assert result.get("english").status is Status.UNMET


def test_m1_sends_a_foreign_bachelor_to_the_committee(check):
    result = m1(check, person(degree(ects=180, country="MA"), tests=[toeic(800)]))
    assert result.outcome is Outcome.NEEDS_REVIEW
    assert result.get("bachelor-or-higher").status is Status.REVIEW


def test_m1_sends_an_engineering_student_to_the_committee(check):
    student = degree(level="engineering", ects=120, years=2, completed=False)
    assert m1(check, person(student, tests=[toeic(800)])).outcome is Outcome.NEEDS_REVIEW


def test_m1_accepts_a_bachelor_in_its_final_year_as_pending(check):
    result = m1(check, person(degree(ects=180, completed=False), tests=[toeic(800)]))
    assert result.outcome is Outcome.INCOMPLETE
    assert result.status is Status.PENDING


def test_m1_refuses_a_bachelor_in_an_unrelated_field(check):
    result = m1(check, person(degree(field="economics", ects=180), tests=[toeic(800)]))
    assert result.outcome is Outcome.NOT_ELIGIBLE


def test_m1_says_what_is_missing_when_nothing_is_given(check):
    result = m1(check, {})
    assert result.outcome is Outcome.INCOMPLETE
    assert {c.status for c in result.criteria} == {Status.UNKNOWN}


# --- MSc CPS2, entry into M2 ------------------------------------------------------------------


def test_m2_admits_an_m1_in_computer_science_with_b2(check):
    m1_degree = degree(level="master1", ects=240, years=4)
    assert m2(check, person(m1_degree, tests=[toeic(800)])).outcome is Outcome.ELIGIBLE


@pytest.mark.parametrize(
    ("ects", "outcome"),
    [(235, Outcome.NOT_ELIGIBLE), (240, Outcome.ELIGIBLE), (245, Outcome.ELIGIBLE)],
)
def test_m2_requires_240_ects(check, ects, outcome):
    m1_degree = degree(level="master1", ects=ects)
    assert m2(check, person(m1_degree, tests=[toeic(800)])).outcome is outcome


def test_m2_accepts_a_related_scientific_field(check):
    m1_degree = degree(level="master1", field="applied_mathematics", ects=240)
    assert m2(check, person(m1_degree, tests=[toeic(800)])).outcome is Outcome.ELIGIBLE


def test_m2_refuses_a_bachelor(check):
    result = m2(check, person(degree(ects=180), tests=[toeic(800)]))
    assert result.outcome is Outcome.NOT_ELIGIBLE


def test_m2_sends_a_foreign_m1_to_the_committee(check):
    m1_degree = degree(level="master1", ects=240, country="IN")
    assert m2(check, person(m1_degree, tests=[toeic(800)])).outcome is Outcome.NEEDS_REVIEW


# --- Post-Master's in AI ----------------------------------------------------------------------


def cti_engineer(**details):
    return degree(level="engineering", ects=300, years=5, cti_accredited=True, **details)


def test_post_master_admits_a_cti_engineer_with_toeic_700_and_the_mooc(check):
    result = pm(check, person(cti_engineer(), tests=[toeic(700)]))
    assert result.outcome is Outcome.ELIGIBLE


def test_post_master_admits_a_french_master_in_applied_mathematics(check):
    master = degree(level="master", field="applied_mathematics", ects=300)
    assert pm(check, person(master, tests=[toeic(750)])).outcome is Outcome.ELIGIBLE


def test_post_master_refuses_a_french_engineering_degree_without_cti(check):
    engineer = degree(level="engineering", ects=300, cti_accredited=False)
    assert pm(check, person(engineer, tests=[toeic(750)])).outcome is Outcome.NOT_ELIGIBLE


@pytest.mark.parametrize(
    ("score", "outcome"),
    [(695, Outcome.NOT_ELIGIBLE), (700, Outcome.ELIGIBLE), (705, Outcome.ELIGIBLE)],
)
def test_post_master_requires_toeic_700(check, score, outcome):
    assert pm(check, person(cti_engineer(), tests=[toeic(score)])).outcome is outcome


@pytest.mark.parametrize(
    ("score", "outcome"),
    [(549, Outcome.NOT_ELIGIBLE), (550, Outcome.ELIGIBLE), (551, Outcome.ELIGIBLE)],
)
def test_post_master_requires_toefl_paper_550(check, score, outcome):
    tests = [{"test": "TOEFL_PBT", "score": score, "date": RECENT}]
    assert pm(check, person(cti_engineer(), tests=tests)).outcome is outcome


@pytest.mark.parametrize(
    ("score", "outcome"),
    [(71, Outcome.NOT_ELIGIBLE), (72, Outcome.ELIGIBLE), (73, Outcome.ELIGIBLE)],
)
def test_post_master_accepts_an_equivalent_exam_at_b2(check, score, outcome):
    tests = [{"test": "TOEFL_IBT", "score": score, "date": RECENT}]
    assert pm(check, person(cti_engineer(), tests=tests)).outcome is outcome


def test_post_master_explains_a_toeic_below_700_in_english_and_french(check):
    english = pm(check, person(cti_engineer(), tests=[toeic(690)])).get("english")
    assert english.status is Status.UNMET
    assert "690" in english.message_en and "700" in english.message_en
    assert "690" in english.message_fr and "700" in english.message_fr


def test_post_master_wants_an_external_exam_not_academic_records(check):
    tests = [{"test": "ACADEMIC", "level": "C1"}]
    result = pm(check, person(cti_engineer(), instruction=("en",), tests=tests))
    assert result.outcome is Outcome.NOT_ELIGIBLE


def test_post_master_exempts_native_english_speakers(check):
    result = pm(check, person(cti_engineer(), native=("en",), tests=[]))
    assert result.outcome is Outcome.ELIGIBLE


def test_post_master_lets_the_mooc_result_come_after_submission(check):
    result = pm(check, person(cti_engineer(), tests=[toeic(750)], mooc="pending"))
    assert result.outcome is Outcome.INCOMPLETE
    assert result.status is Status.PENDING
    assert result.get("mooc-big-data").status is Status.PENDING


def test_post_master_asks_about_an_undeclared_mooc(check):
    result = pm(check, person(cti_engineer(), tests=[toeic(750)], mooc=None))
    assert result.outcome is Outcome.INCOMPLETE
    assert result.get("mooc-big-data").status is Status.UNKNOWN


def test_post_master_sends_a_foreign_engineer_to_the_committee(check):
    foreign = degree(level="engineering", field="telecommunications", ects=300, country="TN")
    assert pm(check, person(foreign, tests=[toeic(750)])).outcome is Outcome.NEEDS_REVIEW


@pytest.mark.parametrize(
    ("years", "outcome"),
    [(4.5, Outcome.NOT_ELIGIBLE), (5, Outcome.NEEDS_REVIEW), (5.5, Outcome.NEEDS_REVIEW)],
)
def test_post_master_sends_a_foreign_five_year_degree_to_the_committee(check, years, outcome):
    foreign = degree(level="master", years=years, country="US")
    assert pm(check, person(foreign, tests=[toeic(750)])).outcome is outcome


@pytest.mark.parametrize(
    ("months", "outcome"),
    [(35, Outcome.NOT_ELIGIBLE), (36, Outcome.NEEDS_REVIEW), (37, Outcome.NEEDS_REVIEW)],
)
def test_post_master_takes_an_m1_with_three_years_of_experience_for_the_school_to_judge(
    check, months, outcome
):
    m1_degree = degree(level="master1", ects=240, years=4)
    result = pm(check, person(m1_degree, tests=[toeic(750)], experience_months=months))
    assert result.outcome is outcome
    assert result.get("experience-judged-by-school").status is Status.REVIEW


def test_post_master_counts_unknown_experience_as_missing_not_as_failed(check):
    m1_degree = degree(level="master1", ects=240)
    profile = person(m1_degree, tests=[toeic(750)])
    del profile["experience_months"]
    result = pm(check, profile)
    assert result.outcome is Outcome.INCOMPLETE
    assert result.get("three-years-experience").status is Status.UNKNOWN
