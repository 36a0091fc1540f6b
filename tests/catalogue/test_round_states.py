"""``Round.state(now)`` around each boundary second, with the round's instants read from YAML
dates in Europe/Paris, including the nights the clocks change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from admissions.catalogue.loader import read_programme_text
from admissions.catalogue.models import Round, RoundState
from admissions.catalogue.services import load_programme_files
from tests.catalogue.factories import RoundFactory, programme_data, programme_yaml, write_programme

UTC = dt.UTC
SECOND = dt.timedelta(seconds=1)


def utc(*parts: int, microsecond: int = 0) -> dt.datetime:
    return dt.datetime(*parts, microsecond=microsecond, tzinfo=UTC)


def round_from_yaml(opens: Any, deadline: Any, results: Any) -> Round:
    """An unsaved round whose instants the loader computed from these YAML values."""
    data = programme_data(pipeline=["eligibility", "committee_review"])
    intake = data["intakes"][0]
    intake["starts_on"] = dt.date(2027, 12, 1)
    intake["panels"] = []
    intake["rounds"] = [{"number": 1, "opens": opens, "deadline": deadline, "results": results}]
    spec = read_programme_text(programme_yaml(data), "states.yaml")
    [item] = spec.data["intakes"][0]["rounds"]
    return Round(
        number=1, opens_at=item["opens"], deadline_at=item["deadline"], results_at=item["results"]
    )


@pytest.fixture
def winter_round() -> Round:
    """Opens 2027-01-04, deadline 2027-02-26, results 2027-03-26 (Paris is UTC+1 throughout)."""
    return round_from_yaml(dt.date(2027, 1, 4), dt.date(2027, 2, 26), dt.date(2027, 3, 26))


def test_dates_become_the_documented_local_times(winter_round):
    assert winter_round.opens_at == utc(2027, 1, 3, 23, 0, 0)  # 00:00:00 in Paris
    assert winter_round.deadline_at == utc(2027, 2, 26, 22, 59, 59)  # 23:59:59 in Paris
    assert winter_round.results_at == utc(2027, 3, 26, 8, 0, 0)  # 09:00:00 in Paris


def test_one_second_before_the_opening_the_round_is_upcoming(winter_round):
    assert winter_round.state(utc(2027, 1, 3, 22, 59, 59)) == RoundState.UPCOMING


def test_at_the_opening_second_the_round_is_open(winter_round):
    assert winter_round.state(utc(2027, 1, 3, 23, 0, 0)) == RoundState.OPEN


def test_a_submission_at_23_59_59_on_the_deadline_day_is_on_time(winter_round):
    assert winter_round.state(utc(2027, 2, 26, 22, 59, 59)) == RoundState.OPEN


def test_a_submission_at_23_59_59_999_on_the_deadline_day_is_on_time(winter_round):
    now = utc(2027, 2, 26, 22, 59, 59, microsecond=999_999)

    assert winter_round.state(now) == RoundState.OPEN


def test_at_midnight_after_the_deadline_the_round_is_closed(winter_round):
    assert winter_round.state(utc(2027, 2, 26, 23, 0, 0)) == RoundState.CLOSED


def test_one_second_before_the_results_they_are_not_out(winter_round):
    assert winter_round.state(utc(2027, 3, 26, 7, 59, 59)) == RoundState.CLOSED


def test_at_the_results_second_they_are_out(winter_round):
    assert winter_round.state(utc(2027, 3, 26, 8, 0, 0)) == RoundState.RESULTS


def test_a_deadline_on_the_night_the_clocks_go_forward():
    # 2027-03-28: Paris goes from 02:00 CET (UTC+1) to 03:00 CEST (UTC+2); the day has 23 hours.
    round_ = round_from_yaml(dt.date(2027, 3, 28), dt.date(2027, 3, 28), dt.date(2027, 3, 29))

    assert round_.opens_at == utc(2027, 3, 27, 23, 0, 0)  # midnight, still winter time
    assert round_.deadline_at == utc(2027, 3, 28, 21, 59, 59)  # 23:59:59, summer time
    assert round_.results_at == utc(2027, 3, 29, 7, 0, 0)  # 09:00 CEST
    assert round_.deadline_at - round_.opens_at == dt.timedelta(hours=23) - SECOND
    assert round_.state(utc(2027, 3, 28, 21, 59, 59)) == RoundState.OPEN
    assert round_.state(utc(2027, 3, 28, 22, 0, 0)) == RoundState.CLOSED
    # 22:30 UTC is 23:30 in winter time: a naive "add one hour" would wrongly accept it.
    assert round_.state(utc(2027, 3, 28, 22, 30, 0)) == RoundState.CLOSED


def test_a_deadline_on_the_night_the_clocks_go_back():
    # 2026-10-25: Paris goes from 03:00 CEST (UTC+2) back to 02:00 CET (UTC+1); 25 hours.
    round_ = round_from_yaml(dt.date(2026, 10, 25), dt.date(2026, 10, 25), dt.date(2026, 10, 26))

    assert round_.opens_at == utc(2026, 10, 24, 22, 0, 0)  # midnight, still summer time
    assert round_.deadline_at == utc(2026, 10, 25, 22, 59, 59)  # 23:59:59, winter time
    assert round_.results_at == utc(2026, 10, 26, 8, 0, 0)  # 09:00 CET
    assert round_.deadline_at - round_.opens_at == dt.timedelta(hours=25) - SECOND
    assert round_.state(utc(2026, 10, 25, 22, 0, 0)) == RoundState.OPEN  # 23:00 in Paris
    assert round_.state(utc(2026, 10, 25, 22, 59, 59)) == RoundState.OPEN
    assert round_.state(utc(2026, 10, 25, 23, 0, 0)) == RoundState.CLOSED


def test_a_time_repeated_when_the_clocks_go_back_is_its_first_occurrence():
    first = round_from_yaml(
        dt.date(2026, 10, 1), dt.datetime(2026, 10, 25, 2, 30), dt.date(2026, 10, 26)
    )
    second = round_from_yaml(
        dt.date(2026, 10, 1), "2026-10-25T02:30:00+01:00", dt.date(2026, 10, 26)
    )

    assert first.deadline_at == utc(2026, 10, 25, 0, 30, 0)  # 02:30 CEST
    assert second.deadline_at == utc(2026, 10, 25, 1, 30, 0)  # 02:30 CET, the offset chooses


@pytest.mark.django_db
def test_a_loaded_round_closes_after_the_whole_deadline_second(tmp_path):
    data = programme_data()
    load_programme_files([write_programme(tmp_path, data)])
    round_ = Round.objects.get(intake__academic_year=2027, number=1)

    assert round_.deadline_at == utc(2027, 2, 26, 22, 59, 59)
    assert round_.is_open(utc(2027, 2, 26, 22, 59, 59, microsecond=500_000))
    assert not round_.is_open(utc(2027, 2, 26, 23, 0, 0))


@pytest.mark.django_db
def test_the_round_factory_schedules_rounds_around_a_moment():
    now = utc(2027, 1, 15, 10, 0, 0)

    assert RoundFactory(open_at=now).state(now) == RoundState.OPEN
    assert RoundFactory(upcoming_at=now).state(now) == RoundState.UPCOMING
    assert RoundFactory(closed_at=now).state(now) == RoundState.CLOSED
    assert RoundFactory(released_at=now).state(now) == RoundState.RESULTS
    assert RoundFactory(closed=True).state() == RoundState.CLOSED
