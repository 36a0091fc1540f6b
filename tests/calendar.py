"""The calendar our stories happen in: Paris time, deadlines on the last second of the day.

``paris(2027, 1, 15, 10)`` is 15 January 2027 at 10:00 in Paris (aware, Europe/Paris); the
hour, minute and second default to midnight, so a test that means a time of day says it.
``paris_calendar(...)`` builds a programme with dated rounds the way its page prints them;
``add_round`` adds one dated round to an intake; ``IN_ROUND_1`` is a Friday morning in round 1
of the 2027 intake of ``paris_calendar()``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from admissions.catalogue.models import EntryLevel, Intake, Programme, Round
from tests.catalogue.factories import (
    EntryLevelFactory,
    IntakeFactory,
    ProgrammeFactory,
    RoundFactory,
)

PARIS = ZoneInfo("Europe/Paris")


def paris(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=PARIS)


def deadline(year: int, month: int, day: int) -> dt.datetime:
    """Deadlines are the last second of the day, Paris time."""
    return paris(year, month, day, 23, 59, 59)


def last_second(day: dt.date) -> dt.datetime:
    return deadline(day.year, day.month, day.day)


# Round 1 of the 2027 intake is open; classes start on 1 October 2027.
IN_ROUND_1 = paris(2027, 1, 15, 10)


def add_round(
    intake: Intake,
    number: int,
    opens: dt.datetime,
    closes: dt.datetime,
    results: dt.datetime,
    **fields,
) -> Round:
    return Round.objects.create(
        intake=intake,
        number=number,
        opens_at=opens,
        deadline_at=closes,
        results_at=results,
        **fields,
    )


@dataclass
class Calendar:
    programme: Programme
    entry_level: EntryLevel
    intake: Intake
    rounds: list[Round]

    def round(self, number: int) -> Round:
        return next(r for r in self.rounds if r.number == number)


# The Post-Master's five rounds of its programme page (2020), moved to the 2027 intake.
POST_MASTER_ROUNDS = [
    (dt.date(2026, 11, 2), dt.date(2027, 2, 3), dt.date(2027, 3, 3)),
    (dt.date(2027, 2, 10), dt.date(2027, 3, 23), dt.date(2027, 4, 28)),
    (dt.date(2027, 3, 30), dt.date(2027, 5, 25), dt.date(2027, 6, 30)),
    (dt.date(2027, 6, 1), dt.date(2027, 8, 24), dt.date(2027, 9, 2)),
    (dt.date(2027, 8, 26), dt.date(2027, 9, 17), dt.date(2027, 9, 24)),
]


def paris_calendar(
    rounds: list[tuple[dt.date, dt.date, dt.date]] | None = None,
    *,
    academic_year: int = 2027,
    **programme_fields: object,
) -> Calendar:
    """A programme with one entry level and one intake; each round opens at midnight, closes
    on the last second of its deadline day and releases results at 9:00, Paris time."""
    fields = {"slug": "post-master-ai", "reference_prefix": "PMAI", "post_master": True}
    fields.update(programme_fields)
    programme = ProgrammeFactory(
        name_en="Post-Master's in AI", name_fr="Mastère spécialisé IA", **fields
    )
    level = EntryLevelFactory(programme=programme, code="pm", name_en="Post-Master's entry")
    intake = IntakeFactory(
        programme=programme, academic_year=academic_year, starts_on=dt.date(academic_year, 10, 1)
    )
    created = [
        RoundFactory(
            intake=intake,
            number=number,
            opens_at=paris(opens.year, opens.month, opens.day),
            deadline_at=last_second(closes),
            results_at=paris(results.year, results.month, results.day, 9),
        )
        for number, (opens, closes, results) in enumerate(rounds or POST_MASTER_ROUNDS, start=1)
    ]
    return Calendar(programme=programme, entry_level=level, intake=intake, rounds=created)
