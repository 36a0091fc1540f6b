"""Bad input in the profile gets a clear message on the field concerned, and nothing is saved."""

import datetime as dt

import pytest

from admissions.applicants import services, validation
from admissions.applicants.errors import ProfileInvalid
from admissions.core import clock
from tests.applicants.factories import ProfileFactory

TODAY = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def today():
    with clock.frozen(TODAY):
        yield


@pytest.fixture
def profile(db):
    return ProfileFactory()


def errors_of(profile, data):
    with pytest.raises(ProfileInvalid) as caught:
        services.update_profile(profile=profile, data=data)
    return {error.field: error.message for error in caught.value.errors}


def degree(**fields):
    values = {
        "level": "master",
        "field": "computer_science",
        "institution": "Université de Rabat",
        "country": "MA",
        "started_on": dt.date(2019, 9, 1),
        "ended_on": dt.date(2024, 6, 30),
        "completed": True,
    }
    values.update(fields)
    return values


def test_a_birth_date_in_the_future_is_refused(profile):
    errors = errors_of(profile, {"date_of_birth": dt.date(2027, 1, 1)})
    assert errors == {"date_of_birth": str(validation.BIRTH_DATE_IN_FUTURE)}


def test_a_birth_date_under_fifteen_years_ago_is_refused(profile):
    errors = errors_of(profile, {"date_of_birth": dt.date(2012, 1, 1)})
    assert errors == {"date_of_birth": str(validation.BIRTH_DATE_TOO_RECENT)}


def test_a_birth_date_over_a_hundred_years_ago_is_refused(profile):
    errors = errors_of(profile, {"date_of_birth": dt.date(1920, 1, 1)})
    assert errors == {"date_of_birth": str(validation.BIRTH_DATE_TOO_OLD)}


def test_a_fifteenth_birthday_today_is_accepted(profile):
    services.update_profile(profile=profile, data={"date_of_birth": dt.date(2011, 11, 23)})
    profile.refresh_from_db()
    assert profile.date_of_birth == dt.date(2011, 11, 23)


def test_unknown_country_and_language_codes_are_named_in_the_message(profile):
    errors = errors_of(
        profile,
        {"nationalities": ["MA", "XX"], "native_languages": ["zz"], "residence_country": "QQ"},
    )
    assert "XX" in errors["nationalities"]
    assert "zz" in errors["native_languages"]
    assert "QQ" in errors["residence_country"]


def test_a_degree_ending_before_it_starts_is_refused_on_its_end_date(profile):
    errors = errors_of(
        profile,
        {"degrees": [degree(started_on=dt.date(2024, 9, 1), ended_on=dt.date(2020, 6, 30))]},
    )
    assert errors == {"degrees[0].ended_on": str(validation.END_BEFORE_START)}


def test_a_completed_degree_cannot_end_in_the_future(profile):
    errors = errors_of(profile, {"degrees": [degree(ended_on=dt.date(2027, 6, 30))]})
    assert errors == {"degrees[0].ended_on": str(validation.COMPLETED_DEGREE_ENDS_IN_FUTURE)}


def test_a_degree_in_progress_may_end_in_the_future(profile):
    services.update_profile(
        profile=profile, data={"degrees": [degree(completed=False, ended_on=dt.date(2027, 6, 30))]}
    )
    assert profile.degrees.get().ended_on == dt.date(2027, 6, 30)


def test_a_job_ending_in_the_future_is_refused_with_a_hint_to_leave_it_open(profile):
    errors = errors_of(
        profile,
        {
            "experiences": [
                {
                    "employer": "Orange",
                    "role": "Engineer",
                    "started_on": dt.date(2024, 1, 1),
                    "ended_on": dt.date(2027, 1, 1),
                }
            ]
        },
    )
    assert errors == {"experiences[0].ended_on": str(validation.EXPERIENCE_ENDS_IN_FUTURE)}


@pytest.mark.parametrize(
    ("test", "score", "expected"),
    [
        ("TOEIC_LR", 1200, "outside the scale"),
        ("TOEIC_LR", 702, "not a possible score"),
        ("IELTS", 6.3, "not a possible score"),
        ("IELTS", 9.5, "outside the scale"),
        ("TOEFL_PBT", 200, "outside the scale"),
        ("TOEFL_IBT", 121, "outside the scale"),
    ],
)
def test_a_score_outside_the_tests_scale_is_refused_with_the_scale(profile, test, score, expected):
    errors = errors_of(
        profile,
        {"language_tests": [{"test": test, "score": score, "taken_on": dt.date(2026, 1, 10)}]},
    )
    assert list(errors) == ["language_tests[0].score"]
    assert expected in errors["language_tests[0].score"]
    assert "between" in errors["language_tests[0].score"]


def test_a_delf_cannot_certify_c1(profile):
    errors = errors_of(
        profile,
        {
            "language_tests": [
                {"test": "DELF", "level": "C1", "score": 70, "taken_on": dt.date(2025, 1, 1)}
            ]
        },
    )
    assert "A1, A2, B1, B2" in errors["language_tests[0].level"]


def test_a_toeic_total_must_be_the_sum_of_its_sections(profile):
    errors = errors_of(
        profile,
        {
            "language_tests": [
                {
                    "test": "TOEIC_LR",
                    "score": 800,
                    "taken_on": dt.date(2026, 1, 10),
                    "sub_scores": {"listening": 400, "reading": 350},
                }
            ]
        },
    )
    assert "750" in errors["language_tests[0].sub_scores"]


def test_a_section_the_test_does_not_have_is_named(profile):
    errors = errors_of(
        profile,
        {
            "language_tests": [
                {
                    "test": "IELTS",
                    "score": 7,
                    "taken_on": dt.date(2026, 1, 10),
                    "sub_scores": {"grammar": 7},
                }
            ]
        },
    )
    assert "grammar" in errors["language_tests[0].sub_scores"]


def test_a_booked_test_without_result_may_be_dated_in_the_future(profile):
    services.update_profile(
        profile=profile,
        data={"language_tests": [{"test": "TOEFL_IBT", "taken_on": dt.date(2027, 1, 15)}]},
    )
    assert profile.language_tests.get().awaited


def test_a_result_dated_in_the_future_is_refused(profile):
    errors = errors_of(
        profile,
        {"language_tests": [{"test": "TOEFL_IBT", "score": 100, "taken_on": dt.date(2027, 1, 15)}]},
    )
    assert errors == {"language_tests[0].taken_on": str(validation.RESULT_DATED_IN_FUTURE)}


def test_nothing_is_saved_when_one_field_is_wrong(profile):
    before = (profile.given_names, profile.degrees.count())
    errors_of(profile, {"given_names": "Nadia", "degrees": [degree(ended_on=dt.date(2030, 1, 1))]})
    profile.refresh_from_db()
    assert (profile.given_names, profile.degrees.count()) == before


def test_every_wrong_field_is_reported_at_once(profile):
    errors = errors_of(
        profile,
        {
            "date_of_birth": dt.date(2030, 1, 1),
            "phone": "call me",
            "degrees": [degree(), degree(ended_on=dt.date(2030, 1, 1))],
        },
    )
    assert set(errors) == {"date_of_birth", "phone", "degrees[1].ended_on"}
