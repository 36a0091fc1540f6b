"""The demo moves a programme's calendar so that a round is open today. Moving it across a
change of summer time must keep every deadline on the last second of its day and every
results time at 9:00, in the programme's time zone (not "22:59" for round 2)."""

from __future__ import annotations

import datetime as dt

import pytest

from admissions.core import clock
from admissions.demo.services import ensure_a_round_is_open_today
from tests.calendar import paris, paris_calendar

pytestmark = pytest.mark.django_db

# Round 2 closes in April (summer time); the demo runs in January (winter time).
ROUNDS = [
    (dt.date(2027, 2, 1), dt.date(2027, 3, 10), dt.date(2027, 3, 20)),
    (dt.date(2027, 3, 15), dt.date(2027, 4, 10), dt.date(2027, 4, 30)),
]


def test_moved_deadlines_stay_at_the_last_second_of_their_day_in_paris():
    calendar = paris_calendar(ROUNDS)

    moved = ensure_a_round_is_open_today(now=paris(2027, 1, 4, 10))

    assert moved
    for round_ in calendar.intake.rounds.all():
        opens = clock.local(round_.opens_at, "Europe/Paris")
        deadline = clock.local(round_.deadline_at, "Europe/Paris")
        results = clock.local(round_.results_at, "Europe/Paris")
        assert (opens.hour, opens.minute) == (0, 0), round_.number
        assert (deadline.hour, deadline.minute, deadline.second) == (23, 59, 59), round_.number
        assert (results.hour, results.minute) == (9, 0), round_.number
    round_2 = calendar.intake.rounds.get(number=2)
    assert clock.local(round_2.deadline_at, "Europe/Paris").date() == dt.date(2027, 2, 27)
