"""Professional experience: total months, jobs held at once counted once, ongoing jobs to today."""

import datetime as dt

from admissions.applicants.selectors import experience_months
from tests.applicants.factories import ExperienceFactory, ProfileFactory

TODAY = dt.date(2026, 11, 23)


def test_a_full_calendar_year_is_twelve_months(db):
    profile = ProfileFactory()
    ExperienceFactory(
        profile=profile, started_on=dt.date(2024, 1, 1), ended_on=dt.date(2024, 12, 31)
    )
    assert experience_months(profile, today=TODAY) == 12


def test_two_jobs_at_the_same_time_count_once(db):
    profile = ProfileFactory()
    ExperienceFactory(
        profile=profile, started_on=dt.date(2022, 1, 1), ended_on=dt.date(2022, 12, 31)
    )
    ExperienceFactory(
        profile=profile, started_on=dt.date(2022, 7, 1), ended_on=dt.date(2023, 6, 30)
    )
    assert experience_months(profile, today=TODAY) == 18


def test_separate_jobs_add_up(db):
    profile = ProfileFactory()
    ExperienceFactory(
        profile=profile, started_on=dt.date(2020, 1, 1), ended_on=dt.date(2020, 12, 31)
    )
    ExperienceFactory(
        profile=profile, started_on=dt.date(2023, 1, 1), ended_on=dt.date(2024, 12, 31)
    )
    assert experience_months(profile, today=TODAY) == 36


def test_an_ongoing_job_counts_up_to_today(db):
    profile = ProfileFactory()
    ExperienceFactory(profile=profile, started_on=dt.date(2023, 11, 23), ended_on=None)
    assert experience_months(profile, today=TODAY) == 36


def test_no_job_and_no_statement_is_unknown(db):
    assert experience_months(ProfileFactory(), today=TODAY) is None
